package io.cantonrunbooks.cli;

import io.cantonrunbooks.worker.RunbookModule;
import io.cantonrunbooks.worker.RunbookWorker;
import io.cantonrunbooks.worker.Runbooks;
import io.cantonrunbooks.worker.TemporalConnection;
import io.cantonrunbooks.worker.config.RunbookConfig;
import io.cantonrunbooks.worker.metrics.MetricsEndpointException;
import io.cantonrunbooks.worker.metrics.WorkerMetrics;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code runbook worker}: connects to Temporal, registers every enabled runbook's workflows and
 * activities, and polls until SIGTERM or Ctrl-C, then shuts down gracefully.
 *
 * <p>The configuration is validated before anything connects; an invalid one exits 2.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Run a worker: register every enabled runbook and poll Temporal until Ctrl-C or SIGTERM.",
      "On SIGTERM it stops polling and lets running tasks finish (worker.shutdown-timeout).",
      "With metrics.port set it serves Prometheus metrics on http://HOST:PORT/metrics (docs/metrics.md)."
    })
final class WorkerCommand implements Callable<Integer> {

  /** The line printed once the worker polls; tests and scripts wait for it. */
  static final String STARTED = "worker started";

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  /** The metrics endpoint, when {@code metrics.port} is set; a port in use is the operator's to fix. */
  private static WorkerMetrics startMetrics(RunbookConfig config) {
    try {
      return WorkerMetrics.start(config.metrics());
    } catch (MetricsEndpointException e) {
      throw CommandFailure.usage(e.getMessage());
    }
  }

  @Override
  public Integer call() throws Exception {
    RunbookConfig config = connection.load();
    if (config.temporal().embedded()) {
      spec.commandLine()
          .getErr()
          .println(
              "warning: temporal.address = embedded: this worker runs its own in-process server,"
                  + " which no CLI or other process can reach; use `runbook dev-server` instead");
    }
    WorkerMetrics metrics = startMetrics(config);
    TemporalConnection temporal;
    RunbookWorker worker;
    try {
      temporal = TemporalConnection.open(config.temporal(), metrics.scope());
    } catch (RuntimeException e) {
      metrics.close();
      throw e;
    }
    try {
      worker = RunbookWorker.start(config, temporal.client(), Runbooks.all());
    } catch (RuntimeException e) {
      temporal.close();
      metrics.close();
      throw e;
    }
    PrintWriter out = spec.commandLine().getOut();
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // The JVM exits when this hook returns, so the graceful part happens here.
                  out.println(
                      "stopping: letting running tasks finish (up to "
                          + config.worker().shutdownTimeout().toSeconds()
                          + "s)");
                  out.flush();
                  worker.close();
                  temporal.close();
                  metrics.close();
                  out.println("worker stopped");
                  out.flush();
                  stopped.countDown();
                },
                "worker-shutdown"));
    out.println(
        STARTED
            + " on "
            + temporal.describe()
            + (worker.taskQueues().isEmpty()
                ? ", polling nothing"
                : ", task queues " + String.join(", ", worker.taskQueues().keySet()))
            + ", runbooks: "
            + (worker.runbooks().isEmpty()
                ? "none yet"
                : String.join(", ", worker.runbooks().stream().map(RunbookModule::name).toList()))
            + metrics.url().map(url -> ", metrics on " + url).orElse(""));
    out.flush();
    stopped.await();
    return RunbookCli.OK;
  }
}
