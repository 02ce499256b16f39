package io.cantonrunbooks.workflows.offlinereplication;

import io.cantonrunbooks.workflows.runbook.RunbookGate;
import io.cantonrunbooks.workflows.testing.MockedNodes;
import static io.cantonrunbooks.workflows.testing.MockedNodes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.cantonrunbooks.activities.Permission;
import io.cantonrunbooks.activities.SavedPruningSchedule;
import io.cantonrunbooks.workflows.runbook.AbortRequest;
import io.cantonrunbooks.workflows.runbook.ApprovalPolicy;
import io.cantonrunbooks.workflows.runbook.CompensationView;
import io.cantonrunbooks.workflows.runbook.GateDecision;
import io.cantonrunbooks.workflows.runbook.GateState;
import io.cantonrunbooks.workflows.runbook.Outcome;
import io.cantonrunbooks.workflows.runbook.ParticipantLockImpl;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.cantonrunbooks.workflows.runbook.StepState;
import io.cantonrunbooks.workflows.runbook.StepView;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OfflinePartyReplicationTimeSkippingTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflowExtension.newBuilder()
      .registerWorkflowImplementationTypes(OfflinePartyReplicationImpl.class, ParticipantLockImpl.class)
      .setDoNotStart(true)
      .build();

  private final MockedNodes nodes = new MockedNodes();

  static OfflinePartyReplicationInput input(ApprovalPolicy approvals) {
    return new OfflinePartyReplicationInput(
        PARTY, SYNC, SOURCE, TARGET, Permission.SUBMISSION, approvals, null, null, null, null, null);
  }

  static ApprovalPolicy policy(List<String> approvers, int min) {
    return new ApprovalPolicy(null, approvers, min, false, "starter", Map.of(), Duration.ofHours(1));
  }

  private OfflinePartyReplication start(TestWorkflowEnvironment env, Worker worker, WorkflowClient client, OfflinePartyReplicationInput in) {
    nodes.registerOn(worker);
    env.start();
    OfflinePartyReplication wf = client.newWorkflowStub(OfflinePartyReplication.class,
        WorkflowOptions.newBuilder().setWorkflowId(in.workflowId()).setTaskQueue(worker.getTaskQueue()).build());
    WorkflowClient.start(wf::run, in);
    return wf;
  }

  static void awaitGate(OfflinePartyReplication wf, String gate) {
    for (int i = 0; i < 500; i++) {
      RunbookStatus status = wf.status();
      if (gate.equals(status.waitingGate())) {
        return;
      }
      if (status.outcome() != Outcome.RUNNING) {
        throw new AssertionError("runbook ended (" + status.outcome() + ": " + status.failureMessage() + ") before gate " + gate);
      }
      sleep(20);
    }
    throw new AssertionError("gate " + gate + " never started waiting: " + wf.status());
  }

  private static void approveAll(OfflinePartyReplication wf, String approver) {
    for (String gate : RunbookGate.ids(OfflinePartyReplicationGate.values())) {
      awaitGate(wf, gate);
      wf.approve(new GateDecision(gate, approver, "looks right"));
    }
  }

  static RunbookStatus failureReport(OfflinePartyReplication wf) {
    WorkflowFailedException failed = (WorkflowFailedException) org.assertj.core.api.Assertions.catchThrowable(
        () -> WorkflowStub.fromTyped(wf).getResult(RunbookStatus.class));
    assertThat(failed).as("the runbook must fail").isNotNull();
    ApplicationFailure failure = (ApplicationFailure) failed.getCause();
    return failure.getDetails().get(RunbookStatus.class);
  }

  private static StepView step(RunbookStatus status, OfflinePartyReplicationStep step) {
    return status.steps().stream().filter(s -> s.name().equals(step.name())).findFirst().orElseThrow();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void runs_the_documented_steps_in_their_exact_order_and_reports_their_facts(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    OfflinePartyReplication wf = start(env, worker, client, input(policy(List.of("bob"), 1)));
    approveAll(wf, "bob");
    RunbookStatus report = WorkflowStub.fromTyped(wf).getResult(RunbookStatus.class);

    assertThat(report.outcome()).isEqualTo(Outcome.SUCCEEDED);
    var order = nodes.inOrder();
    order.verify(nodes.preflight).offlinePartyReplication(any());
    order.verify(nodes.packages).ensureVetted(TARGET, SYNC, List.of("pkg1", "pkg2"));
    order.verify(nodes.pruning).getSchedule(SOURCE);
    order.verify(nodes.pruning).clearSchedule(SOURCE);
    order.verify(nodes.topology).proposeHosting(TARGET, PARTY, SYNC, Permission.SUBMISSION, true);
    order.verify(nodes.synchronizers).connectivity(TARGET);
    order.verify(nodes.synchronizers).isolate(TARGET);
    order.verify(nodes.synchronizers).assertIsolated(TARGET);
    order.verify(nodes.ledger).ledgerEnd(SOURCE);
    order.verify(nodes.topology).authorizeHostingAsOwner(SOURCE, PARTY, SYNC, TARGET_UID, Permission.SUBMISSION, true);
    order.verify(nodes.parties).exportPartyAcs(SOURCE, PARTY, SYNC, TARGET_UID, 41L);
    order.verify(nodes.pruning).ensureSchedule(new SavedPruningSchedule(SOURCE, SCHEDULE));
    order.verify(nodes.backups).backup(TARGET);
    order.verify(nodes.synchronizers).assertIsolated(TARGET);
    order.verify(nodes.parties).importPartyAcs(TARGET, PARTY, SYNC, ACS);
    order.verify(nodes.ledger).ledgerEnd(TARGET);
    order.verify(nodes.synchronizers).restoreConnectivity(CONNECTED);
    order.verify(nodes.parties, times(2)).clearPartyOnboardingFlag(TARGET, PARTY, SYNC, 77L);
    order.verify(nodes.parties).deleteAcsFile(ACS);

    assertThat(report.steps()).allSatisfy(s -> assertThat(s.state()).isEqualTo(StepState.DONE));
    assertThat(step(report, OfflinePartyReplicationStep.PARTY_AUTHORIZES_HOSTING).facts())
        .containsEntry("sourceLedgerEnd", "41").containsEntry("serial", "2");
    assertThat(step(report, OfflinePartyReplicationStep.EXPORT_PARTY_ACS).facts())
        .containsEntry("sha256", "ab12").containsEntry("contracts", "4").containsEntry("beginOffsetExclusive", "42");
    verify(nodes.commitments).commitmentsAfter(eq(TARGET), eq(SYNC), eq(SOURCE_UID), any(), eq(Duration.ofMinutes(3)));
    assertThat(step(report, OfflinePartyReplicationStep.VERIFY).facts())
        .containsEntry("commitment mismatches after clearance", "none")
        .doesNotContainKey("commitments not compared")
        .hasEntrySatisfying("commitment periods from the source after clearance", v -> assertThat(v).contains("] MATCH"));
    assertThat(client.fetchHistory(input(null).workflowId()).getEvents())
        .filteredOn(e -> e.hasActivityTaskScheduledEventAttributes()
            && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("Commitments_CommitmentsAfter"))
        .singleElement()
        .satisfies(e -> assertThat(e.getActivityTaskScheduledEventAttributes().getStartToCloseTimeout().getSeconds())
            .as("start-to-close timeout of the commitment wait, in seconds").isGreaterThan(Duration.ofMinutes(3).toSeconds()));
    assertThat(report.gates()).allSatisfy(g -> {
      assertThat(g.state()).isEqualTo(GateState.APPROVED);
      assertThat(g.approvals()).singleElement().satisfies(a -> assertThat(a.approver()).isEqualTo("bob"));
    });
    assertThat(report.compensations()).allSatisfy(c -> assertThat(c.state()).isEqualTo(CompensationView.State.DISCHARGED));
  }

  @Test
  void waits_on_a_durable_timer_until_the_node_says_clearing_the_flag_is_safe(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    OfflinePartyReplication wf = start(env, worker, client, input(new ApprovalPolicy(List.of(), null, null, null, null, null, null)));
    WorkflowStub.fromTyped(wf).getResult(RunbookStatus.class);
    var history = env.getWorkflowClient().fetchHistory(input(null).workflowId()).getEvents();
    assertThat(history).filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED).isNotEmpty();
    assertThat(history.size()).as("history events of one replication").isLessThan(200);
  }

  @Test
  void a_rejection_before_the_party_authorizes_stops_the_runbook_and_runs_the_compensations(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    OfflinePartyReplication wf = start(env, worker, client, input(policy(List.of("bob"), 1)));
    awaitGate(wf, "before-target-isolation");
    wf.approve(new GateDecision("before-target-isolation", "bob", null));
    awaitGate(wf, "before-party-authorization");
    wf.reject(new GateDecision("before-party-authorization", "bob", "wrong party"));

    RunbookStatus report = failureReport(wf);
    assertThat(report.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(report.failureMessage()).contains("rejected by bob: wrong party");
    verify(nodes.topology, never()).authorizeHostingAsOwner(anyString(), anyString(), anyString(), anyString(), any(), any(Boolean.class));
    verify(nodes.synchronizers).restoreConnectivity(CONNECTED);
    verify(nodes.pruning).ensureSchedule(new SavedPruningSchedule(SOURCE, SCHEDULE));
    assertThat(report.compensations()).extracting(CompensationView::state)
        .containsOnly(CompensationView.State.DONE);
  }

  @Test
  void a_gate_that_nobody_approves_times_out_and_fails_safe(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    OfflinePartyReplication wf = start(env, worker, client, input(policy(List.of("bob"), 1)));
    RunbookStatus report = failureReport(wf);
    assertThat(report.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(report.failureType()).isEqualTo("GATE_TIMED_OUT");
    verify(nodes.synchronizers, never()).isolate(anyString());
    verify(nodes.pruning).ensureSchedule(new SavedPruningSchedule(SOURCE, SCHEDULE));
  }

  @Test
  void the_update_refuses_approvals_that_are_not_allowed_without_recording_them(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    OfflinePartyReplication wf = start(env, worker, client, input(policy(List.of("bob", "carol", "starter"), 2)));
    awaitGate(wf, "before-target-isolation");

    assertThatThrownBy(() -> wf.approve(new GateDecision("before-target-isolation", "mallory", null)))
        .isInstanceOf(WorkflowUpdateException.class).rootCause().hasMessageContaining("may not decide");
    assertThatThrownBy(() -> wf.approve(new GateDecision("before-target-isolation", "starter", null)))
        .isInstanceOf(WorkflowUpdateException.class).rootCause().hasMessageContaining("four-eyes");
    assertThatThrownBy(() -> wf.approve(new GateDecision("before-acs-import", "bob", null)))
        .isInstanceOf(WorkflowUpdateException.class).rootCause().hasMessageContaining("is not waiting");
    assertThatThrownBy(() -> wf.approve(new GateDecision("no-such-gate", "bob", null)))
        .isInstanceOf(WorkflowUpdateException.class).rootCause().hasMessageContaining("unknown gate");
    wf.approve(new GateDecision("before-target-isolation", "bob", null));
    assertThatThrownBy(() -> wf.approve(new GateDecision("before-target-isolation", "bob", null)))
        .isInstanceOf(WorkflowUpdateException.class).rootCause().hasMessageContaining("already decided");

    assertThat(wf.status().gates().get(0).approvals()).singleElement()
        .satisfies(a -> assertThat(a.approver()).isEqualTo("bob"));
    verify(nodes.synchronizers, never()).isolate(anyString());
    wf.approve(new GateDecision("before-target-isolation", "carol", null));
    awaitGate(wf, "before-party-authorization");
    verify(nodes.synchronizers).isolate(TARGET);
  }

  @Test
  void a_signal_with_an_invalid_approval_is_recorded_as_refused_and_does_not_open_the_gate(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    OfflinePartyReplication wf = start(env, worker, client, input(policy(List.of("bob"), 1)));
    awaitGate(wf, "before-target-isolation");
    wf.approveSignal(new GateDecision("before-target-isolation", "mallory", null));
    for (int i = 0; i < 200 && wf.status().refusedDecisions().isEmpty(); i++) {
      sleep(20);
    }
    RunbookStatus status = wf.status();
    assertThat(status.refusedDecisions()).singleElement()
        .satisfies(r -> assertThat(r.reason()).contains("mallory").contains("may not decide"));
    assertThat(status.waitingGate()).isEqualTo("before-target-isolation");
    wf.approveSignal(new GateDecision("before-target-isolation", "bob", null));
    awaitGate(wf, "before-party-authorization");
  }

  @Test
  void an_interrupted_import_restores_the_backup_and_imports_again(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    when(nodes.parties.importPartyAcs(TARGET, PARTY, SYNC, ACS))
        .thenThrow(ApplicationFailure.newFailure("node went away", "UNAVAILABLE"))
        .thenReturn(4L);
    OfflinePartyReplication wf = start(env, worker, client, input(new ApprovalPolicy(List.of(), null, null, null, null, null, null)));
    RunbookStatus report = WorkflowStub.fromTyped(wf).getResult(RunbookStatus.class);

    var order = nodes.inOrder();
    order.verify(nodes.parties).importPartyAcs(TARGET, PARTY, SYNC, ACS);
    order.verify(nodes.backups).restore(BACKUP);
    order.verify(nodes.parties).importPartyAcs(TARGET, PARTY, SYNC, ACS);
    assertThat(step(report, OfflinePartyReplicationStep.IMPORT_PARTY_ACS).facts())
        .containsEntry("attempts", "2")
        .containsEntry("restored before attempt 2", "backup-1")
        .hasEntrySatisfying("attempt 1", v -> assertThat(v).contains("node went away"));
  }

  @Test
  void a_refused_import_is_not_retried_and_leaves_the_target_isolated_with_the_reason_in_the_report(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    when(nodes.parties.importPartyAcs(TARGET, PARTY, SYNC, ACS))
        .thenThrow(ApplicationFailure.newNonRetryableFailure("Cannot add previously archived contract", "IMPORT_ACS_ERROR"));
    OfflinePartyReplication wf = start(env, worker, client, input(new ApprovalPolicy(List.of(), null, null, null, null, null, null)));
    RunbookStatus report = failureReport(wf);

    assertThat(report.failureType()).isEqualTo("IMPORT_FAILED");
    verify(nodes.parties, times(1)).importPartyAcs(TARGET, PARTY, SYNC, ACS);
    verify(nodes.synchronizers, never()).restoreConnectivity(any());
    assertThat(report.compensations()).filteredOn(c -> c.description().startsWith("reconnect the target")).singleElement()
        .satisfies(c -> {
          assertThat(c.state()).isEqualTo(CompensationView.State.NOT_UNDONE);
          assertThat(c.detail()).contains("left disconnected");
        });
  }

  @Test
  void the_import_is_refused_when_the_target_lost_its_onboarding_flag(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    when(nodes.topology.hosting(TARGET, PARTY, SYNC)).thenReturn(MockedNodes.hosting(false));
    OfflinePartyReplication wf = start(env, worker, client, input(new ApprovalPolicy(List.of(), null, null, null, null, null, null)));
    RunbookStatus report = failureReport(wf);
    assertThat(report.failureType()).isEqualTo("ONBOARDING_FLAG_MISSING");
    verify(nodes.parties, never()).importPartyAcs(anyString(), anyString(), anyString(), any());
  }

  @Test
  void abort_while_waiting_at_a_gate_runs_the_compensations_and_says_who_aborted(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    OfflinePartyReplication wf = start(env, worker, client, input(policy(List.of("bob"), 1)));
    awaitGate(wf, "before-target-isolation");
    wf.abort(new AbortRequest("carol", "maintenance window closed"));
    RunbookStatus report = failureReport(wf);

    assertThat(report.outcome()).isEqualTo(Outcome.ABORTED);
    assertThat(report.failureMessage()).isEqualTo("aborted by carol: maintenance window closed");
    verify(nodes.pruning).ensureSchedule(new SavedPruningSchedule(SOURCE, SCHEDULE));
    assertThat(report.gates().get(0).state()).isEqualTo(GateState.ABANDONED);
  }

  @Test
  void invalid_input_is_refused_with_every_problem_named_before_any_node_is_touched(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    var bad = new OfflinePartyReplicationInput(
        "alice", "", SOURCE, SOURCE, null, null, Duration.ofSeconds(-1), 0, null, null, Duration.ZERO);
    nodes.registerOn(worker);
    env.start();
    OfflinePartyReplication wf = client.newWorkflowStub(OfflinePartyReplication.class,
        WorkflowOptions.newBuilder().setWorkflowId("bad-input").setTaskQueue(worker.getTaskQueue()).build());
    WorkflowClient.start(wf::run, bad);
    RunbookStatus report = failureReport(wf);

    assertThat(report.failureType()).isEqualTo("INVALID_INPUT");
    assertThat(report.failureMessage()).contains("partyId:", "synchronizerAlias:", "targetNode: expected a node other than the source",
        "permission:", "onboardingClearanceTimeout:", "maxImportAttempts:",
        "commitmentWait: expected a positive duration, got PT0S");
    verify(nodes.preflight, never()).offlinePartyReplication(any());
  }
}
