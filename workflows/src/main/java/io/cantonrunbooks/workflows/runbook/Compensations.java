package io.cantonrunbooks.workflows.runbook;

import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * The undo actions of a runbook, registered next to the step whose change they undo (before the
 * call, since a call that timed out may still have taken effect). On failure or abort they run in
 * reverse order in a detached cancellation scope, so they also run after a cancel. Each result is
 * recorded: done, failed, or deliberately not undone because undoing would be unsafe.
 */
public final class Compensations {

  /** An undo action. Throws {@link LeftInPlace} to say it deliberately left the change in place. */
  @FunctionalInterface
  public interface Undo {
    void run();
  }

  /** Thrown by an {@link Undo} that decides undoing is unsafe; the message tells the operator why and what to do. */
  public static final class LeftInPlace extends RuntimeException {
    public LeftInPlace(String why) {
      super(why);
    }
  }

  /** A registered compensation; discharge it when the procedure itself undid the change. */
  public static final class Compensation {
    private final RunbookState.CompensationEntry entry;

    Compensation(RunbookState.CompensationEntry entry) {
      this.entry = entry;
    }

    public void discharge() {
      if (entry.state == CompensationView.State.REGISTERED) {
        entry.state = CompensationView.State.DISCHARGED;
      }
    }
  }

  private final RunbookState state;
  private final Steps steps;

  public Compensations(RunbookState state, Steps steps) {
    this.state = state;
    this.steps = steps;
  }

  public Compensation register(RunbookStep by, String description, Undo undo) {
    var entry = new RunbookState.CompensationEntry(description, by, undo);
    state.addCompensation(entry);
    state.publish();
    return new Compensation(entry);
  }

  /** Runs every armed compensation, newest first, even if the workflow is being cancelled. */
  void runAll() {
    List<RunbookState.CompensationEntry> armed = new ArrayList<>();
    for (RunbookState.CompensationEntry entry : state.compensations()) {
      if (entry.state == CompensationView.State.REGISTERED) {
        armed.add(0, entry);
      }
    }
    Workflow.newDetachedCancellationScope(() -> {
      for (RunbookState.CompensationEntry entry : armed) {
        try {
          entry.undo.run();
          entry.state = CompensationView.State.DONE;
          steps.compensated(entry.registeredBy);
        } catch (LeftInPlace e) {
          entry.state = CompensationView.State.NOT_UNDONE;
          entry.detail = e.getMessage();
        } catch (RuntimeException e) {
          entry.state = CompensationView.State.FAILED;
          entry.detail = Steps.describe(e);
        }
        state.publish();
      }
    }).run();
  }
}
