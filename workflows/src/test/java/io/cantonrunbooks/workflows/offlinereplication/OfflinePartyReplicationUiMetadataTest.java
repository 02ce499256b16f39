package io.cantonrunbooks.workflows.offlinereplication;

import io.cantonrunbooks.workflows.runbook.RunbookGate;
import io.cantonrunbooks.workflows.testing.MockedNodes;
import static io.cantonrunbooks.workflows.testing.MockedNodes.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.activities.Permission;
import io.cantonrunbooks.workflows.runbook.ApprovalPolicy;
import io.cantonrunbooks.workflows.runbook.GateDecision;
import io.cantonrunbooks.workflows.runbook.Outcome;
import io.cantonrunbooks.workflows.runbook.ParticipantLockImpl;
import io.cantonrunbooks.workflows.runbook.RunbookSearchAttributes;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the Temporal UI shows of a run besides its status: search attributes that follow the step
 * where the namespace knows them (and no failure where it does not), and the summaries on the
 * run's activities and timers.
 */
class OfflinePartyReplicationUiMetadataTest {

  static OfflinePartyReplicationInput input() {
    ApprovalPolicy policy = new ApprovalPolicy(null, List.of("bob"), 1, false, "starter", Map.of(), Duration.ofHours(1));
    return new OfflinePartyReplicationInput(PARTY, SYNC, SOURCE, TARGET, Permission.SUBMISSION, policy, null, null, null, null, null);
  }

  static OfflinePartyReplication start(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, SearchAttributes attributes) {
    new MockedNodes().registerOn(worker);
    env.start();
    WorkflowOptions.Builder options =
        WorkflowOptions.newBuilder().setWorkflowId(input().workflowId()).setTaskQueue(worker.getTaskQueue());
    if (attributes != null) {
      options.setTypedSearchAttributes(attributes);
    }
    OfflinePartyReplication wf = client.newWorkflowStub(OfflinePartyReplication.class, options.build());
    WorkflowClient.start(wf::run, input());
    return wf;
  }

