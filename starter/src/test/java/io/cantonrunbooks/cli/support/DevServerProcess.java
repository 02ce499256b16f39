package io.cantonrunbooks.cli.support;

import io.cantonrunbooks.worker.TemporalConnection;
import io.cantonrunbooks.worker.config.TemporalSettings;
import java.time.Duration;
import java.util.Optional;

/** {@code runbook dev-server} in its own process, on a free port, ready once it says so. */
public final class DevServerProcess extends ProcessHarness {

  private final String address;

  private DevServerProcess(int port) {
    super("dev-server", "dev-server", "--port", Integer.toString(port));
    this.address = "localhost:" + port;
  }

  /** Starts a dev server and waits until it prints its address. */
  public static DevServerProcess start() {
    var server = new DevServerProcess(freePort());
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
