package io.cantonrunbooks.cli;

import io.grpc.Grpc;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The process behind {@code runbook dev-server}: Temporal's test server, listening on a TCP port
 * either itself (plaintext) or behind a TLS front.
 *
 * <p>With TLS the test server runs in-process, unreachable from outside, and a gRPC server with the
 * given certificate listens on the port and forwards every call to it unchanged ({@link
 * ForwardingProxy}). With a client CA the front requires every client to present a certificate
 * issued by it (mutual TLS), which is what lets the worker's and CLI's {@code temporal.tls}
 * settings be tested against a server on one machine.
 */
final class DevServer implements AutoCloseable {

  /** Temporal's client accepts history pages and payloads well above gRPC's default 4 MiB. */
  private static final int MAX_MESSAGE_BYTES = 128 * 1024 * 1024;

  /**
   * TLS settings of the front.
   *
   * @param cert PEM certificate chain the server presents
   * @param key PEM PKCS#8 private key of {@code cert}
   * @param clientCa PEM CA certificates that issue client certificates; present means mutual TLS
   */
  record Tls(Path cert, Path key, Optional<Path> clientCa) {}

  private final AutoCloseable temporal;
  private final Optional<Server> front;

  private DevServer(AutoCloseable temporal, Optional<Server> front) {
    this.temporal = temporal;
    this.front = front;
  }

  /**
   * Starts a server on {@code port}.
   *
   * @throws IOException when the port cannot be bound (a {@link java.net.BindException} cause)
   * @throws IllegalArgumentException when the TLS files cannot be used (not PEM, key not PKCS#8, a
   *     key that does not match the certificate)
   */
  static DevServer start(int port, Optional<Tls> tls) throws IOException {
    if (tls.isEmpty()) {
      try {
        return new DevServer(TestServer.createPortBoundServer(port, true), Optional.empty());
      } catch (RuntimeException e) {
        if (e.getCause() instanceof IOException io) {
          throw io;
        }
        throw e;
      }
    }
    ServerBuilder<?> builder = frontBuilder(port, tls.get());
    TestServer.InProcessTestServer temporal = TestServer.createServer(true);
    try {
      Server front = builder
          .fallbackHandlerRegistry(new ForwardingProxy(temporal.getChannel()))
          .maxInboundMessageSize(MAX_MESSAGE_BYTES)
          .build()
          .start();
      return new DevServer(temporal, Optional.of(front));
    } catch (IOException | RuntimeException e) {
      temporal.close();
      throw e;
    }
  }

  /** A server builder with the TLS material loaded; unusable files fail here, before anything starts. */
  private static ServerBuilder<?> frontBuilder(int port, Tls tls) {
    ServerCredentials credentials;
    try {
      var builder = TlsServerCredentials.newBuilder().keyManager(tls.cert().toFile(), tls.key().toFile());
      if (tls.clientCa().isPresent()) {
        builder.trustManager(tls.clientCa().get().toFile()).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
      }
      credentials = builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      // The transport parses the PEM files here and refuses what it cannot use.
      return Grpc.newServerBuilderForPort(port, credentials);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Whether clients reach this server over TLS. */
  boolean tls() {
    return front.isPresent();
  }

  @Override
  public void close() {
    front.ifPresent(server -> {
      server.shutdown();
      try {
        if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
          server.shutdownNow();
        }
      } catch (InterruptedException e) {
        server.shutdownNow();
        Thread.currentThread().interrupt();
      }
    });
    try {
      temporal.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the test server", e);
    }
  }
}
