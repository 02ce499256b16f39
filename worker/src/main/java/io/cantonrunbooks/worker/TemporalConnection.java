package io.cantonrunbooks.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.uber.m3.tally.NoopScope;
import com.uber.m3.tally.Scope;
import io.cantonrunbooks.worker.codec.AesGcmPayloadCodec;
import io.cantonrunbooks.worker.config.TemporalSettings;
import io.cantonrunbooks.worker.config.TemporalTls;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;

/**
 * A connection to Temporal (service stubs plus a {@link WorkflowClient} for the namespace), built
 * from {@link TemporalSettings}; the one place where the worker and the CLI turn addresses, TLS
 * material and API keys into a gRPC channel.
 *
 * <p>With {@code temporal.address = embedded} it starts the SDK's test server inside this process
 * (real time, no time skipping) and closes it with the connection. Otherwise it connects to a
 * frontend: mutual TLS when a client certificate is configured, server-only TLS when only a CA is,
 * and bearer-token authentication over TLS when an API key is (Temporal Cloud).
 *
 * <p>{@link #open} checks that the server answers before returning, so that a wrong address fails
 * with one sentence instead of a worker that polls nothing and logs errors forever.
 */
public final class TemporalConnection implements AutoCloseable {

  /** How long {@link #open(TemporalSettings)} waits for the server to answer. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final TemporalSettings settings;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final Optional<Closeable> embeddedServer;

  private TemporalConnection(
      TemporalSettings settings, WorkflowServiceStubs stubs, Optional<Closeable> embeddedServer) {
    this.settings = settings;
    this.stubs = stubs;
    this.embeddedServer = embeddedServer;
    this.client =
        WorkflowClient.newInstance(
            stubs,
            WorkflowClientOptions.newBuilder()
                .setNamespace(settings.namespace())
                .setDataConverter(dataConverter(settings))
                .build());
  }

  /**
   * The data converter for these settings: Temporal's default JSON converter, wrapped in the
   * AES-GCM codec when {@code temporal.encryption} is configured. Public so that code building its
   * own client (tests, embedded environments) converts payloads exactly as the worker and CLI do.
   *
   * <p>Durations are written as ISO-8601 strings ({@code "PT2M"}) rather than Jackson's default
   * seconds number ({@code 120.000000000}), so that inputs echoed in a status or report read as the
   * operator wrote them. Reading accepts both forms, so histories written before still decode.
   */
  public static DataConverter dataConverter(TemporalSettings settings) {
    ObjectMapper mapper = JacksonJsonPayloadConverter.newDefaultObjectMapper()
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    DataConverter json = DefaultDataConverter.newDefaultInstance()
        .withPayloadConverterOverrides(new JacksonJsonPayloadConverter(mapper));
    return settings
        .encryption()
        .<DataConverter>map(e -> new CodecDataConverter(json, List.of(AesGcmPayloadCodec.fromSettings(e))))
        .orElse(json);
  }

  /** Opens a connection with the process's environment and the default timeout. */
  public static TemporalConnection open(TemporalSettings settings) {
    return open(settings, new NoopScope());
  }

  /**
   * Opens a connection whose SDK metrics, and those of any worker built on it, go to {@code
   * metricsScope} (see {@code WorkerMetrics}).
   */
  public static TemporalConnection open(TemporalSettings settings, Scope metricsScope) {
    return open(settings, System.getenv(), DEFAULT_CONNECT_TIMEOUT, metricsScope);
  }

  /** Opens a connection without metrics. */
  public static TemporalConnection open(
      TemporalSettings settings, Map<String, String> env, Duration timeout) {
    return open(settings, env, timeout, new NoopScope());
  }

  /**
   * Opens a connection and waits until the server answers.
   *
   * @param env where an API key named by {@code temporal.api-key-env} is read
   * @param metricsScope where the SDK reports; the worker factory takes it from the stubs
   * @throws TemporalUnavailableException when the server does not answer within {@code timeout}
   */
  public static TemporalConnection open(
      TemporalSettings settings, Map<String, String> env, Duration timeout, Scope metricsScope) {
    if (settings.embedded()) {
      TestServer.InProcessTestServer server = TestServer.createServer(true);
      var options = WorkflowServiceStubsOptions.newBuilder()
          .setChannel(server.getChannel())
          .setMetricsScope(metricsScope)
          .build();
      return new TemporalConnection(
          settings, WorkflowServiceStubs.newServiceStubs(options), Optional.of(server));
    }
    WorkflowServiceStubsOptions options =
        WorkflowServiceStubsOptions.newBuilder(stubsOptions(settings, env)).setMetricsScope(metricsScope).build();
    try {
      return new TemporalConnection(
          settings, WorkflowServiceStubs.newConnectedServiceStubs(options, timeout), Optional.empty());
    } catch (StatusRuntimeException e) {
      throw unavailable(settings, e, e);
    } catch (RuntimeException e) {
      if (e.getCause() instanceof StatusRuntimeException s) {
        throw unavailable(settings, s, e);
      }
      throw e;
    }
  }

