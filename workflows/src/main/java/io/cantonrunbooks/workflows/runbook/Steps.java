package io.cantonrunbooks.workflows.runbook;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a runbook's steps: marks each running, done or failed, counts its attempts and keeps the
 * facts it records, so that the status query and the report follow the procedure step by step.
 */
public final class Steps {

  private final RunbookState state;

  public Steps(RunbookState state) {
    this.state = state;
  }

  /** Runs a step that produces a value. A failure marks the step failed and propagates. */
  public <T> T run(RunbookStep step, Function<StepFacts, T> body) {
    RunbookState.StepEntry entry = state.step(step);
    entry.state = StepState.RUNNING;
    entry.attempts++;
    if (entry.startedAt == null) {
      entry.startedAt = RunbookState.now();
    }
    entry.error = null;
    state.setCurrentStep(step.name());
    state.publish();
    RunbookSearchAttributes.upsertStep(step.name());
    try {
      StepFacts facts = new StepFacts() {
        @Override
        public StepFacts fact(String key, Object value) {
          entry.facts.put(key, String.valueOf(value));
          return this;
        }
      };
      T result = body.apply(facts);
      entry.state = StepState.DONE;
      entry.endedAt = RunbookState.now();
      return result;
    } catch (RuntimeException e) {
      entry.state = StepState.FAILED;
      entry.endedAt = RunbookState.now();
      entry.error = describe(e);
      throw e;
    } finally {
      state.publish();
    }
  }

  /** Runs a step that produces no value. */
  public void perform(RunbookStep step, Consumer<StepFacts> body) {
    run(step, facts -> {
      body.accept(facts);
      return null;
    });
  }

  /** Marks a step skipped, with the reason as a fact. */
  public void skip(RunbookStep step, String reason) {
    RunbookState.StepEntry entry = state.step(step);
    entry.state = StepState.SKIPPED;
    entry.facts.put("skipped", reason);
    entry.startedAt = entry.endedAt = RunbookState.now();
    state.publish();
  }

  /** Records a fact on a step outside its body (for example, an attempt's outcome). */
  public void fact(RunbookStep step, String key, Object value) {
    state.step(step).facts.put(key, String.valueOf(value));
  }

  /** Marks a step as waiting for an approval gate. */
  void waitingForApproval(RunbookStep step) {
    RunbookState.StepEntry entry = state.step(step);
    entry.state = StepState.WAITING_FOR_APPROVAL;
    state.setCurrentStep(step.name());
    RunbookSearchAttributes.upsertStep(step.name());
  }

  /** Marks a step whose change a compensation undid. */
  void compensated(RunbookStep step) {
    RunbookState.StepEntry entry = state.step(step);
    if (entry.state == StepState.DONE) {
      entry.state = StepState.COMPENSATED;
    }
  }

  /** The failure's type and message in one line: what an operator reads first. */
  public static String describe(Throwable e) {
    Throwable cause = e;
    while (cause instanceof ActivityFailure && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ApplicationFailure af) {
      return af.getType() + ": " + af.getOriginalMessage();
    }
    if (cause instanceof TemporalFailure tf) {
      return tf.getClass().getSimpleName() + ": " + tf.getOriginalMessage();
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
