package io.cantonrunbooks.cli;

import io.temporal.testserver.TestServer;
import java.io.PrintWriter;
import java.net.BindException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code runbook dev-server}: the Temporal Java SDK's test server as a long-running local process
 * that separate workers and CLIs reach over TCP.
 *
 * <p>Time runs at real pace (no time skipping), because humans approve gates against it. It keeps
 * everything in memory, has no Web UI and no TLS; it accepts any namespace name. It stops on
 * Ctrl-C or SIGTERM.
 */
@Command(
    name = "dev-server",
    mixinStandardHelpOptions = true,
    description = {
      "Run a local Temporal server (the Java SDK's test server) until Ctrl-C or SIGTERM.",
      "Real time, in memory only: no persistence, no Web UI, no TLS. Any namespace is accepted.",
      "Prints its address on stdout: 'Temporal dev server listening on localhost:PORT'."
    })
final class DevServerCommand implements Callable<Integer> {

  /** The line printed once the server accepts connections; tests and scripts wait for it. */
  static final String LISTENING = "Temporal dev server listening on ";

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "7233",
      description = "TCP port to listen on, on all interfaces (default: ${DEFAULT-VALUE}).")
  int port;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 1 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port: expected 1 to 65535, got " + port);
    }
    TestServer.PortBoundTestServer server;
    try {
      server = TestServer.createPortBoundServer(port, true);
    } catch (RuntimeException e) {
      if (hasCause(e, BindException.class)) {
        throw new ParameterException(
            spec.commandLine(), "cannot listen on port " + port + ": it is in use; choose another with --port");
      }
      throw e;
    }
    PrintWriter out = spec.commandLine().getOut();
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  out.println("Temporal dev server stopped");
                  out.flush();
                  stopped.countDown();
                },
                "dev-server-shutdown"));
    out.println(LISTENING + "localhost:" + port);
    out.println("In memory only: no persistence, no Web UI, no TLS. Stop with Ctrl-C.");
    out.flush();
    stopped.await();
    return RunbookCli.OK;
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
