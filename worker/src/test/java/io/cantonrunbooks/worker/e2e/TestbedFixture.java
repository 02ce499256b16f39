package io.cantonrunbooks.worker.e2e;

import io.cantonrunbooks.testbed.TestbedNetwork;
import io.cantonrunbooks.testbed.engine.Contract;
import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.worker.RunbookWorker;
import io.cantonrunbooks.worker.TemporalConnection;
import io.cantonrunbooks.worker.history.HistoryScan;
import io.cantonrunbooks.worker.Runbooks;
import io.cantonrunbooks.worker.config.RunbookConfig;
import io.cantonrunbooks.worker.config.RunbookConfigLoader;
import io.cantonrunbooks.worker.metrics.WorkerMetrics;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A testbed network with a real worker in front of it and Temporal's test server in real time:
 * everything a runbook meets in production except the Canton nodes themselves, which the testbed
 * serves over real gRPC on loopback.
 *
 * <p>Every node's Ledger API requires a bearer token, which the worker reads from a file as in
 * production: a Ledger API call without it fails, and the history scan ({@link
 * #assertHistoryClean}) has a real secret to look for.
 */
final class TestbedFixture implements AutoCloseable {

  final TestbedNetwork net;
  final TestWorkflowEnvironment temporal;
  final RunbookConfig config;
  final RunbookWorker worker;
  final WorkerMetrics metrics;
  /** The bearer token every node is configured with; it must never reach a history. */
  final String token = "eyJsecret." + UUID.randomUUID();
  final Path acsDirectory;

  TestbedFixture(int participants, Path dir) throws Exception {
    this(TestbedNetwork.builder().participants(participants), dir, "");
  }

  TestbedFixture(TestbedNetwork.Builder network, Path dir) throws Exception {
    this(network, dir, "");
  }

  TestbedFixture(int participants, Path dir, String extraHocon) throws Exception {
    this(TestbedNetwork.builder().participants(participants), dir, extraHocon);
  }

  /**
   * Starts a network and a worker whose configuration is the testbed's snippet plus {@code
   * extraHocon} (for instance {@code temporal.encryption}).
   */
  TestbedFixture(TestbedNetwork.Builder network, Path dir, String extraHocon) throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("ledger-api.jwt"), token + "\n");
    net = network.ledgerApiAdminToken(tokenFile).build();
    acsDirectory = dir.resolve("acs");
    StringBuilder hocon = new StringBuilder(net.workerConfig(dir));
    hocon.append(extraHocon).append('\n');
    Path file = dir.resolve("worker.conf");
    Files.writeString(file, hocon);
    config = RunbookConfigLoader.load(Optional.of(file), Map.of(), List.of());
    // With metrics.port configured, the endpoint and the scope are the production ones.
    metrics = WorkerMetrics.start(config.metrics());
    // The client converts payloads exactly as the production connection would, codec included.
    temporal = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setUseTimeskipping(false)
        .setMetricsScope(metrics.scope())
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
            .setDataConverter(TemporalConnection.dataConverter(config.temporal()))
            .build())
        .build());
    worker = RunbookWorker.start(config, temporal.getWorkflowClient(), Runbooks.all());
  }

  WorkflowClient client() {
    return temporal.getWorkflowClient();
  }

  Participant participant(String name) {
    return net.participant(name);
  }

  Contract create(String node, String party, String argument) {
    return net.engine().createContract(participant(node), party, List.of(), argument);
  }

  /** The ids of the party's active contracts on a node, failing on a duplicate. */
  Set<String> activeContractIds(String node, String party) {
    List<String> ids = participant(node).activeContracts(party).stream().map(Contract::contractId).toList();
    Set<String> unique = new HashSet<>(ids);
    if (unique.size() != ids.size()) {
      throw new AssertionError(node + " holds a contract of " + party + " twice: " + ids);
    }
    return unique;
  }

  /**
   * Waits until both nodes hold the same contracts for the party (traffic stopped, in-flight
   * transactions delivered), then returns the target's.
   */
  Set<String> settledContracts(String source, String target, String party) throws InterruptedException {
    Set<String> onSource = Set.of();
    Set<String> onTarget = Set.of();
    for (int i = 0; i < 100; i++) {
      onSource = activeContractIds(source, party);
      onTarget = activeContractIds(target, party);
      if (onSource.equals(onTarget)) {
        return onTarget;
      }
      Thread.sleep(50);
    }
    Set<String> missing = new HashSet<>(onSource);
    missing.removeAll(onTarget);
    Set<String> extra = new HashSet<>(onTarget);
    extra.removeAll(onSource);
    throw new AssertionError("the correctness property fails for " + party + " between " + source + " and " + target
        + ": target misses " + missing + ", target has extra " + extra);
  }

  /**
   * What the histories of this network must never hold: the token, PEM armour, the created-event
   * blob of every contract the given parties have on any node, and slices of every ACS snapshot
   * file the run wrote (decompressed, as a record would be copied).
   */
  HistoryScan.Forbidden forbidden(String... parties) throws IOException {
    var forbidden = new HistoryScan.Forbidden().text("the Ledger API token", token);
    for (String node : net.nodeNames()) {
      for (String party : parties) {
        for (Contract c : participant(node).activeContracts(party)) {
          forbidden.bytes("the created-event blob of " + c.contractId() + " on " + node, c.createdEventBlob());
        }
      }
    }
    if (Files.isDirectory(acsDirectory)) {
      try (Stream<Path> files = Files.walk(acsDirectory)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          byte[] records = gunzip(f);
          for (int at = 0; at + 48 <= records.length; at += 256) {
            forbidden.bytes("bytes " + at + ".." + (at + 48) + " of ACS snapshot " + f.getFileName(),
                java.util.Arrays.copyOfRange(records, at, at + 48));
          }
        }
      }
    }
    return forbidden;
  }

  /** The codecs the client uses, for decoding payloads found in a raw history. */
  List<PayloadCodec> codecs() {
    return config.temporal().encryption()
        .<List<PayloadCodec>>map(e -> List.of(io.cantonrunbooks.worker.codec.AesGcmPayloadCodec.fromSettings(e)))
        .orElse(List.of());
  }

  /** Scans the whole history of a workflow and fails on anything {@link #forbidden} names. */
  HistoryScan assertHistoryClean(String workflowId, String... parties) throws IOException {
    return HistoryScan.of(client().fetchHistory(workflowId).getHistory(), codecs()).assertClean(forbidden(parties));
  }

  private static byte[] gunzip(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    } catch (java.util.zip.ZipException notGzip) {
      return Files.readAllBytes(file);
    }
  }

  @Override
  public void close() {
    worker.close();
    temporal.close();
    metrics.close();
    net.close();
  }
}
