package io.cantonrunbooks.testbed.engine;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Evaluates pruning crons the way Canton does: Quartz syntax with a seconds field, in UTC. */
final class CronSchedule {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
  private static final Map<String, ExecutionTime> CACHE = new ConcurrentHashMap<>();

  private CronSchedule() {}

  /** Rejects what Canton rejects with {@code PROTO_DESERIALIZATION_FAILURE}. */
  static void validate(PruningSchedule s) {
    if (s.cron() == null || s.cron().isBlank() || s.cron().length() > 300) {
      throw invalid("cron must be 1 to 300 characters");
    }
    try {
      execution(s.cron());
    } catch (IllegalArgumentException e) {
      throw invalid("invalid cron expression '" + s.cron() + "': " + e.getMessage());
    }
    checkDuration("max_duration", s.maxDuration());
    checkDuration("retention", s.retention());
  }

  private static void checkDuration(String field, java.time.Duration d) {
    if (d == null || d.isZero() || d.isNegative() || d.getNano() != 0) {
      throw invalid(field + " must be a positive number of whole seconds");
    }
  }

  private static CantonError invalid(String cause) {
    return new CantonError("PROTO_DESERIALIZATION_FAILURE", 8, cause);
  }

  /** The latest time at or before {@code now} at which the cron fires, or null. */
  static Instant lastFireAtOrBefore(String cron, Instant now) {
    ExecutionTime execution = execution(cron);
    ZonedDateTime at = ZonedDateTime.ofInstant(now, ZoneOffset.UTC);
    if (execution.isMatch(at.withNano(0))) {
      return at.withNano(0).toInstant();
    }
    return execution.lastExecution(at).map(ZonedDateTime::toInstant).orElse(null);
  }

  private static ExecutionTime execution(String cron) {
    return CACHE.computeIfAbsent(cron, c -> ExecutionTime.forCron(PARSER.parse(c)));
  }
}
