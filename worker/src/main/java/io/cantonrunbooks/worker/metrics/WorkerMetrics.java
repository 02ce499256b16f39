package io.cantonrunbooks.worker.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.uber.m3.tally.NoopScope;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import io.cantonrunbooks.worker.config.MetricsSettings;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * The worker's metrics: one Prometheus registry fed by Temporal's tally scope, served as text on
 * {@code http://host:port/metrics} by the JDK's own HTTP server.
 *
 * <p>Everything goes through {@link #scope()}: the SDK's own metrics (requests, polls, task
 * latencies, slots) because the scope is set on the service stubs, from which the worker factory
 * takes it; the runbooks' metrics because workflows record them on {@code
 * Workflow.getMetricsScope()} and activities on their execution context's scope, both children of
 * this one. Nothing else holds a registry, so replays (which the workflow scope silences) never
 * count twice.
 *
 * <p>Tally hands counters and gauges to the registry every {@link #REPORT_INTERVAL}; timers go
 * through at once. When metrics are off, {@link #scope()} is a no-op scope and nothing listens.
 */
public final class WorkerMetrics implements AutoCloseable {

  /** How often tally reports counters and gauges to the registry. */
  public static final Duration REPORT_INTERVAL = Duration.ofSeconds(1);

  /** The endpoint's path. */
  public static final String PATH = "/metrics";

  /** The Prometheus text exposition format that {@link PrometheusMeterRegistry#scrape()} writes. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /**
   * Buckets for the runbook timers (whole runbooks, gate waits), which last minutes to days: the
   * SDK's reporter asks for Micrometer's default histogram, whose buckets stop at 30 seconds.
   */
  static final Duration[] RUNBOOK_BUCKETS = Stream.of("PT1M", "PT5M", "PT15M", "PT30M", "PT1H", "PT2H",
      "PT4H", "PT8H", "PT12H", "PT24H", "PT72H", "PT168H").map(Duration::parse).toArray(Duration[]::new);

  private final Scope scope;
  private final Optional<PrometheusMeterRegistry> registry;
  private final Optional<HttpServer> server;
  private final Optional<ExecutorService> executor;

  private WorkerMetrics(
      Scope scope, Optional<PrometheusMeterRegistry> registry, Optional<HttpServer> server, Optional<ExecutorService> executor) {
    this.scope = scope;
    this.registry = registry;
    this.server = server;
    this.executor = executor;
  }

  /** A scope that records nothing, for a worker without metrics. */
  public static WorkerMetrics off() {
    return new WorkerMetrics(new NoopScope(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * Starts the endpoint when the settings name a port, or returns {@link #off()}.
   *
   * @throws MetricsEndpointException when the port cannot be bound
   */
  public static WorkerMetrics start(MetricsSettings settings) {
    if (!settings.enabled()) {
      return off();
    }
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(runbookLabels()).meterFilter(runbookBuckets());
    HttpServer server;
    var address = new InetSocketAddress(settings.host(), settings.port().getAsInt());
    try {
      server = HttpServer.create(address, 0);
    } catch (BindException e) {
      registry.close();
      throw new MetricsEndpointException("cannot serve metrics on " + settings.host() + ":" + settings.port().getAsInt()
          + ": " + e.getMessage() + "; choose another metrics.port (or metrics.host)", e);
    } catch (IOException e) {
      registry.close();
      throw new UncheckedIOException("cannot serve metrics on " + address + ": " + e.getMessage(), e);
    }
    // One thread: a scrape is a few milliseconds, and Prometheus scrapes one at a time.
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "metrics-http");
      t.setDaemon(true);
      return t;
    });
    server.createContext(PATH, exchange -> serve(exchange, registry));
    server.setExecutor(executor);
    server.start();
    Scope scope = new RootScopeBuilder()
        .reporter(new MicrometerClientStatsReporter(registry))
        .reportEvery(com.uber.m3.util.Duration.ofMillis(REPORT_INTERVAL.toMillis()));
    return new WorkerMetrics(scope, Optional.of(registry), Optional.of(server), Optional.of(executor));
  }

  private static void serve(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!exchange.getRequestURI().getPath().equals(PATH)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /**
   * The SDK tags every scope with all its tag keys, mostly {@code "none"}, so that its own metrics
   * keep one set of labels per name as Prometheus requires. On the runbook metrics the keys below
   * say nothing (they are "none", or the worker type), so they go; {@code activity_type} goes where it is {@code "none"}, which
   * for a given name is always or never (workflow-side metrics have none, activity-side ones do).
   */
  private static MeterFilter runbookLabels() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        if (!id.getName().startsWith("runbook_")) {
          return id;
        }
        List<Tag> kept = id.getTags().stream()
            .filter(t -> !UNUSED_SDK_TAGS.contains(t.getKey()))
            .filter(t -> !(t.getKey().equals("activity_type") && t.getValue().equals("none")))
            .toList();
        return id.replaceTags(kept);
      }
    };
  }

  /** SDK tag keys that say nothing on a runbook metric. */
  private static final Set<String> UNUSED_SDK_TAGS =
      Set.of("exception", "operation", "query_type", "signal_name", "status_code", "worker_type");

  /** Buckets that fit runbook timers, instead of the SDK reporter's request-sized ones. */
  private static MeterFilter runbookBuckets() {
    double[] nanos = Stream.of(RUNBOOK_BUCKETS).mapToDouble(Duration::toNanos).toArray();
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getType() != Meter.Type.TIMER || !id.getName().startsWith("runbook_")) {
          return config;
        }
        return DistributionStatisticConfig.builder()
            .percentilesHistogram(false)
            .serviceLevelObjectives(nanos)
            .build()
            .merge(config);
      }
    };
  }

  /** The tally scope to set on the service stubs: a no-op one when metrics are off. */
  public Scope scope() {
    return scope;
  }

  /** Where the endpoint listens (the actual port, also when 0 was asked for); empty when off. */
  public Optional<InetSocketAddress> address() {
    return server.map(HttpServer::getAddress);
  }

  /** The endpoint's URL as operators would write it, empty when off. */
  public Optional<String> url() {
    return address().map(a -> "http://" + a.getHostString() + ":" + a.getPort() + PATH);
  }

  /** Reports what tally still holds, then stops the endpoint. Close after the worker and connection. */
  @Override
  public void close() {
    server.ifPresent(s -> s.stop(0));
    executor.ifPresent(ExecutorService::shutdownNow);
    // Closing the root scope reports once more and closes the registry (through the reporter).
    try {
      scope.close();
    } catch (ScopeCloseException e) {
      throw new IllegalStateException("cannot close the metrics scope", e);
    }
    registry.ifPresent(PrometheusMeterRegistry::close);
  }
}
