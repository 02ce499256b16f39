package io.cantonrunbooks.activities.canton;

import io.cantonrunbooks.activities.nodes.NodeConfig;
import io.cantonrunbooks.activities.nodes.TokenSource;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A client of one Canton participant: its Admin API and the few Ledger API calls we need.
 *
 * <p>Commands are grouped like the Canton console's ({@code parties()}, {@code topology()},
 * {@code pruning()}, {@code synchronizers()}, {@code packages()}, {@code ledger()}, {@code
 * health()}, {@code repair()}, {@code commitments()}), each method maps Canton's reply to a small
 * record of ours, and every failure comes out as a {@link CantonCallException} that names the node
 * and the call and says whether a retry can help. Every call has a deadline ({@link
 * ClientOptions}). The Ledger API calls carry the node's bearer token, if it has one.
 *
 * <p>Thread-safe. Close it to release its two channels.
 *
 * <pre>{@code
 * try (var p2 = ParticipantClient.connect(inventory.get("participant2"))) {
 *   long end = p2.ledger().ledgerEnd();
 *   boolean was = p2.synchronizers().setManualConnect("global", true);
 *   p2.synchronizers().disconnectAll();
 *   p2.parties().importPartyAcs(PartyAcsImport.of(syncId, party), file, sha256, heartbeat);
 * }
 * }</pre>
 */
public final class ParticipantClient implements AutoCloseable {

  private final NodeCalls calls;
  private final Parties parties;
  private final Topology topology;
  private final Pruning pruning;
  private final Synchronizers synchronizers;
  private final Packages packages;
  private final Ledger ledger;
  private final Health health;
  private final Repair repair;
  private final Commitments commitments;

  private ParticipantClient(NodeCalls calls) {
    this.calls = calls;
    var transfers = new AcsTransfers(calls);
    this.health = new Health(calls);
    this.parties = new Parties(calls, transfers, health);
    this.topology = new Topology(calls);
    this.pruning = new Pruning(calls);
    this.synchronizers = new Synchronizers(calls);
    this.packages = new Packages(calls);
    this.ledger = new Ledger(calls);
    this.repair = new Repair(calls, transfers);
    this.commitments = new Commitments(calls);
  }

  /** Opens channels to the node's Admin and Ledger APIs as its inventory entry describes. */
  public static ParticipantClient connect(NodeConfig node) {
    return connect(node, ClientOptions.defaults());
  }

  public static ParticipantClient connect(NodeConfig node, ClientOptions options) {
    ManagedChannel admin = Channels.open(node.adminApi(), node.tls(), options);
    ManagedChannel ledger;
    try {
      ledger = Channels.open(node.ledgerApi(), node.tls(), options);
    } catch (RuntimeException e) {
      admin.shutdownNow();
      throw e;
    }
    return forChannels(node.name(), admin, ledger, node.token(), options);
  }

  /**
   * Wraps channels built elsewhere (in-process servers in tests, a shared channel pool). The
   * client owns them from now on and shuts them down on {@link #close}.
   */
  public static ParticipantClient forChannels(
      String nodeName,
      ManagedChannel admin,
      ManagedChannel ledger,
      Optional<TokenSource> token,
      ClientOptions options) {
    Objects.requireNonNull(nodeName, "nodeName");
    Optional<CallCredentials> credentials = token.map(BearerToken::new);
    return new ParticipantClient(new NodeCalls(nodeName, options, admin, ledger, credentials));
  }

  /**
   * The channel to the node's Admin API, for services this client does not wrap (the testbed's
   * control service behind the {@code testbed} backup provider).
   */
  public io.grpc.Channel adminChannel() {
    return calls.admin;
  }

  /** The node's name in the inventory. */
  public String node() {
    return calls.node;
  }

  public Parties parties() {
    return parties;
  }

  public Topology topology() {
    return topology;
  }

  public Pruning pruning() {
    return pruning;
  }

  public Synchronizers synchronizers() {
    return synchronizers;
  }

  public Packages packages() {
    return packages;
  }

  public Ledger ledger() {
    return ledger;
  }

  public Health health() {
    return health;
  }

  public Repair repair() {
    return repair;
  }

  public Commitments commitments() {
    return commitments;
  }

  @Override
  public void close() {
    calls.admin.shutdown();
    calls.ledger.shutdown();
    try {
      if (!calls.admin.awaitTermination(5, TimeUnit.SECONDS)) {
        calls.admin.shutdownNow();
      }
      if (!calls.ledger.awaitTermination(5, TimeUnit.SECONDS)) {
        calls.ledger.shutdownNow();
      }
    } catch (InterruptedException e) {
      calls.admin.shutdownNow();
      calls.ledger.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
