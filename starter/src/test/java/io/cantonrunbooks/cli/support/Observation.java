package io.cantonrunbooks.cli.support;

import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationStep;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.cantonrunbooks.workflows.runbook.StepState;
import io.cantonrunbooks.workflows.runbook.StepView;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One look at a running replication: its status (the runbook's own query) and the activities that
 * Temporal has handed out (DescribeWorkflowExecution), with the progress their heartbeats carry.
 */
public record Observation(RunbookStatus status, List<PendingActivityInfo> pending) {

  private static final DataConverter CONVERTER = DefaultDataConverter.newDefaultInstance();

  public StepState state(OfflinePartyReplicationStep step) {
    return status.steps().stream()
        .filter(s -> s.name().equals(step.name()))
        .map(StepView::state)
        .findFirst()
        .orElseThrow(() -> new AssertionError("the status lists no step " + step));
  }

  public boolean started(OfflinePartyReplicationStep step) {
    return state(step) != StepState.PENDING;
  }

  public boolean ended(OfflinePartyReplicationStep step) {
    StepState state = state(step);
    return state != StepState.PENDING && state != StepState.RUNNING && state != StepState.WAITING_FOR_APPROVAL;
  }

  /** Whether a worker is running one of the run's activities. */
  public boolean activityRunning() {
    return pending.stream().anyMatch(a -> a.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
  }

  /** The bytes done that the heartbeats of a running {@code activityType} report; 0 when none. */
  public long bytesDone(String activityType) {
    return pending.stream()
        .filter(a -> a.getActivityType().getName().equals(activityType))
        .mapToLong(Observation::bytes)
        .max()
        .orElse(0);
  }

  /** The step running now or, between two steps, the one about to start. */
  public OfflinePartyReplicationStep interruptedStep() {
    StepView next = status.steps().stream()
        .filter(s -> s.state() == StepState.RUNNING || s.state() == StepState.WAITING_FOR_APPROVAL)
        .findFirst()
        .or(() -> status.steps().stream().filter(s -> s.state() == StepState.PENDING).findFirst())
        .orElse(status.steps().get(status.steps().size() - 1));
    return OfflinePartyReplicationStep.valueOf(next.name());
  }

  /** {@code ExportPartyAcs#1 started (1234 B)}: what Temporal has handed out, for the table. */
  public static String describe(List<PendingActivityInfo> pending) {
    if (pending.isEmpty()) {
      return "no activity";
    }
    return pending.stream().map(a -> shortName(a.getActivityType().getName()) + "#" + a.getAttempt()
            + (a.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED ? " started" : " scheduled")
            + (bytes(a) > 0 ? " (" + bytes(a) + " B)" : ""))
        .collect(Collectors.joining(", "));
  }

  /** {@code Parties_ExportPartyAcs} → {@code ExportPartyAcs}: the interface's prefix adds nothing here. */
  private static String shortName(String activityType) {
    return activityType.substring(activityType.indexOf('_') + 1);
  }

  /** A transfer heartbeats a number of bytes; other activities heartbeat text, which counts as 0. */
  static long bytes(PendingActivityInfo activity) {
    if (!activity.hasHeartbeatDetails()) {
      return 0;
    }
    try {
      Long bytes = CONVERTER.fromPayloads(
          0, Optional.of(activity.getHeartbeatDetails()), Long.class, Long.class);
      return bytes == null ? 0 : bytes;
    } catch (RuntimeException notANumber) {
      return 0;
    }
  }
}
