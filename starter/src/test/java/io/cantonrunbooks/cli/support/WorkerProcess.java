package io.cantonrunbooks.cli.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code runbook worker} in its own process, ready once it polls. */
public final class WorkerProcess extends ProcessHarness {

  private WorkerProcess(String... args) {
    super("worker", args);
  }

  /**
   * Starts a worker against {@code address} and waits until it reports that it started.
   *
   * @param extraArgs more arguments, for example {@code --config FILE}
   */
  public static WorkerProcess start(String address, String... extraArgs) {
    var args = new ArrayList<>(List.of("worker", "--address", address));
    args.addAll(List.of(extraArgs));
    var worker = new WorkerProcess(args.toArray(String[]::new));
    try {
      worker.awaitLine("worker started", Duration.ofSeconds(60));
    } catch (RuntimeException | AssertionError e) {
      worker.close();
      throw e;
    }
    return worker;
  }
}
