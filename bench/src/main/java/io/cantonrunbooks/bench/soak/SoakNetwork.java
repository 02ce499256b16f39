package io.cantonrunbooks.bench.soak;

import io.cantonrunbooks.testbed.TestbedNetwork;
import io.cantonrunbooks.worker.RunbookWorker;
import io.cantonrunbooks.worker.Runbooks;
import io.cantonrunbooks.worker.TemporalConnection;
import io.cantonrunbooks.worker.config.RunbookConfig;
import io.cantonrunbooks.worker.config.RunbookConfigLoader;
import io.temporal.client.WorkflowClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one lane of the soak runs against: a testbed network of three participants, Temporal's
 * server embedded in this process (real time), and the production worker with the real activities,
 * configured exactly as an operator would point it at the testbed ({@code temporal.address =
 * embedded} plus the network's own worker configuration).
 */
public final class SoakNetwork implements AutoCloseable {

  static final int PARTICIPANTS = 3;
  /** The participants' node names, as the testbed names them. */
  static final List<String> NODES = List.of("participant1", "participant2", "participant3");

  public final TestbedNetwork net;
  final RunbookConfig config;
  final TemporalConnection temporal;
  final RunbookWorker worker;

  private SoakNetwork(TestbedNetwork net, RunbookConfig config, TemporalConnection temporal, RunbookWorker worker) {
    this.net = net;
    this.config = config;
    this.temporal = temporal;
    this.worker = worker;
  }

  /** Starts a network seeded with {@code seed}, keeping ACS files and backups under {@code dir}. */
  static SoakNetwork start(Path dir, long seed) throws Exception {
    return start(dir, TestbedNetwork.builder().seed(seed));
  }

  /** Starts a network of three participants from {@code network} (its timings, seed, ...). */
  public static SoakNetwork start(Path dir, TestbedNetwork.Builder network) throws Exception {
    TestbedNetwork net = network.participants(PARTICIPANTS).build();
    TemporalConnection temporal = null;
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("worker.conf");
      Files.writeString(file, "temporal.address = embedded\n" + net.workerConfig(dir));
      RunbookConfig config = RunbookConfigLoader.load(Optional.of(file), Map.of(), List.of());
      temporal = TemporalConnection.open(config.temporal());
      RunbookWorker worker = RunbookWorker.start(config, temporal.client(), Runbooks.all());
      return new SoakNetwork(net, config, temporal, worker);
    } catch (Exception | Error e) {
      if (temporal != null) {
        temporal.close();
      }
      net.close();
      throw e;
    }
  }

  public WorkflowClient client() {
    return temporal.client();
  }

  public String taskQueue() {
    return config.worker().taskQueue();
  }

  @Override
  public void close() {
    worker.close();
    temporal.close();
    net.close();
  }
}