  static void awaitGate(OfflinePartyReplication wf, String gate) {
    for (int i = 0; i < 500; i++) {
      RunbookStatus status = wf.status();
      if (gate.equals(status.waitingGate())) {
        return;
      }
      assertThat(status.outcome()).as("still running before gate %s: %s", gate, status.failureMessage())
          .isEqualTo(Outcome.RUNNING);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("gate " + gate + " never started waiting");
  }

  static RunbookStatus approveAllAndFinish(OfflinePartyReplication wf) {
    for (String gate : RunbookGate.ids(OfflinePartyReplicationGate.values())) {
      awaitGate(wf, gate);
      wf.approve(new GateDecision(gate, "bob", "ok"));
    }
    return WorkflowStub.fromTyped(wf).getResult(RunbookStatus.class);
  }

  static String step(WorkflowClient client, String workflowId) {
    return client.newUntypedWorkflowStub(workflowId).describe().getTypedSearchAttributes()
        .get(RunbookSearchAttributes.RUNBOOK_STEP);
  }

  /** The namespace knows the runbook keys, as on a cluster where the documented commands ran. */
  @Nested
  class WithTheKeysRegistered {

    @RegisterExtension
    final TestWorkflowExtension temporal = register(TestWorkflowExtension.newBuilder())
        .registerWorkflowImplementationTypes(OfflinePartyReplicationImpl.class, ParticipantLockImpl.class)
        .setDoNotStart(true)
        .build();

    private static TestWorkflowExtension.Builder register(TestWorkflowExtension.Builder builder) {
      RunbookSearchAttributes.ALL.forEach(
          key -> builder.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
      return builder;
    }

    @Test
    void the_step_attribute_follows_the_runbook_from_gate_to_gate_and_the_start_attributes_stay(
        TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
      OfflinePartyReplication wf = start(env, worker, client,
          RunbookSearchAttributes.atStart(OfflinePartyReplicationInput.RUNBOOK, PARTY, SYNC, SOURCE, TARGET));
      String id = input().workflowId();

      awaitGate(wf, OfflinePartyReplicationGate.BEFORE_TARGET_ISOLATION.id());
      assertThat(step(client, id)).isEqualTo(OfflinePartyReplicationStep.ISOLATE_TARGET.name());
      wf.approve(new GateDecision(OfflinePartyReplicationGate.BEFORE_TARGET_ISOLATION.id(), "bob", "ok"));
      awaitGate(wf, OfflinePartyReplicationGate.BEFORE_PARTY_AUTHORIZATION.id());
      assertThat(step(client, id)).isEqualTo(OfflinePartyReplicationStep.PARTY_AUTHORIZES_HOSTING.name());
      wf.approve(new GateDecision(OfflinePartyReplicationGate.BEFORE_PARTY_AUTHORIZATION.id(), "bob", "ok"));
      awaitGate(wf, OfflinePartyReplicationGate.BEFORE_ACS_IMPORT.id());
      wf.approve(new GateDecision(OfflinePartyReplicationGate.BEFORE_ACS_IMPORT.id(), "bob", "ok"));

      assertThat(WorkflowStub.fromTyped(wf).getResult(RunbookStatus.class).outcome()).isEqualTo(Outcome.SUCCEEDED);
      SearchAttributes attributes = client.newUntypedWorkflowStub(id).describe().getTypedSearchAttributes();
      assertThat(attributes.get(RunbookSearchAttributes.RUNBOOK_STEP)).isEqualTo(OfflinePartyReplicationStep.VERIFY.name());
      assertThat(attributes.get(RunbookSearchAttributes.RUNBOOK_NAME)).isEqualTo(OfflinePartyReplicationInput.RUNBOOK);
      assertThat(attributes.get(RunbookSearchAttributes.PARTY)).isEqualTo(PARTY);
      assertThat(attributes.get(RunbookSearchAttributes.TARGET_NODE)).isEqualTo(TARGET);
    }
  }

  /** The embedded test server as it comes: none of the runbook keys are registered. */
  @Nested
  class WithoutTheKeys {

    @RegisterExtension
    final TestWorkflowExtension temporal = TestWorkflowExtension.newBuilder()
        .registerWorkflowImplementationTypes(OfflinePartyReplicationImpl.class, ParticipantLockImpl.class)
        .setDoNotStart(true)
        .build();

    @Test
    void the_runbook_completes_without_search_attributes_and_sets_none(
        TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
      OfflinePartyReplication wf = start(env, worker, client, null);

      assertThat(approveAllAndFinish(wf).outcome()).isEqualTo(Outcome.SUCCEEDED);
      assertThat(step(client, input().workflowId())).isNull();
    }

    @Test
    void every_activity_and_timer_carries_a_summary_in_the_history(
        TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
      OfflinePartyReplication wf = start(env, worker, client, null);
      approveAllAndFinish(wf);

      List<HistoryEvent> events = client.fetchHistory(input().workflowId()).getHistory().getEventsList();
      List<HistoryEvent> activities = events.stream()
          .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).toList();
      List<HistoryEvent> timers = events.stream()
          .filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED).toList();

      assertThat(activities).isNotEmpty().allSatisfy(e -> assertThat(summary(e)).isNotBlank());
      assertThat(activities).extracting(OfflinePartyReplicationUiMetadataTest::summary)
          .contains("export " + PARTY + "'s ACS from " + SOURCE, "back up " + TARGET);
      assertThat(timers).isNotEmpty().allSatisfy(e -> assertThat(summary(e))
          .startsWith("wait "));
      assertThat(timers).extracting(OfflinePartyReplicationUiMetadataTest::summary)
          .anyMatch(s -> s.contains("the safe time to clear " + PARTY + "'s onboarding flag on " + TARGET))
          .anyMatch(s -> s.contains("for approval at gate " + OfflinePartyReplicationGate.BEFORE_ACS_IMPORT.id()));
    }
  }

  static String summary(HistoryEvent event) {
    if (!event.getUserMetadata().hasSummary()) {
      return null;
    }
    Payload payload = event.getUserMetadata().getSummary();
    return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, String.class, String.class);
  }
}
