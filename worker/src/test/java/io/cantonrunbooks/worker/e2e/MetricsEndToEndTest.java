package io.cantonrunbooks.worker.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cantonrunbooks.activities.Permission;
import io.cantonrunbooks.testbed.grpc.FaultPlan;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplication;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationInput;
import io.cantonrunbooks.workflows.runbook.ApprovalPolicy;
import io.cantonrunbooks.workflows.runbook.GateDecision;
import io.cantonrunbooks.workflows.runbook.Outcome;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.cantonrunbooks.workflows.runbook.StepView;
import io.grpc.Status;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker with {@code metrics.port} set runs a replication with one approval gate and one
 * retried export; the metrics endpoint, scraped over HTTP like Prometheus would, then shows the
 * runbook's duration, the gate's wait, the ACS bytes and contracts of the report, the retry, and the
 * SDK's own metrics.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MetricsEndToEndTest {

  private static final String GATE = "before-acs-import";

  @TempDir Path dir;
  private TestbedFixture fixture;
  private int port;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    port = freePort();
    fixture = new TestbedFixture(2, dir, "metrics { port = " + port + ", host = \"127.0.0.1\" }");
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void a_replication_is_counted_on_the_metrics_endpoint_with_the_figures_of_its_report() throws Exception {
    String alice = fixture.participant("participant1").allocateParty("alice");
    String bob = fixture.participant("participant1").allocateParty("bob");
    for (String arg : List.of("A", "B", "C")) {
      fixture.create("participant1", alice, arg);
    }
    fixture.net.engine().startTraffic(alice, 20, bob);
    // The first export attempt fails as a node that is briefly unreachable would; Temporal retries it.
    fixture.net.server("participant1").faults().inject("ExportPartyAcs",
        new FaultPlan.Fault(1, Status.Code.UNAVAILABLE, null, "injected by the metrics test", null, 0));

    var input = new OfflinePartyReplicationInput(alice, "global", "participant1", "participant2", Permission.SUBMISSION,
        new ApprovalPolicy(List.of(GATE), List.of("bob"), 1, false, "e2e", null, null),
        Duration.ofMinutes(2), 3, Duration.ofMinutes(2), false, null);
    OfflinePartyReplication wf = fixture.client().newWorkflowStub(OfflinePartyReplication.class,
        WorkflowOptions.newBuilder().setWorkflowId(input.workflowId()).setTaskQueue(fixture.config.worker().taskQueue()).build());
    WorkflowClient.start(wf::run, input);
    for (int i = 0; i < 1200 && !GATE.equals(wf.status().waitingGate()); i++) {
      Thread.sleep(50);
    }
    assertThat(wf.status().waitingGate()).as("the gate the runbook waits at").isEqualTo(GATE);
    wf.approve(new GateDecision(GATE, "bob", "metrics test"));
    RunbookStatus report = WorkflowStub.fromTyped(wf).getResult(RunbookStatus.class);
    fixture.net.engine().stopTraffic(alice);
    assertThat(report.outcome()).isEqualTo(Outcome.SUCCEEDED);
    fixture.settledContracts("participant1", "participant2", alice);
    assertThat(fixture.net.alarms()).as("testbed alarms").isEmpty();

    // Counters reach the registry on tally's next report (every second); the timers at once.
    Scrape scrape = scrapeUntil(s -> s.has("runbook_acs_contracts_total", Map.of("direction", "import"))
        && s.has("runbook_activity_retries_total", Map.of())
        && s.has("temporal_workflow_completed_total", Map.of("workflow_type", "OfflinePartyReplication")));
    System.out.println(scrape.lines("runbook_"));

    Map<String, String> export = facts(report, "EXPORT_PARTY_ACS");
    long bytes = Long.parseLong(export.get("bytes"));
    assertThat(bytes).isPositive();
    assertThat(scrape.sum("runbook_acs_bytes_total", Map.of("direction", "export"))).isEqualTo(bytes);
    assertThat(scrape.sum("runbook_acs_bytes_total", Map.of("direction", "import"))).isEqualTo(bytes);
    assertThat(scrape.sum("runbook_acs_contracts_total", Map.of("direction", "export")))
        .isEqualTo(Long.parseLong(export.get("contracts")));
    assertThat(scrape.sum("runbook_acs_contracts_total", Map.of("direction", "import")))
        .isEqualTo(Long.parseLong(facts(report, "IMPORT_PARTY_ACS").get("contracts")));

    var runbook = Map.of("runbook", "offline-party-replication");
    assertThat(scrape.sum("runbook_started_total", runbook)).isEqualTo(1);
    var succeeded = Map.of("runbook", "offline-party-replication", "outcome", "succeeded");
    assertThat(scrape.sum("runbook_duration_seconds_count", succeeded)).isEqualTo(1);
    double took = Duration.between(report.startedAt(), report.endedAt()).toMillis() / 1000.0;
    assertThat(scrape.sum("runbook_duration_seconds_sum", succeeded)).isPositive().isCloseTo(took, within(0.002));
    // Durations of hours get buckets of hours, not the SDK's request-sized ones.
    assertThat(scrape.sum("runbook_duration_seconds_bucket", Map.of("outcome", "succeeded", "le", "3600.0"))).isEqualTo(1);

    assertThat(scrape.sum("runbook_gate_waits_total", Map.of("gate", GATE))).isEqualTo(1);
    var approved = Map.of("gate", GATE, "decision", "approved");
    assertThat(scrape.sum("runbook_gate_wait_seconds_count", approved)).isEqualTo(1);
    assertThat(scrape.sum("runbook_gate_wait_seconds_sum", approved)).isPositive().isLessThan(took);
    assertThat(scrape.has("runbook_gate_waits_total", Map.of("gate", "before-target-isolation")))
        .as("a gate that needs no approval does not wait").isFalse();

    assertThat(scrape.sum("runbook_activity_retries_total", Map.of("activity_type", "Parties_ExportPartyAcs")))
        .isEqualTo(1);

    // The SDK's own metrics come through the same scope.
    assertThat(scrape.sum("temporal_workflow_completed_total", Map.of("workflow_type", "OfflinePartyReplication")))
        .isEqualTo(1);
    assertThat(scrape.sum("temporal_activity_execution_latency_seconds_count",
        Map.of("activity_type", "Parties_ImportPartyAcs"))).isEqualTo(1);
    assertThat(scrape.sum("temporal_request_total", Map.of())).isPositive();
    // Nothing on the endpoint names a party.
    assertThat(scrape.text()).doesNotContain(alice).doesNotContain("alice");
  }

  @Test
  void the_endpoint_serves_the_prometheus_text_format_on_its_path_only() throws Exception {
    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(get("/other").statusCode()).isEqualTo(404);
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  private static Map<String, String> facts(RunbookStatus report, String step) {
    return report.steps().stream().filter(s -> s.name().equals(step)).map(StepView::facts).findFirst().orElseThrow();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private Scrape scrapeUntil(java.util.function.Predicate<Scrape> ready) throws Exception {
    Scrape scrape = null;
    for (int i = 0; i < 100; i++) {
      HttpResponse<String> response = get("/metrics");
      assertThat(response.statusCode()).isEqualTo(200);
      scrape = Scrape.parse(response.body());
      if (ready.test(scrape)) {
        return scrape;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the runbook metrics never appeared:\n" + scrape.lines("runbook_"));
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Samples of one scrape in the Prometheus text format. */
  record Scrape(String text, List<Sample> samples) {
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Sample(String name, Map<String, String> labels, double value) {}

    static Scrape parse(String text) {
      var samples = new java.util.ArrayList<Sample>();
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        Matcher m = SAMPLE.matcher(line);
        if (!m.matches()) {
          throw new AssertionError("not a sample line: " + line);
        }
        var labels = new LinkedHashMap<String, String>();
        if (m.group(2) != null) {
          Matcher l = LABEL.matcher(m.group(2));
          while (l.find()) {
            labels.put(l.group(1), l.group(2));
          }
        }
        samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
      }
      return new Scrape(text, samples);
    }

    private List<Sample> matching(String name, Map<String, String> labels) {
      return samples.stream()
          .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
          .toList();
    }

    boolean has(String name, Map<String, String> labels) {
      return !matching(name, labels).isEmpty();
    }

    /** The sum over every series of {@code name} that carries {@code labels}; fails when there is none. */
    double sum(String name, Map<String, String> labels) {
      List<Sample> found = matching(name, labels);
      if (found.isEmpty()) {
        throw new AssertionError("no " + name + " with " + labels + " in:\n" + lines(name.replaceAll("_(total|count|sum|bucket)$", "")));
      }
      return found.stream().mapToDouble(Sample::value).sum();
    }

    String lines(String prefix) {
      return String.join("\n", text.lines().filter(l -> l.startsWith(prefix)).toList());
    }
  }
}
