package io.cantonrunbooks.workflows.runbook;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * The named activity option sets that runbooks use; reuse these rather than building new ones.
 * Every set waits for a cancelled activity to finish ({@code WAIT_CANCELLATION_COMPLETED}), so that
 * an abort never runs a compensation while the call it undoes is still in flight.
 *
 * <p>Every set has a {@linkplain #HEARTBEAT_TIMEOUT heartbeat timeout}: activities heartbeat in the
 * background while their call is in flight, so a worker that dies holding one is noticed within
 * that time, whatever the call's start-to-close timeout. A worker can shorten it for every activity
 * its runbooks schedule ({@code worker.activity-heartbeat-timeout}).
 */
public final class ActivityPolicies {

  private ActivityPolicies() {}

  /** How long Temporal waits for a heartbeat before it retries the activity elsewhere. */
  public static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);

  private static RetryOptions retries(int maxAttempts) {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofSeconds(1))
        .setBackoffCoefficient(2.0)
        .setMaximumInterval(Duration.ofSeconds(30))
        .setMaximumAttempts(maxAttempts)
        .build();
  }

  /** A short Admin or Ledger API call: a read, or an idempotent change. */
  public static final ActivityOptions ADMIN_CALL = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(2))
      .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
      .setRetryOptions(retries(10))
      .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
      .build();

  /** A call that waits for the synchronizer (a proposal to be sequenced, a mapping to become effective). */
  public static final ActivityOptions TOPOLOGY_WAIT = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(5))
      .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
      .setRetryOptions(retries(5))
      .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
      .build();

  /**
   * A stream of snapshot bytes to or from a file (export, backup). Heartbeats carry the bytes done;
   * a worker that dies is noticed within the heartbeat timeout and the attempt starts over.
   */
  public static final ActivityOptions STREAM_TRANSFER = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofHours(6))
      .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
      .setRetryOptions(retries(5))
      .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
      .build();

  /**
   * A transfer that the runbook itself retries with a recovery step in between (the ACS import:
   * restore the backup, then import again), so Temporal makes one attempt only.
   */
  public static final ActivityOptions SINGLE_ATTEMPT_TRANSFER = STREAM_TRANSFER.toBuilder()
      .setRetryOptions(retries(1))
      .build();

  /**
   * A call that waits inside its activity, heartbeating, for up to {@code wait} (a condition the
   * node reports in its own time): the start-to-close timeout is the call's own plus the wait.
   */
  public static ActivityOptions waitingUpTo(ActivityOptions options, Duration wait) {
    return options.toBuilder()
        .setStartToCloseTimeout(options.getStartToCloseTimeout().plus(wait))
        .build();
  }

  /**
   * Routes activities to the worker next to a node. The schedule-to-start timeout reveals a worker
   * that is down instead of waiting for it forever.
   */
  public static ActivityOptions onNode(ActivityOptions options, String taskQueue) {
    return options.toBuilder()
        .setTaskQueue(taskQueue)
        .setScheduleToStartTimeout(Duration.ofMinutes(10))
        .build();
  }
}
