package io.cantonrunbooks.cli.support;

import io.cantonrunbooks.cantonapi.testbed.v1.TestbedControlServiceGrpc;
import io.cantonrunbooks.cantonapi.testbed.v1.TestbedControlServiceGrpc.TestbedControlServiceBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code runbook testbed --timings fast} in its own process: a simulated Canton network whose
 * endpoints are read from what it prints, and whose control service (traffic, faults, crashes,
 * alarms, active contracts) this test reaches over gRPC like any client.
 */
public final class TestbedProcess extends ProcessHarness {

  /** A line of the configuration block it prints: {@code nodes.participant1.admin-api = "127.0.0.1:PORT"}. */
  private static final Pattern ENDPOINT =
      Pattern.compile("nodes\\.([A-Za-z0-9_-]+)\\.(admin-api|ledger-api) = \"([^\"]+)\"");

  private final Map<String, String> adminApis = new LinkedHashMap<>();
  private final Map<String, String> ledgerApis = new LinkedHashMap<>();
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  private TestbedProcess(int participants) {
    super("testbed", "testbed", "--participants", Integer.toString(participants), "--timings", "fast");
  }

  /** Starts a network of {@code participants} nodes and waits until it serves them. */
  public static TestbedProcess start(int participants) {
    var testbed = new TestbedProcess(participants);
    try {
      testbed.awaitLine("Testbed running", Duration.ofSeconds(60));
      for (String line : testbed.output().split("\n")) {
        Matcher endpoint = ENDPOINT.matcher(line.strip());
        if (endpoint.matches()) {
          (endpoint.group(2).equals("admin-api") ? testbed.adminApis : testbed.ledgerApis)
              .put(endpoint.group(1), endpoint.group(3));
        }
      }
      if (testbed.adminApis.size() != participants || testbed.ledgerApis.size() != participants) {
        throw new AssertionError("expected the endpoints of " + participants + " nodes in:\n" + testbed.output());
      }
    } catch (RuntimeException | AssertionError e) {
      testbed.close();
      throw e;
    }
    return testbed;
  }

  public List<String> nodeNames() {
    return List.copyOf(adminApis.keySet());
  }

  /**
   * The worker configuration's inventory of {@code nodes}, with the testbed's backups kept under
   * {@code dir}: the block {@code runbook testbed} prints, for a subset of its nodes.
   */
  public String inventory(List<String> nodes, Path dir) {
    StringBuilder hocon = new StringBuilder();
    for (String node : nodes) {
      String prefix = "nodes." + node + ".";
      hocon.append(prefix).append("admin-api = \"").append(adminApis.get(node)).append("\"\n")
          .append(prefix).append("ledger-api = \"").append(ledgerApis.get(node)).append("\"\n")
          .append(prefix).append("backup.provider = testbed\n")
          .append(prefix).append("backup.directory = \"").append(dir.resolve("backups")).append("\"\n");
    }
    return hocon.toString();
  }

  /** The node's testbed control service, with a deadline long enough for a backup or a restore. */
  public TestbedControlServiceBlockingStub control(String node) {
    ManagedChannel channel = channels.computeIfAbsent(node, n -> ManagedChannelBuilder
        .forTarget(adminApis.get(n))
        .usePlaintext()
        .build());
    return TestbedControlServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    super.close();
  }
}
