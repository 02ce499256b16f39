package io.cantonrunbooks.cli.support;

import io.cantonrunbooks.worker.TemporalConnection;
import io.cantonrunbooks.worker.config.TemporalSettings;
import java.time.Duration;
import java.util.Optional;

/** {@code runbook dev-server} in its own process, on a free port, ready once it says so. */
public final class DevServerProcess extends ProcessHarness {

  private final String address;

  private DevServerProcess(int port, String... extraArgs) {
    super("dev-server", args(port, extraArgs));
    this.address = "localhost:" + port;
  }

  private static String[] args(int port, String... extraArgs) {
    var args = new java.util.ArrayList<>(java.util.List.of("dev-server", "--port", Integer.toString(port)));
    args.addAll(java.util.List.of(extraArgs));
    return args.toArray(String[]::new);
  }

  /** Starts a plaintext dev server and waits until it prints its address. */
  public static DevServerProcess start() {
    return start(new String[0]);
  }

  /** Starts a dev server serving mutual TLS: the server's certificate and key, and the CA of its clients. */
  public static DevServerProcess startMutualTls(java.nio.file.Path cert, java.nio.file.Path key, java.nio.file.Path clientCa) {
    return start("--tls-cert", cert.toString(), "--tls-key", key.toString(), "--tls-client-ca", clientCa.toString());
  }

  private static DevServerProcess start(String... extraArgs) {
    var server = new DevServerProcess(freePort(), extraArgs);
    try {
      String line = server.awaitLine("Temporal dev server listening on ", Duration.ofSeconds(60));
      if (!line.endsWith(server.address)) {
        throw new AssertionError("dev-server announced " + line + ", expected " + server.address);
      }
    } catch (RuntimeException | AssertionError e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** {@code localhost:PORT}, as workers and CLIs are given it. */
  public String address() {
    return address;
  }

  /** A connection from this test process, the "third process" of the three. */
  public TemporalConnection connect() {
    return TemporalConnection.open(
        new TemporalSettings(address, "default", Optional.empty(), Optional.empty()));
  }
}
