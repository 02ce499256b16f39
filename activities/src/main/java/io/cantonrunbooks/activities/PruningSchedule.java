package io.cantonrunbooks.activities;

import java.time.Duration;

/**
 * A participant's automatic pruning schedule.
 *
 * @param cron Quartz-style cron expression with a seconds field, evaluated in UTC
 * @param maxDuration length of each pruning window
 * @param retention history younger than this is kept
 * @param pruneInternallyOnly whether it prunes only Canton's internal stores and leaves the Ledger
 *     API index (a participant schedule); null in histories recorded before it was read, meaning false
 */
public record PruningSchedule(String cron, Duration maxDuration, Duration retention, Boolean pruneInternallyOnly) {

  /** A schedule that prunes the Ledger API index too (console: {@code pruning.set_schedule}). */
  public PruningSchedule(String cron, Duration maxDuration, Duration retention) {
    this(cron, maxDuration, retention, null);
  }

  /** Whether only Canton's internal stores are pruned. */
  public boolean internallyOnly() {
    return Boolean.TRUE.equals(pruneInternallyOnly);
  }
}