  private static TemporalUnavailableException unavailable(
      TemporalSettings settings, StatusRuntimeException status, RuntimeException thrown) {
    return TlsDiagnosis.of(status, settings)
        .map(tls -> new TemporalUnavailableException(settings.address(), tls.reason(), tls.fix(), thrown))
        .orElseGet(() -> new TemporalUnavailableException(settings.address(), reason(status), thrown));
  }

  /** The stub options for a remote frontend: target, TLS and API key, nothing else. */
  static WorkflowServiceStubsOptions stubsOptions(TemporalSettings settings, Map<String, String> env) {
    var options = WorkflowServiceStubsOptions.newBuilder().setTarget(settings.address());
    settings.tls().ifPresent(tls -> applyTls(options, tls));
    settings
        .apiKey()
        .ifPresent(
            key -> {
              // Read once here so that a missing variable fails now, not on the first RPC.
              String value = key.read(env);
              options.addApiKey(() -> value);
              if (settings.tls().isEmpty()) {
                options.setEnableHttps(true);
              }
            });
    return options.build();
  }

  private static void applyTls(WorkflowServiceStubsOptions.Builder options, TemporalTls tls) {
    try {
      SimpleSslContextBuilder builder = clientIdentity(tls);
      tls.ca().ifPresent(ca -> builder.setTrustManager(trustManager(ca)));
      options.setSslContext(builder.build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Temporal TLS material: " + e.getMessage(), e);
    }
    tls.serverName()
        .ifPresent(name -> options.setChannelInitializer(channel -> channel.overrideAuthority(name)));
  }

  /** Mutual TLS when a client certificate and key are configured, server-only TLS otherwise. */
  private static SimpleSslContextBuilder clientIdentity(TemporalTls tls) throws IOException {
    if (tls.cert().isEmpty() || tls.key().isEmpty()) {
      return SimpleSslContextBuilder.noKeyOrCertChain();
    }
    // The builder reads its streams only in build(), so hand it bytes rather than open files.
    return SimpleSslContextBuilder.forPKCS8(
        new ByteArrayInputStream(Files.readAllBytes(tls.cert().get())),
        new ByteArrayInputStream(Files.readAllBytes(tls.key().get())));
  }

  /** Trusts exactly the certificates in a PEM file, instead of the JVM's default trust store. */
  private static javax.net.ssl.TrustManager trustManager(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory.getTrustManagers()[0];
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Temporal CA file " + caFile + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot use Temporal CA file " + caFile + ": " + e.getMessage(), e);
    }
  }

  private static String reason(StatusRuntimeException e) {
    Status status = e.getStatus();
    return switch (status.getCode()) {
      case UNAVAILABLE -> "the server does not answer" + detail(status);
      case DEADLINE_EXCEEDED -> "no answer in time" + detail(status);
      case UNAUTHENTICATED, PERMISSION_DENIED -> "the server refused our credentials" + detail(status);
      default -> status.getCode() + detail(status);
    };
  }

  private static String detail(Status status) {
    return status.getDescription() == null ? "" : " (" + status.getDescription() + ")";
  }

  public TemporalSettings settings() {
    return settings;
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  public WorkflowClient client() {
    return client;
  }

  /** Where this connection goes, as shown to operators. */
  public String describe() {
    return (settings.embedded() ? "embedded test server" : settings.address())
        + " (namespace "
        + settings.namespace()
        + (settings.usesTls() ? ", TLS" : "")
        + (settings.apiKey().isPresent() ? ", API key" : "")
        + settings.encryption().map(e -> ", payloads encrypted with key " + e.current().keyId()).orElse("")
        + ")";
  }

  @Override
  public void close() {
    stubs.shutdown();
    stubs.awaitTermination(5, TimeUnit.SECONDS);
    embeddedServer.ifPresent(
        server -> {
          try {
            server.close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
