package io.cantonrunbooks.worker.e2e;

import io.cantonrunbooks.testbed.TestbedNetwork;
import io.cantonrunbooks.testbed.engine.Contract;
import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.worker.RunbookWorker;
import io.cantonrunbooks.worker.Runbooks;
import io.cantonrunbooks.worker.config.RunbookConfig;
import io.cantonrunbooks.worker.config.RunbookConfigLoader;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A testbed network with a real worker in front of it and Temporal's test server in real time:
 * everything a runbook meets in production except the Canton nodes themselves, which the testbed
 * serves over real gRPC on loopback.
 */
final class TestbedFixture implements AutoCloseable {

  final TestbedNetwork net;
  final TestWorkflowEnvironment temporal;
  final RunbookConfig config;
  final RunbookWorker worker;

  TestbedFixture(int participants, Path dir) throws Exception {
    this(TestbedNetwork.builder().participants(participants), dir);
  }

  TestbedFixture(TestbedNetwork.Builder network, Path dir) throws Exception {
    net = network.build();
    StringBuilder hocon = new StringBuilder(net.configSnippet());
    hocon.append("acs.directory = \"").append(dir.resolve("acs")).append("\"\n");
    for (String node : net.nodeNames()) {
      hocon.append("nodes.").append(node).append(".backup.directory = \"").append(dir.resolve("backups")).append("\"\n");
    }
    Path file = dir.resolve("worker.conf");
    Files.writeString(file, hocon);
    config = RunbookConfigLoader.load(Optional.of(file), Map.of(), List.of());
    temporal = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
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

  @Override
  public void close() {
    worker.close();
    temporal.close();
    net.close();
  }
}
