package io.cantonrunbooks.worker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.activities.Permission;
import io.cantonrunbooks.testbed.engine.Contract;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplication;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationInput;
import io.cantonrunbooks.workflows.runbook.ApprovalPolicy;
import io.cantonrunbooks.workflows.runbook.Outcome;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flagship runbook end to end: a worker, Temporal's test server and the testbed over gRPC, with
 * traffic running for the party throughout. Checks the correctness property of the design: after
 * the replication the target's active contracts for the party equal the source's, including those
 * created and archived while the runbook ran, none twice, and no testbed alarm fired.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OfflinePartyReplicationEndToEndTest {

  @TempDir Path dir;
  private TestbedFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture = new TestbedFixture(3, dir);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  static OfflinePartyReplicationInput replicate(String party, String source, String target) {
    return replicate(party, source, target, null);
  }

  /** @param commitmentWait how long VERIFY waits for a commitment period after the clearance; null for the default */
  static OfflinePartyReplicationInput replicate(String party, String source, String target, Duration commitmentWait) {
    return new OfflinePartyReplicationInput(party, "global", source, target, Permission.SUBMISSION,
        new ApprovalPolicy(List.of(), null, null, null, "e2e", null, null), Duration.ofMinutes(2), 3,
        Duration.ofMinutes(2), false, commitmentWait);
  }

  private WorkflowStub start(OfflinePartyReplicationInput input) {
    OfflinePartyReplication wf = fixture.client().newWorkflowStub(OfflinePartyReplication.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(input.workflowId())
            .setTaskQueue(fixture.config.worker().taskQueue())
            .build());
    WorkflowClient.start(wf::run, input);
    return WorkflowStub.fromTyped(wf);
  }

  @Test
  void replicates_a_party_with_traffic_running_and_the_target_ends_with_exactly_the_source_contracts() throws Exception {
    String alice = fixture.participant("participant1").allocateParty("alice");
    String bob = fixture.participant("participant3").allocateParty("bob");
    List<String> abc = List.of("A", "B", "C").stream()
        .map(arg -> fixture.create("participant1", alice, arg).contractId()).toList();
    fixture.net.engine().startTraffic(alice, 20, bob);

    OfflinePartyReplicationInput input = replicate(alice, "participant1", "participant2");
    RunbookStatus report = start(input).getResult(RunbookStatus.class);
    // Kept so that a history of a real run can refresh the replay test's fixture.
    java.nio.file.Path history = java.nio.file.Path.of("target", "histories", "offline-party-replication.json");
    java.nio.file.Files.createDirectories(history.getParent());
    var recorded = fixture.client().fetchHistory(input.workflowId());
    java.nio.file.Files.writeString(history, recorded.toJson(true));
    // The goal: at most 200 events, however long the onboarding wait and however busy the
    // machine. The long wait is one durable timer; the clearing becoming effective, the contract
    // comparison's re-checks and the wait for a commitment period after the clearance happen inside
    // one activity each, so none adds events per round.
    var eventsByType = recorded.getEvents().stream().collect(java.util.stream.Collectors.groupingBy(
        e -> e.getEventType().name(), java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    var activities = recorded.getEvents().stream().filter(e -> e.hasActivityTaskScheduledEventAttributes())
        .collect(java.util.stream.Collectors.groupingBy(
            e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName(),
            java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    System.out.printf("history of one replication: %d events %s; activities %s%n",
        recorded.getEvents().size(), eventsByType, activities);
    assertThat(recorded.getEvents().size())
        .as("history events of one replication, by type: %s; activities: %s", eventsByType, activities)
        .isLessThanOrEqualTo(200);
    assertThat(activities.get("Parties_ClearPartyOnboardingFlag")).as("clearance calls").isLessThanOrEqualTo(3);
    assertThat(activities).containsEntry("Parties_CompareActiveContracts", 1L).doesNotContainKey("Parties_SummarizeActiveContracts");
    // The wait for a commitment period after the clearance happens inside one activity too.
    assertThat(activities).containsEntry("Commitments_CommitmentsAfter", 1L).doesNotContainKey("Commitments_MismatchesSince");
    Thread.sleep(300); // traffic keeps running on top of the replicated contracts
    fixture.net.engine().stopTraffic(alice);

    assertThat(report.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(report.steps()).filteredOn(s -> s.name().equals("VERIFY")).singleElement()
        .satisfies(s -> assertThat(s.facts())
            .containsEntry("commitment mismatches after clearance", "none")
            .doesNotContainKey("commitments not compared")
            .hasEntrySatisfying("commitment periods from the source after clearance",
                periods -> assertThat(periods).as("periods from the source compared on the target").contains("] MATCH")));
    Set<String> onTarget = fixture.settledContracts("participant1", "participant2", alice);
    assertThat(onTarget).containsAll(abc);
    assertThat(fixture.net.alarms()).as("testbed alarms").isEmpty();
    assertThat(fixture.net.engine().currentMapping(alice)).isPresent();
    var scan = fixture.assertHistoryClean(input.workflowId(), alice, bob);
    assertThat(scan.payloads()).as("payloads scanned").hasSizeGreaterThan(20);
    System.out.printf("history scan: %d payloads in %s, clean%n", scan.payloads().size(), input.workflowId());
  }

  @Test
  void a_replication_stopped_after_the_party_authorized_is_resumed_at_the_export_by_a_second_run() throws Exception {
    String alice = fixture.participant("participant1").allocateParty("alice");
    String bob = fixture.participant("participant3").allocateParty("bob");
    List<String> before = List.of("A", "B").stream()
        .map(arg -> fixture.create("participant1", alice, arg).contractId()).toList();
    fixture.net.engine().startTraffic(alice, 20, bob);

    OfflinePartyReplicationInput gated = new OfflinePartyReplicationInput(alice, "global", "participant1", "participant2",
        Permission.SUBMISSION, new ApprovalPolicy(List.of("before-acs-import"), List.of("bob"), 1, false, "e2e", null, null),
        Duration.ofMinutes(2), 3, Duration.ofMinutes(2), false, null);
    WorkflowStub first = start(gated);
    OfflinePartyReplication firstRun = fixture.client().newWorkflowStub(OfflinePartyReplication.class, gated.workflowId());
    for (int i = 0; i < 300 && !"before-acs-import".equals(firstRun.status().waitingGate()); i++) {
      Thread.sleep(50);
    }
    firstRun.reject(new io.cantonrunbooks.workflows.runbook.GateDecision("before-acs-import", "bob", "stop here"));
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> first.getResult(RunbookStatus.class)).getCause())
        .hasMessageContaining("GATE_REJECTED");
    assertThat(fixture.participant("participant2").isConnected()).as("target left isolated").isFalse();

    RunbookStatus report = start(replicate(alice, "participant1", "participant2")).getResult(RunbookStatus.class);
    fixture.net.engine().stopTraffic(alice);

    assertThat(report.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(report.steps()).filteredOn(s -> s.name().equals("PARTY_AUTHORIZES_HOSTING")).singleElement()
        .satisfies(s -> assertThat(s.facts()).containsKey("resumed"));
    assertThat(fixture.settledContracts("participant1", "participant2", alice)).containsAll(before);
    assertThat(fixture.net.alarms()).as("testbed alarms").isEmpty();
  }

  @Test
  void several_replications_at_once_each_end_correct_and_the_target_lock_keeps_them_apart() throws Exception {
    String alice = fixture.participant("participant1").allocateParty("alice");
    String carol = fixture.participant("participant1").allocateParty("carol");
    String dave = fixture.participant("participant2").allocateParty("dave");
    Contract shared = fixture.net.engine().createContract(fixture.participant("participant1"), alice, List.of(carol), "shared");
    fixture.create("participant1", carol, "C1");
    fixture.create("participant2", dave, "D1");
    fixture.net.engine().startTraffic(alice, 10, carol);
    fixture.net.engine().startTraffic(dave, 10, null);

    WorkflowStub aliceToP3 = start(replicate(alice, "participant1", "participant3"));
    WorkflowStub carolToP3 = start(replicate(carol, "participant1", "participant3"));
    WorkflowStub daveToP1 = start(replicate(dave, "participant2", "participant1"));
    for (WorkflowStub run : List.of(aliceToP3, carolToP3, daveToP1)) {
      assertThat(run.getResult(RunbookStatus.class).outcome()).isEqualTo(Outcome.SUCCEEDED);
    }
    fixture.net.engine().stopTraffic(alice);
    fixture.net.engine().stopTraffic(dave);

    assertThat(fixture.settledContracts("participant1", "participant3", alice)).contains(shared.contractId());
    assertThat(fixture.settledContracts("participant1", "participant3", carol)).contains(shared.contractId());
    fixture.settledContracts("participant2", "participant1", dave);
    assertThat(fixture.net.alarms()).as("testbed alarms").isEmpty();
    for (WorkflowStub run : List.of(aliceToP3, carolToP3, daveToP1)) {
      fixture.assertHistoryClean(run.getExecution().getWorkflowId(), alice, carol, dave);
    }
  }
}
