package io.cantonrunbooks.workflows.offlinereplication;

import io.cantonrunbooks.workflows.runbook.RunbookGate;
import static io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationTimeSkippingTest.awaitGate;
import static io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationTimeSkippingTest.failureReport;
import static io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationTimeSkippingTest.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.cantonrunbooks.workflows.runbook.AbortRequest;
import io.cantonrunbooks.workflows.runbook.ApprovalPolicy;
import io.cantonrunbooks.workflows.runbook.ApprovalRecord;
import io.cantonrunbooks.workflows.runbook.ApprovalSignatures;
import io.cantonrunbooks.workflows.runbook.Decision;
import io.cantonrunbooks.workflows.runbook.GateDecision;
import io.cantonrunbooks.workflows.runbook.GateState;
import io.cantonrunbooks.workflows.runbook.Outcome;
import io.cantonrunbooks.workflows.runbook.ParticipantLockImpl;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.cantonrunbooks.workflows.testing.MockedNodes;
import io.cantonrunbooks.workflows.testing.TestApprover;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Signed approvals: with approver keys in the policy, a decision counts only with its approver's
 * signature over this workflow, this run, its gate, its kind, its comment and a recent time, once.
 * Every refusal is checked by its sentence, and by the gate still waiting afterwards.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SignedApprovalsTimeSkippingTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflowExtension.newBuilder()
      .registerWorkflowImplementationTypes(OfflinePartyReplicationImpl.class, ParticipantLockImpl.class)
      .setDoNotStart(true)
      .build();

  private static final TestApprover BOB = TestApprover.generate("bob");
  private static final TestApprover CAROL = TestApprover.generate("carol");
  private static final TestApprover MALLORY = TestApprover.generate("mallory");
  private static final String ISOLATION = "before-target-isolation";

  private final MockedNodes nodes = new MockedNodes();

  private static ApprovalPolicy signedBy(int minApprovers, TestApprover... approvers) {
    var keys = new LinkedHashMap<String, String>();
    for (TestApprover approver : approvers) {
      keys.put(approver.name(), approver.publicKey());
    }
    return new ApprovalPolicy(null, null, minApprovers, false, "starter", Map.of(), Duration.ofHours(1), keys);
  }

  private OfflinePartyReplication start(TestWorkflowEnvironment env, Worker worker, WorkflowClient client, ApprovalPolicy policy) {
    nodes.registerOn(worker);
    env.start();
    return startRun(client, worker, policy);
  }

  private static OfflinePartyReplication startRun(WorkflowClient client, Worker worker, ApprovalPolicy policy) {
    OfflinePartyReplicationInput in = input(policy);
    OfflinePartyReplication wf = client.newWorkflowStub(OfflinePartyReplication.class,
        WorkflowOptions.newBuilder().setWorkflowId(in.workflowId()).setTaskQueue(worker.getTaskQueue()).build());
    WorkflowClient.start(wf::run, in);
    return wf;
  }

  private static String workflowId(OfflinePartyReplication wf) {
    return WorkflowStub.fromTyped(wf).getExecution().getWorkflowId();
  }

  private static String runId(OfflinePartyReplication wf) {
    return WorkflowStub.fromTyped(wf).getExecution().getRunId();
  }

  private static Instant now(TestWorkflowEnvironment env) {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }

  /** {@code who}'s decision for this run, signed now with {@code who}'s key. */
  private static GateDecision signed(
      TestWorkflowEnvironment env, OfflinePartyReplication wf, TestApprover who, String gate, Decision decision) {
    return who.sign(workflowId(wf), runId(wf), gate, decision, "looks right", now(env));
  }

  private static void assertRefused(OfflinePartyReplication wf, ThrowingCallable decision, String... reason) {
    assertThatThrownBy(decision).isInstanceOf(WorkflowUpdateException.class).rootCause().hasMessageContainingAll(reason);
    assertThat(wf.status().waitingGate()).as("the gate still waits").isEqualTo(ISOLATION);
  }

  @Test
  void signed_approvals_open_every_gate_and_the_report_keeps_what_each_approver_signed(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    OfflinePartyReplication wf = start(env, worker, client, signedBy(1, BOB));
    for (String gate : RunbookGate.ids(OfflinePartyReplicationGate.values())) {
      awaitGate(wf, gate);
      wf.approve(signed(env, wf, BOB, gate, Decision.APPROVE));
    }
    RunbookStatus report = WorkflowStub.fromTyped(wf).getResult(RunbookStatus.class);

    assertThat(report.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(report.gates()).allSatisfy(g -> {
      assertThat(g.signaturesRequired()).isTrue();
      assertThat(g.allowedApprovers()).containsExactly("bob");
      ApprovalRecord a = g.approvals().get(0);
      assertThat(a.keyFingerprint()).isEqualTo(BOB.fingerprint());
      assertThat(a.signedPayload())
          .isEqualTo(ApprovalSignatures.payload(report.workflowId(), report.runId(), a))
          .contains("\ngate=" + g.name() + "\n", "\nrunId=" + report.runId() + "\n");
      assertThat(ApprovalSignatures.verify(BOB.keys().getPublic(), a.signedPayload(), a.signature())).isTrue();
    });
    // The preflight gets the keys, to hold them against the worker's approver registry.
    verify(nodes.preflight).offlinePartyReplication(argThat(plan -> plan.approverKeys().equals(Map.of("bob", BOB.publicKey()))));
  }

  @Test
  void an_unsigned_decision_is_refused_by_the_update_and_recorded_as_refused_from_a_signal(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    OfflinePartyReplication wf = start(env, worker, client, signedBy(1, BOB));
    awaitGate(wf, ISOLATION);

    assertRefused(wf, () -> wf.approve(new GateDecision(ISOLATION, "bob", null)),
        "unsigned decision refused", "approvals.approverKeys", "--key FILE");
    assertRefused(wf, () -> wf.reject(new GateDecision(ISOLATION, "bob", "stop")), "unsigned decision refused");
    wf.approveSignal(new GateDecision(ISOLATION, "bob", null));
    awaitRefusals(wf, 1);
    assertThat(wf.status().refusedDecisions()).singleElement()
        .satisfies(r -> assertThat(r.reason()).contains("unsigned decision refused"));

    wf.approveSignal(signed(env, wf, BOB, ISOLATION, Decision.APPROVE));
    awaitGate(wf, "before-party-authorization");
  }

  @Test
  void a_decision_signed_with_another_key_is_refused(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    OfflinePartyReplication wf = start(env, worker, client, signedBy(1, BOB, CAROL));
    awaitGate(wf, ISOLATION);

    GateDecision byMallory = TestApprover.signAs("bob", MALLORY, workflowId(wf), runId(wf), ISOLATION, Decision.APPROVE, null, now(env));
    assertRefused(wf, () -> wf.approve(byMallory),
        "signed with key " + MALLORY.fingerprint() + ", but bob's key in approvals.approverKeys is " + BOB.fingerprint());
    GateDecision claimingBobsKey = new GateDecision(byMallory.gate(), byMallory.approver(), byMallory.comment(),
        byMallory.workflowId(), byMallory.runId(), byMallory.decision(), byMallory.signedAt(), BOB.fingerprint(),
        byMallory.signature());
    assertRefused(wf, () -> wf.approve(claimingBobsKey), "the signature does not verify with bob's key " + BOB.fingerprint());
    GateDecision carolsSignatureAsBobs =
        TestApprover.signAs("bob", CAROL, workflowId(wf), runId(wf), ISOLATION, Decision.APPROVE, null, now(env));
    assertRefused(wf, () -> wf.approve(carolsSignatureAsBobs), "signed with key " + CAROL.fingerprint());
    assertRefused(wf, () -> wf.approve(signed(env, wf, MALLORY, ISOLATION, Decision.APPROVE)),
        "approver 'mallory' may not decide", "allowed: [bob, carol]");
    verify(nodes.synchronizers, never()).isolate(anyString());
  }

  @Test
  void a_signature_for_another_workflow_is_refused(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    OfflinePartyReplication wf = start(env, worker, client, signedBy(1, BOB));
    awaitGate(wf, ISOLATION);

    GateDecision forOther = BOB.sign("offline-party-replication/bob::1220aa/participant2", runId(wf), ISOLATION,
        Decision.APPROVE, null, now(env));
    assertRefused(wf, () -> wf.approve(forOther),
        "signed for workflow 'offline-party-replication/bob::1220aa/participant2', but this is '" + workflowId(wf) + "'");
  }

  @Test
  void a_signature_made_for_an_earlier_run_is_refused_in_the_next_run(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    OfflinePartyReplication first = start(env, worker, client, signedBy(1, BOB));
    awaitGate(first, ISOLATION);
    GateDecision forFirstRun = signed(env, first, BOB, ISOLATION, Decision.APPROVE);
    first.abort(new AbortRequest("bob", "wrong window"));
    assertThat(failureReport(first).outcome()).isEqualTo(Outcome.ABORTED);

    OfflinePartyReplication second = startRun(client, worker, signedBy(1, BOB));
    awaitGate(second, ISOLATION);
    assertThat(runId(second)).isNotEqualTo(forFirstRun.runId());
    assertRefused(second, () -> second.approve(forFirstRun),
        "signed for run " + forFirstRun.runId() + ", but this is run " + runId(second), "good for one run only");
  }

  @Test
  void a_signature_for_another_gate_or_the_other_decision_is_refused(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    OfflinePartyReplication wf = start(env, worker, client, signedBy(1, BOB));
    awaitGate(wf, ISOLATION);

    GateDecision forImport = signed(env, wf, BOB, "before-acs-import", Decision.APPROVE);
    assertRefused(wf, () -> wf.approve(forImport), "gate 'before-acs-import' is not waiting");
    GateDecision movedToThisGate = new GateDecision(ISOLATION, forImport.approver(), forImport.comment(),
        forImport.workflowId(), forImport.runId(), forImport.decision(), forImport.signedAt(), forImport.keyFingerprint(),
        forImport.signature());
    assertRefused(wf, () -> wf.approve(movedToThisGate),
        "the signature does not verify with bob's key", "differs from what was signed");

    GateDecision approval = signed(env, wf, BOB, ISOLATION, Decision.APPROVE);
    assertRefused(wf, () -> wf.reject(approval), "signed as APPROVE but sent as reject");
    GateDecision relabelled = new GateDecision(approval.gate(), approval.approver(), approval.comment(),
        approval.workflowId(), approval.runId(), Decision.REJECT, approval.signedAt(), approval.keyFingerprint(),
        approval.signature());
    assertRefused(wf, () -> wf.reject(relabelled), "the signature does not verify");
    GateDecision otherComment = new GateDecision(approval.gate(), approval.approver(), "approved, no further checks",
        approval.workflowId(), approval.runId(), approval.decision(), approval.signedAt(), approval.keyFingerprint(),
        approval.signature());
    assertRefused(wf, () -> wf.approve(otherComment), "the signature does not verify");
  }

  @Test
  void a_signature_is_counted_once_even_while_its_gate_still_waits(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    OfflinePartyReplication wf = start(env, worker, client, signedBy(2, BOB, CAROL));
    awaitGate(wf, ISOLATION);
    GateDecision bobs = signed(env, wf, BOB, ISOLATION, Decision.APPROVE);
    wf.approve(bobs);

    assertRefused(wf, () -> wf.approve(bobs), "this signature was already used in this run (APPROVE by bob at gate '"
        + ISOLATION + "')", "sign a new one");
    GateDecision respelled = new GateDecision(bobs.gate(), bobs.approver(), bobs.comment(), bobs.workflowId(),
        bobs.runId(), bobs.decision(), bobs.signedAt(), bobs.keyFingerprint(), bobs.signature().replace("=", ""));
    assertRefused(wf, () -> wf.approve(respelled), "signature: expected the standard base64, with padding");
    wf.approveSignal(bobs);
    awaitRefusals(wf, 1);
    assertThat(wf.status().refusedDecisions()).singleElement()
        .satisfies(r -> assertThat(r.reason()).contains("already used in this run"));
    assertThat(wf.status().gates().get(0).approvals()).hasSize(1);

    wf.approve(signed(env, wf, CAROL, ISOLATION, Decision.APPROVE));
    awaitGate(wf, "before-party-authorization");
  }

  @Test
  void a_stale_or_future_signing_time_is_refused_and_one_inside_the_window_accepted(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    OfflinePartyReplication wf = start(env, worker, client, signedBy(1, BOB));
    awaitGate(wf, ISOLATION);
    String id = workflowId(wf);
    String run = runId(wf);

    GateDecision stale = BOB.sign(id, run, ISOLATION, Decision.APPROVE, null, now(env).minus(Duration.ofMinutes(20)));
    assertRefused(wf, () -> wf.approve(stale), "signed at " + stale.signedAt(), "accepted for 15 minutes", "sign again");
    GateDecision future = BOB.sign(id, run, ISOLATION, Decision.APPROVE, null, now(env).plus(Duration.ofMinutes(10)));
    assertRefused(wf, () -> wf.approve(future), "signed at " + future.signedAt(), "check the signer's clock");

    wf.approve(BOB.sign(id, run, ISOLATION, Decision.APPROVE, null, now(env).minus(Duration.ofMinutes(10))));
    awaitGate(wf, "before-party-authorization");
  }

  @Test
  void a_signed_decision_is_refused_where_the_policy_has_no_keys_to_check_it(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    OfflinePartyReplication wf = start(env, worker, client,
        new ApprovalPolicy(null, List.of("bob"), 1, false, "starter", Map.of(), Duration.ofHours(1)));
    awaitGate(wf, ISOLATION);

    assertRefused(wf, () -> wf.approve(signed(env, wf, BOB, ISOLATION, Decision.APPROVE)),
        "the decision is signed, but this runbook has no approvals.approverKeys");
    wf.approve(new GateDecision(ISOLATION, "bob", null));
    awaitGate(wf, "before-party-authorization");
  }

  @Test
  void a_signed_rejection_stops_the_runbook_and_its_signature_is_in_the_report(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    OfflinePartyReplication wf = start(env, worker, client, signedBy(1, BOB));
    awaitGate(wf, ISOLATION);
    wf.reject(signed(env, wf, BOB, ISOLATION, Decision.REJECT));

    RunbookStatus report = failureReport(wf);
    assertThat(report.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(report.gates().get(0).state()).isEqualTo(GateState.REJECTED);
    ApprovalRecord rejection = report.gates().get(0).approvals().get(0);
    assertThat(rejection.signedPayload()).contains("\ndecision=REJECT\n");
    assertThat(ApprovalSignatures.verify(BOB.keys().getPublic(), rejection.signedPayload(), rejection.signature())).isTrue();
    verify(nodes.synchronizers, never()).isolate(anyString());
  }

  @Test
  void a_malformed_approver_key_fails_the_runbook_before_any_node_is_touched(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    OfflinePartyReplication wf = start(env, worker, client, new ApprovalPolicy(
        null, null, null, null, "starter", null, null, Map.of("bob", "ssh-ed25519 not-a-key")));

    RunbookStatus report = failureReport(wf);
    assertThat(report.failureType()).isEqualTo("INVALID_INPUT");
    assertThat(report.failureMessage()).contains("approvals.approverKeys.bob: expected an OpenSSH Ed25519 public key");
    verify(nodes.preflight, never()).offlinePartyReplication(any());
  }

  private static void awaitRefusals(OfflinePartyReplication wf, int count) {
    for (int i = 0; i < 200 && wf.status().refusedDecisions().size() < count; i++) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    assertThat(wf.status().refusedDecisions()).hasSize(count);
  }
}
