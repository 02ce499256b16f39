package io.cantonrunbooks.workflows.runbook;

import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls a call on durable timers until it reports done: after each "not yet" it sleeps until the
 * time the answer names (never less than a floor), so that a wait of hours costs two history events
 * per poll and survives any worker crash.
 */
public final class DurableWait {

  private DurableWait() {}

  /**
   * Calls {@code call} until {@code done} holds, sleeping until {@code notBefore} of each answer.
   *
   * @param notBefore the earliest time to ask again, taken from the answer (null: use the floor)
   * @param floor the shortest sleep between two calls
   * @param deadline how long to keep asking; afterwards {@code onTimeout} is thrown
   * @return the answer that satisfied {@code done}
   */
  public static <T> T until(
      Supplier<T> call,
      Predicate<T> done,
      Function<T, Instant> notBefore,
      Duration floor,
      Duration deadline,
      Supplier<RuntimeException> onTimeout) {
    Instant giveUpAt = RunbookState.now().plus(deadline);
    while (true) {
      T answer = call.get();
      if (done.test(answer)) {
        return answer;
      }
      Instant now = RunbookState.now();
      if (!now.isBefore(giveUpAt)) {
        throw onTimeout.get();
      }
      Instant retryAt = notBefore.apply(answer);
      Duration sleep = retryAt == null ? floor : Duration.between(now, retryAt);
      if (sleep.compareTo(floor) < 0) {
        sleep = floor;
      }
      Duration untilGiveUp = Duration.between(now, giveUpAt);
      Workflow.sleep(sleep.compareTo(untilGiveUp) > 0 ? untilGiveUp : sleep);
    }
  }
}
