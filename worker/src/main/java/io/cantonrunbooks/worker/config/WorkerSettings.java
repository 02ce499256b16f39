package io.cantonrunbooks.worker.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The worker process's own settings.
 *
 * @param taskQueue the task queue for workflows and for activities that may run anywhere
 * @param localNodes the nodes this worker sits next to: it also polls their task queues for
 *     node-local activities (ACS files, backups); empty means every node in the inventory
 * @param maxConcurrentActivities how many activities this worker runs at once, per task queue
 * @param shutdownTimeout how long a graceful shutdown waits for running tasks before giving up
 * @param activityHeartbeatTimeout when present, replaces the heartbeat timeout of every activity
 *     that the runbooks on this worker schedule (their own is 30 s): how soon Temporal notices a
 *     worker that died while running one
 * @param stickyExecution whether the server routes a workflow's next task to the worker that ran
 *     its last one (Temporal's sticky execution, a cache); off by default, so that no workflow task
 *     waits for a worker that died
 */
public record WorkerSettings(
    String taskQueue,
    Optional<List<String>> localNodes,
    int maxConcurrentActivities,
    Duration shutdownTimeout,
    Optional<Duration> activityHeartbeatTimeout,
    boolean stickyExecution) {

  /** The shortest heartbeat timeout accepted: activities heartbeat every quarter of it. */
  public static final Duration SHORTEST_HEARTBEAT_TIMEOUT = Duration.ofSeconds(1);
}
