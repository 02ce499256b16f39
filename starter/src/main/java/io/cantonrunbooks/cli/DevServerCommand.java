package io.cantonrunbooks.cli;

import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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
 * everything in memory and has no Web UI; it accepts any namespace name. By default it speaks
 * plaintext; with {@code --tls-cert} and {@code --tls-key} it serves TLS, and with {@code
 * --tls-client-ca} mutual TLS (see {@link DevServer}). It stops on Ctrl-C or SIGTERM.
 */
@Command(
    name = "dev-server",
    mixinStandardHelpOptions = true,
    description = {
      "Run a local Temporal server (the Java SDK's test server) until Ctrl-C or SIGTERM.",
      "Real time, in memory only: no persistence, no Web UI. Any namespace is accepted.",
      "Plaintext unless --tls-cert and --tls-key are given; --tls-client-ca then requires client certificates.",
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

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "PEM certificate chain to serve TLS with (needs --tls-key).")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "PEM PKCS#8 private key of --tls-cert.")
  Path tlsKey;

  @Option(
      names = "--tls-client-ca",
      paramLabel = "FILE",
      description = "PEM CA certificates: require every client to present a certificate they issued (mutual TLS).")
  Path tlsClientCa;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 1 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port: expected 1 to 65535, got " + port);
    }
    Optional<DevServer.Tls> tls = tls();
    DevServer server;
    try {
      server = DevServer.start(port, tls);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(),
          "--tls-cert/--tls-key: cannot serve TLS with " + tlsCert + " and " + tlsKey + " (" + e.getMessage()
              + "); expected a PEM certificate chain and its PEM PKCS#8 private key");
    } catch (Exception e) {
      if (hasCause(e, BindException.class)) {
        throw new ParameterException(
            spec.commandLine(), "cannot listen on port " + port + ": it is in use; choose another with --port");
      }
      throw new IllegalStateException("cannot start the dev server: " + e.getMessage(), e);
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
    tls.ifPresent(t -> out.println("TLS with certificate " + t.cert()
        + t.clientCa().map(ca -> "; clients must present a certificate issued by " + ca).orElse("; no client certificates asked")));
    out.println("In memory only: no persistence, no Web UI. Stop with Ctrl-C.");
    out.flush();
    stopped.await();
    return RunbookCli.OK;
  }

  /** The TLS flags as one setting, each problem named by its flag. */
  private Optional<DevServer.Tls> tls() {
    if (tlsCert == null && tlsKey == null) {
      if (tlsClientCa != null) {
        throw new ParameterException(spec.commandLine(),
            "--tls-client-ca: expected --tls-cert and --tls-key as well (client certificates are asked for over TLS only)");
      }
      return Optional.empty();
    }
    if (tlsCert == null || tlsKey == null) {
      String missing = tlsCert == null ? "--tls-cert" : "--tls-key";
      String given = tlsCert == null ? "--tls-key" : "--tls-cert";
      throw new ParameterException(spec.commandLine(), missing + ": expected a file when " + given + " is given, got nothing");
    }
    readable("--tls-cert", tlsCert);
    readable("--tls-key", tlsKey);
    if (tlsClientCa != null) {
      readable("--tls-client-ca", tlsClientCa);
    }
    return Optional.of(new DevServer.Tls(tlsCert, tlsKey, Optional.ofNullable(tlsClientCa)));
  }

  private void readable(String flag, Path file) {
    String why = !Files.exists(file) ? "no such file"
        : Files.isDirectory(file) ? "a directory"
        : !Files.isReadable(file) ? "not readable" : null;
    if (why != null) {
      throw new ParameterException(spec.commandLine(), flag + ": expected a readable file, got \"" + file + "\" (" + why + ")");
    }
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
