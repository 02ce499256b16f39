package io.cantonrunbooks.activities;

import java.time.Duration;

/**
 * A participant's automatic pruning schedule.
 *
 * @param cron Quartz-style cron expression with a seconds field, evaluated in UTC
 * @param maxDuration length of each pruning window
 * @param retention history younger than this is kept
 */
public record PruningSchedule(String cron, Duration maxDuration, Duration retention) {}
