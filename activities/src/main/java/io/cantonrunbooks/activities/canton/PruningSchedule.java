package io.cantonrunbooks.activities.canton;

import java.time.Duration;
import java.util.Objects;

/**
 * An automatic pruning schedule.
 *
 * @param cron Quartz-style cron with a seconds field, evaluated in UTC
 * @param maxDuration how long each pruning window may run (whole seconds)
 * @param retention how much history is always kept (whole seconds)
 */
public record PruningSchedule(String cron, Duration maxDuration, Duration retention) {

  public PruningSchedule {
    Objects.requireNonNull(cron, "cron");
    Objects.requireNonNull(maxDuration, "maxDuration");
    Objects.requireNonNull(retention, "retention");
  }
}
