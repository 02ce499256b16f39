package io.cantonrunbooks.workflows.offlinereplication;

import io.cantonrunbooks.workflows.testing.MockedNodes;
import static io.cantonrunbooks.workflows.testing.MockedNodes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.cantonrunbooks.activities.Permission;
import io.cantonrunbooks.activities.SavedPruningSchedule;
import io.cantonrunbooks.workflows.runbook.ApprovalPolicy;
import io.cantonrunbooks.workflows.runbook.CompensationView;
import io.cantonrunbooks.workflows.runbook.ParticipantLockImpl;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.cantonrunbooks.workflows.runbook.StepState;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A non-retryable failure injected at every step: the runbook stops at that step and runs exactly
 * the compensations of the changes made before it, and no others.
 */
class OfflinePartyReplicationCompensationTimeSkippingTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflowExtension.newBuilder()
      .registerWorkflowImplementationTypes(OfflinePartyReplicationImpl.class, ParticipantLockImpl.class)
      .setDoNotStart(true)
      .build();

  private static final String PRUNING = "restore the source's pruning schedule";
  private static final String LOCKS = "release the locks on participant1 and participant2";
  private static final String RECONNECT = "reconnect the target and restore its auto-reconnect";

  private static ApplicationFailure boom() {
    return ApplicationFailure.newNonRetryableFailure("injected", "INJECTED");
  }

  /** Where the failure is injected, and what each compensation must have become. */
  static Stream<Arguments> failurePoints() {
    return Stream.of(
        point(OfflinePartyReplicationStep.PREFLIGHT, n -> when(n.preflight.offlinePartyReplication(any())).thenThrow(boom()), Map.of()),
        point(OfflinePartyReplicationStep.VET_PACKAGES, n -> when(n.packages.ensureVetted(anyString(), anyString(), any())).thenThrow(boom()), Map.of()),
        point(OfflinePartyReplicationStep.PAUSE_SOURCE_PRUNING, n -> doThrow(boom()).when(n.pruning).clearSchedule(SOURCE),
            Map.of(PRUNING, CompensationView.State.DONE)),
        point(OfflinePartyReplicationStep.TARGET_PROPOSES_HOSTING,
            n -> when(n.topology.proposeHosting(anyString(), anyString(), anyString(), any(), any(Boolean.class))).thenThrow(boom()),
            Map.of(PRUNING, CompensationView.State.DONE)),
        point(OfflinePartyReplicationStep.ISOLATE_TARGET, n -> doThrow(boom()).when(n.synchronizers).isolate(TARGET),
            Map.of(PRUNING, CompensationView.State.DONE, LOCKS, CompensationView.State.DONE, RECONNECT, CompensationView.State.DONE)),
        point(OfflinePartyReplicationStep.PARTY_AUTHORIZES_HOSTING,
            n -> when(n.topology.authorizeHostingAsOwner(anyString(), anyString(), anyString(), anyString(), any(), any(Boolean.class)))
                .thenThrow(boom()),
            // The authorization may have reached the synchronizer and the source lists the target: stay isolated.
            Map.of(PRUNING, CompensationView.State.DONE, LOCKS, CompensationView.State.DONE, RECONNECT, CompensationView.State.NOT_UNDONE)),
        point(OfflinePartyReplicationStep.EXPORT_PARTY_ACS,
            n -> when(n.parties.exportPartyAcs(anyString(), anyString(), anyString(), anyString(), any(Long.class))).thenThrow(boom()),
            Map.of(PRUNING, CompensationView.State.DONE, LOCKS, CompensationView.State.DONE, RECONNECT, CompensationView.State.NOT_UNDONE)),
        point(OfflinePartyReplicationStep.BACKUP_TARGET, n -> when(n.backups.backup(TARGET)).thenThrow(boom()),
            Map.of(PRUNING, CompensationView.State.DISCHARGED, LOCKS, CompensationView.State.DONE, RECONNECT, CompensationView.State.NOT_UNDONE)),
        point(OfflinePartyReplicationStep.RECONNECT_TARGET, n -> doThrow(boom()).when(n.synchronizers).restoreConnectivity(CONNECTED),
            // Imported: reconnecting is safe again, so the compensation tries (and the mock fails it again).
            Map.of(PRUNING, CompensationView.State.DISCHARGED, LOCKS, CompensationView.State.DONE, RECONNECT, CompensationView.State.FAILED)),
        point(OfflinePartyReplicationStep.CLEAR_ONBOARDING_FLAG,
            n -> when(n.parties.clearPartyOnboardingFlag(anyString(), anyString(), anyString(), any(Long.class))).thenThrow(boom()),
            Map.of(PRUNING, CompensationView.State.DISCHARGED, LOCKS, CompensationView.State.DISCHARGED, RECONNECT, CompensationView.State.DISCHARGED)));
  }

  private static Arguments point(OfflinePartyReplicationStep step, Consumer<MockedNodes> inject, Map<String, CompensationView.State> expected) {
    return Arguments.of(step, inject, expected);
  }

  @ParameterizedTest(name = "failure at {0}")
  @MethodSource("failurePoints")
  void a_failure_at_a_step_runs_exactly_the_compensations_of_the_changes_made_before_it(
      OfflinePartyReplicationStep failing, Consumer<MockedNodes> inject, Map<String, CompensationView.State> expected,
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    MockedNodes nodes = new MockedNodes();
    nodes.registerOn(worker);
    inject.accept(nodes);
    env.start();
    OfflinePartyReplicationInput in = new OfflinePartyReplicationInput(PARTY, SYNC, SOURCE, TARGET, Permission.SUBMISSION,
        new ApprovalPolicy(List.of(), null, null, null, null, null, null), null, 1, null, null, null);
    OfflinePartyReplication wf = client.newWorkflowStub(OfflinePartyReplication.class,
        WorkflowOptions.newBuilder().setWorkflowId(in.workflowId()).setTaskQueue(worker.getTaskQueue()).build());
    WorkflowClient.start(wf::run, in);

    var failed = (WorkflowFailedException) catchThrowable(() -> WorkflowStub.fromTyped(wf).getResult(RunbookStatus.class));
    RunbookStatus report = ((ApplicationFailure) failed.getCause()).getDetails().get(RunbookStatus.class);

    assertThat(report.failureMessage()).contains("injected");
    assertThat(report.steps()).filteredOn(s -> s.name().equals(failing.name())).singleElement()
        .satisfies(s -> assertThat(s.state()).isEqualTo(StepState.FAILED));
    assertThat(report.steps()).filteredOn(s -> s.number() > stepNumber(report, failing))
        .allSatisfy(s -> assertThat(s.state()).isEqualTo(StepState.PENDING));
    Map<String, CompensationView.State> actual = report.compensations().stream()
        .collect(Collectors.toMap(CompensationView::description, CompensationView::state));
    assertThat(actual).isEqualTo(expected);
    if (expected.containsKey(PRUNING) && expected.get(PRUNING) == CompensationView.State.DONE) {
      verify(nodes.pruning).ensureSchedule(new SavedPruningSchedule(SOURCE, SCHEDULE));
    }
  }

  /** Runs the replication with no gates against the mocked nodes and returns how it failed. */
  private static ApplicationFailure runToFailure(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    env.start();
    OfflinePartyReplicationInput in = new OfflinePartyReplicationInput(PARTY, SYNC, SOURCE, TARGET, Permission.SUBMISSION,
        new ApprovalPolicy(List.of(), null, null, null, null, null, null), null, null, null, null, null);
    OfflinePartyReplication wf = client.newWorkflowStub(OfflinePartyReplication.class,
        WorkflowOptions.newBuilder().setWorkflowId(in.workflowId()).setTaskQueue(worker.getTaskQueue()).build());
    WorkflowClient.start(wf::run, in);
    var failed = (WorkflowFailedException) catchThrowable(() -> WorkflowStub.fromTyped(wf).getResult(RunbookStatus.class));
    return (ApplicationFailure) failed.getCause();
  }

  private static int stepNumber(RunbookStatus report, OfflinePartyReplicationStep step) {
    return report.steps().stream().filter(s -> s.name().equals(step.name())).findFirst().orElseThrow().number();
  }

  @Test
  void contracts_that_still_differ_after_the_comparison_fail_verification_with_both_counts(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    MockedNodes nodes = new MockedNodes();
    nodes.registerOn(worker);
    when(nodes.parties.compareActiveContracts(anyString(), anyString(), anyString(), anyString(),
        org.mockito.ArgumentMatchers.anyInt(), any()))
        .thenReturn(new io.cantonrunbooks.activities.AcsComparison(
            new io.cantonrunbooks.activities.AcsSummary(SOURCE, PARTY, 90, 5, "digest5"),
            new io.cantonrunbooks.activities.AcsSummary(TARGET, PARTY, 91, 4, "digest4"), 10));
    ApplicationFailure failure = runToFailure(env, worker, client);
    assertThat(failure.getType()).isEqualTo("VERIFICATION_FAILED");
    assertThat(failure.getOriginalMessage()).contains("source has 5 (digest digest5), target has 4 (digest digest4)");
    verify(nodes.parties, never()).summarizeActiveContracts(anyString(), anyString(), anyString());
  }

  @Test
  void a_node_that_says_onboarded_while_its_mapping_still_carries_the_flag_fails_verification(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    MockedNodes nodes = new MockedNodes();
    nodes.registerOn(worker);
    // Right after a restart a node can answer "onboarded" although the flag is still set.
    when(nodes.topology.hosting(anyString(), org.mockito.ArgumentMatchers.eq(PARTY), org.mockito.ArgumentMatchers.eq(SYNC)))
        .thenReturn(MockedNodes.hosting(true));
    ApplicationFailure failure = runToFailure(env, worker, client);
    assertThat(failure.getType()).isEqualTo("VERIFICATION_FAILED");
    assertThat(failure.getOriginalMessage()).contains("still carries the onboarding flag");
  }

  @Test
  void a_target_reconnected_behind_the_runbooks_back_stops_it_before_the_party_authorizes(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    MockedNodes nodes = new MockedNodes();
    nodes.registerOn(worker);
    doThrow(ApplicationFailure.newNonRetryableFailure("participant2 is connected to [global]", "TARGET_STILL_CONNECTED"))
        .when(nodes.synchronizers).assertIsolated(TARGET);
    env.start();
    OfflinePartyReplicationInput in = new OfflinePartyReplicationInput(PARTY, SYNC, SOURCE, TARGET, Permission.SUBMISSION,
        new ApprovalPolicy(List.of(), null, null, null, null, null, null), null, null, null, null, null);
    OfflinePartyReplication wf = client.newWorkflowStub(OfflinePartyReplication.class,
        WorkflowOptions.newBuilder().setWorkflowId(in.workflowId()).setTaskQueue(worker.getTaskQueue()).build());
    WorkflowClient.start(wf::run, in);

    var failed = (WorkflowFailedException) catchThrowable(() -> WorkflowStub.fromTyped(wf).getResult(RunbookStatus.class));
    assertThat(((ApplicationFailure) failed.getCause()).getType()).isEqualTo("TARGET_STILL_CONNECTED");
    verify(nodes.ledger, never()).ledgerEnd(SOURCE);
    verify(nodes.topology, never()).authorizeHostingAsOwner(anyString(), anyString(), anyString(), anyString(), any(), any(Boolean.class));
  }
}
