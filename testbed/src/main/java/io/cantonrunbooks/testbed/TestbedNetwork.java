package io.cantonrunbooks.testbed;

import io.cantonrunbooks.testbed.engine.Alarm;
import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.testbed.engine.SimulatedNetwork;
import io.cantonrunbooks.testbed.engine.Timings;
import io.cantonrunbooks.testbed.grpc.LedgerApiAuth;
import io.cantonrunbooks.testbed.grpc.ParticipantServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A simulated Canton network (one synchronizer, N participants) where every participant serves the
 * Canton Admin API and Ledger API over real gRPC on loopback.
 *
 * <p>Start one with {@code TestbedNetwork.builder().participants(3).build()}; point clients at {@link
 * #adminEndpoint(String)} / {@link #ledgerEndpoint(String)}; read {@link #alarms()} at the end. The
 * engine behind it ({@link #engine()}) can also be driven directly from Java.
 */
public final class TestbedNetwork implements AutoCloseable {
  private final SimulatedNetwork engine;
  private final Map<String, ParticipantServer> servers = new LinkedHashMap<>();
  private final Optional<Path> ledgerApiTokenFile;

  private TestbedNetwork(SimulatedNetwork engine, LedgerApiAuth auth, Optional<Path> ledgerApiTokenFile) {
    this.engine = engine;
    this.ledgerApiTokenFile = ledgerApiTokenFile;
    String sequencerUrl = "http://127.0.0.1:0/sequencer/" + engine.synchronizerAlias();
    try {
      for (Participant p : engine.participants()) {
        servers.put(p.name(), new ParticipantServer(engine, p, sequencerUrl, auth));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Starts configuring a network. */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures a {@link TestbedNetwork}. */
  public static final class Builder {
    private final SimulatedNetwork.Builder engine = SimulatedNetwork.builder();
    private boolean participantsSet;
    private LedgerApiAuth auth = LedgerApiAuth.none();
    private Optional<Path> ledgerApiTokenFile = Optional.empty();

    /** Adds {@code participant1} … {@code participantN} (default 2). */
    public Builder participants(int n) {
      engine.participants(n);
      participantsSet = true;
      return this;
    }

    /** Adds one participant with the given node name. */
    public Builder participant(String name) {
      engine.participant(name);
      participantsSet = true;
      return this;
    }

    /** The synchronizer alias every participant uses (default {@code global}). */
    public Builder synchronizerAlias(String alias) {
      engine.synchronizerAlias(alias);
      return this;
    }

    /** Timings; {@link Timings#fast()} by default, {@link Timings#cantonDefaults()} for rehearsals. */
    public Builder timings(Timings timings) {
      engine.timings(timings);
      return this;
    }

    /** Protocol version 34 or 35 (default). */
    public Builder protocolVersion(int pv) {
      engine.protocolVersion(pv);
      return this;
    }

    /** Seed for identifiers and traffic. */
    public Builder seed(long seed) {
      engine.seed(seed);
      return this;
    }

    /** Nodes that start with the demo DAR uploaded and vetted (default: all). */
    public Builder demoPackageOn(Predicate<String> nodes) {
      engine.demoPackageOn(nodes);
      return this;
    }

    /**
     * Every node's Ledger API accepts these tokens only (default: no auth service, every call is
     * accepted, as on a node without one).
     */
    public Builder ledgerApiAuth(LedgerApiAuth auth) {
      this.auth = auth;
      return this;
    }

    /**
     * Every node's Ledger API requires the token in this file (read now), granting {@code
     * participant_admin}; the worker configuration then reads its token from the same file.
     */
    public Builder ledgerApiAdminToken(Path tokenFile) {
      String token;
      try {
        token = Files.readString(tokenFile).strip();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the Ledger API token file " + tokenFile, e);
      }
      if (token.isEmpty()) {
        throw new IllegalArgumentException("the Ledger API token file " + tokenFile + " is empty");
      }
      this.auth = auth.accepting(token, LedgerApiAuth.Right.PARTICIPANT_ADMIN);
      this.ledgerApiTokenFile = Optional.of(tokenFile.toAbsolutePath());
      return this;
    }

    public TestbedNetwork build() {
      if (!participantsSet) {
        engine.participants(2);
      }
      return new TestbedNetwork(engine.build(), auth, ledgerApiTokenFile);
    }
  }

  /** The simulation engine, for driving the network from Java. */
  public SimulatedNetwork engine() {
    return engine;
  }

  /** The engine's participant with this node name. */
  public Participant participant(String name) {
    return engine.participant(name);
  }

  /** Node names in order. */
  public List<String> nodeNames() {
    return new ArrayList<>(servers.keySet());
  }

  /** The gRPC server of one node (for its fault plan and ports). */
  public ParticipantServer server(String name) {
    ParticipantServer s = servers.get(name);
    if (s == null) {
      throw new IllegalArgumentException("no participant named " + name);
    }
    return s;
  }

  /** {@code 127.0.0.1:PORT} of the node's Admin API (Canton services + testbed control). */
  public String adminEndpoint(String name) {
    return "127.0.0.1:" + server(name).adminPort();
  }

  /** {@code 127.0.0.1:PORT} of the node's Ledger API. */
  public String ledgerEndpoint(String name) {
    return "127.0.0.1:" + server(name).ledgerPort();
  }

  /** Every alarm raised so far. */
  public List<Alarm> alarms() {
    return engine.alarms();
  }

  /**
   * A HOCON snippet for the worker's node inventory, one block per participant, using the testbed
   * backup provider, and the Ledger API token file when the network was given one.
   */
  public String configSnippet() {
    StringBuilder b = new StringBuilder();
    for (String name : servers.keySet()) {
      b.append("nodes.").append(name).append(".admin-api = \"").append(adminEndpoint(name)).append("\"\n");
      b.append("nodes.").append(name).append(".ledger-api = \"").append(ledgerEndpoint(name)).append("\"\n");
      b.append("nodes.").append(name).append(".backup.provider = testbed\n");
      ledgerApiTokenFile.ifPresent(
          f -> b.append("nodes.").append(name).append(".token.file = \"").append(f).append("\"\n"));
    }
    return b.toString();
  }

  /**
   * A complete worker configuration for this network: the node inventory of {@link #configSnippet}
   * plus where the worker keeps ACS files and backups, under {@code workDir}.
   */
  public String workerConfig(java.nio.file.Path workDir) {
    StringBuilder b = new StringBuilder(configSnippet());
    b.append("acs.directory = \"").append(workDir.resolve("acs")).append("\"\n");
    for (String name : servers.keySet()) {
      b.append("nodes.").append(name).append(".backup.directory = \"").append(workDir.resolve("backups")).append("\"\n");
    }
    return b.toString();
  }

  /** A human summary: synchronizer, each node's uid and endpoints, then the config snippet. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    b.append("Testbed network: synchronizer ")
        .append(engine.synchronizerAlias())
        .append(" (")
        .append(engine.synchronizerId())
        .append(", protocol version ")
        .append(engine.protocolVersion())
        .append(")\n");
    for (String name : servers.keySet()) {
      b.append(String.format(
          "  %-14s uid %s%n  %-14s admin-api %s  ledger-api %s%n",
          name, participant(name).uid(), "", adminEndpoint(name), ledgerEndpoint(name)));
    }
    b.append("\nWorker configuration:\n").append(configSnippet());
    return b.toString();
  }

  @Override
  public void close() {
    for (ParticipantServer s : servers.values()) {
      s.close();
    }
    engine.close();
  }
}
