package io.cantonrunbooks.workflows.runbook;

import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.CompletablePromise;
import io.temporal.workflow.TimerOptions;
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
   * Sleeps on a durable timer whose summary says what the runbook waits for: the Temporal UI shows
   * it on the timer, where a bare duration would leave the operator guessing.
   */
  public static void sleep(Duration duration, String summary) {
    Workflow.newTimer(duration, TimerOptions.newBuilder().setSummary(SummarizedActivities.shorten(summary)).build()).get();
  }

  /**
   * Waits until {@code condition} holds or {@code timeout} passes, like {@link Workflow#await(Duration,
   * Supplier)}, but on a timer whose summary says what the wait is for.
   *
   * @return whether the condition holds (false: the timeout passed first)
   */
  public static boolean await(Duration timeout, String summary, Supplier<Boolean> condition) {
    if (condition.get()) {
      return true;
    }
    // The same commands as Workflow.await: a timer in its own scope, cancelled once the condition holds.
    CompletablePromise<Void> timerFired = Workflow.newPromise();
    CancellationScope scope = Workflow.newCancellationScope(() -> Workflow.newTimer(
            timeout, TimerOptions.newBuilder().setSummary(SummarizedActivities.shorten(summary)).build())
        .handle((fired, cancelled) -> {
          // The cancelled timer's failure is handled here: a failure nothing reads is logged, with its
          // stack, each time the worker evicts the workflow from its cache.
          if (cancelled == null) {
            timerFired.complete(null);
          }
          return null;
        }));
    scope.run();
    Workflow.await(() -> timerFired.isCompleted() || condition.get());
    boolean met = !timerFired.isCompleted();
    if (met) {
      scope.cancel("condition met");
    }
    return met;
  }

  /**
   * Calls {@code call} until {@code done} holds, sleeping until {@code notBefore} of each answer.
   *
   * @param notBefore the earliest time to ask again, taken from the answer (null: use the floor)
   * @param floor the shortest sleep between two calls
   * @param deadline how long to keep asking; afterwards {@code onTimeout} is thrown
   * @param waitingFor what the sleeps wait for, as the timers' summary (e.g. "the safe time to clear
   *     the onboarding flag")
   * @return the answer that satisfied {@code done}
   */
  public static <T> T until(
      Supplier<T> call,
      Predicate<T> done,
      Function<T, Instant> notBefore,
      Duration floor,
      Duration deadline,
      String waitingFor,
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
      Duration wait = sleep.compareTo(untilGiveUp) > 0 ? untilGiveUp : sleep;
      sleep(wait, "wait " + wait + " for " + waitingFor);
    }
  }
}
