package io.cantonrunbooks.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.uber.m3.tally.NoopScope;
import io.cantonrunbooks.worker.config.MetricsSettings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The endpoint's life cycle, without a worker. */
class WorkerMetricsTest {

  @Test
  void without_a_port_nothing_listens_and_the_scope_records_nothing() {
    try (WorkerMetrics metrics = WorkerMetrics.start(MetricsSettings.off())) {
      assertThat(metrics.scope()).isInstanceOf(NoopScope.class);
      assertThat(metrics.url()).isEmpty();
    }
  }

  @Test
  void a_port_in_use_is_refused_naming_the_key_to_change() throws Exception {
    try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var settings = new MetricsSettings(OptionalInt.of(taken.getLocalPort()), "127.0.0.1");

      assertThatThrownBy(() -> WorkerMetrics.start(settings))
          .isInstanceOf(MetricsEndpointException.class)
          .hasMessageStartingWith("cannot serve metrics on 127.0.0.1:" + taken.getLocalPort() + ": ")
          .hasMessageEndingWith("; choose another metrics.port (or metrics.host)");
    }
  }

  @Test
  void a_timer_recorded_on_the_scope_is_served_at_once_with_buckets_for_runbooks() throws Exception {
    int port;
    try (var free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    WorkerMetrics metrics = WorkerMetrics.start(new MetricsSettings(OptionalInt.of(port), "127.0.0.1"));
    String url = metrics.url().orElseThrow();
    assertThat(url).isEqualTo("http://127.0.0.1:" + port + "/metrics");
    metrics.scope().tagged(Map.of("runbook", "r", "outcome", "succeeded"))
        .timer("runbook_duration").record(com.uber.m3.util.Duration.ofSeconds(90));

    // A timer goes through at once.
    String body = HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(body)
        .contains("# TYPE runbook_duration_seconds histogram")
        .contains("runbook_duration_seconds_count{outcome=\"succeeded\",runbook=\"r\"} 1")
        .contains("runbook_duration_seconds_bucket{outcome=\"succeeded\",runbook=\"r\",le=\"60.0\"} 0")
        .contains("runbook_duration_seconds_bucket{outcome=\"succeeded\",runbook=\"r\",le=\"300.0\"} 1");
    metrics.close();
  }
}
