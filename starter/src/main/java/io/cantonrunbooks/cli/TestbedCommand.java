package io.cantonrunbooks.cli;

import io.cantonrunbooks.testbed.TestbedServer;
import io.cantonrunbooks.testbed.engine.Timings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code runbook testbed}: a simulated Canton network on loopback (one synchronizer, N
 * participants with real gRPC endpoints), for trying runbooks without real nodes. Prints the
 * endpoints and a worker configuration snippet, then runs until Ctrl-C or SIGTERM.
 */
@Command(
    name = "testbed",
    mixinStandardHelpOptions = true,
    description =
        "Run a simulated Canton network until Ctrl-C or SIGTERM; prints its endpoints and the"
            + " `nodes` block to paste into the worker configuration.")
final class TestbedCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--participants",
      defaultValue = "3",
      paramLabel = "N",
      description = "How many participants (default: ${DEFAULT-VALUE}).")
  int participants;

  @Option(
      names = "--traffic",
      paramLabel = "PARTY=RATE",
      description = "Allocate PARTY on participant1 and submit RATE transactions per second for it; repeatable.")
  Map<String, Double> traffic = new LinkedHashMap<>();

  /** How the simulated network's timeouts are set. */
  enum TimingsChoice {
    canton,
    fast;

    Timings timings() {
      return this == canton ? Timings.cantonDefaults() : Timings.fast();
    }
  }

  @Option(
      names = "--timings",
      defaultValue = "canton",
      paramLabel = "canton|fast",
      description = {
        "canton (default): Canton's own timeouts, so a replication waits about a minute before the",
        "onboarding flag may be cleared, as on a real network. fast: sub-second timeouts, for tests",
        "and quick rehearsals."
      })
  TimingsChoice timings;

  @Option(
      names = "--ledger-api-token-file",
      paramLabel = "FILE",
      description = {
        "Make every node's Ledger API require the bearer token in FILE, with participant_admin",
        "rights, as a node with an auth service does; calls without it fail UNAUTHENTICATED. The",
        "printed configuration reads the worker's token from the same file. Default: no auth."
      })
  Path ledgerApiTokenFile;

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    if (participants < 1) {
      throw new ParameterException(spec.commandLine(), "--participants: expected 1 or more, got " + participants);
    }
    if (ledgerApiTokenFile != null && !Files.isReadable(ledgerApiTokenFile)) {
      throw new ParameterException(
          spec.commandLine(), "--ledger-api-token-file: expected a readable file holding the token, got " + ledgerApiTokenFile);
    }
    var options = new TestbedServer.Options(
        participants, traffic, timings.timings(), 35, Optional.ofNullable(ledgerApiTokenFile));
    PrintWriter out = spec.commandLine().getOut();
    // The JVM exits when the hook returns, so the hook waits until the network is closed.
    Thread hook = new Thread(() -> {
      stop.countDown();
      try {
        closed.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "testbed-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (TestbedServer server = TestbedServer.start(options)) {
      out.println(server.startupText());
      out.println("Testbed running. Stop with Ctrl-C.");
      out.flush();
      stop.await();
    } finally {
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already exiting because of Ctrl-C: the hook has run, nothing to remove.
      }
    }
    out.println("Testbed stopped");
    out.flush();
    return RunbookCli.OK;
  }

  /** Stops a running testbed as Ctrl-C would; for an embedding caller such as a test. */
  void stop() {
    stop.countDown();
  }
}
