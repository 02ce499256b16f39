package io.cantonrunbooks.testbed.engine;

import java.io.Serializable;
import java.time.Duration;

/** An automatic pruning schedule: a Quartz cron (with seconds), a window length and a retention. */
public record PruningSchedule(
    String cron, Duration maxDuration, Duration retention, boolean pruneInternallyOnly)
    implements Serializable {}
