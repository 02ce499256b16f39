package io.cantonrunbooks.workflows.runbook;

import io.cantonrunbooks.activities.RunbookError;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;

/** Acquires and releases {@link ParticipantLock}s from a runbook. */
public final class ParticipantLocks {

  private static final Duration RETRY_EVERY = Duration.ofSeconds(10);

  private ParticipantLocks() {}

  /** The workflow id of the lock on a node. */
  public static String lockId(String node) {
    return "participant-lock/" + node;
  }

  /** A lock this runbook holds. */
  public static final class Held {
    private final ParticipantLock lock;
    private final Promise<Void> done;
    private boolean released;

    Held(ParticipantLock lock, Promise<Void> done) {
      this.lock = lock;
      this.done = done;
    }

    /** Releases the lock and waits until it is free. Releasing twice does nothing. */
    public void release() {
      if (!released) {
        released = true;
        lock.release();
        done.get();
      }
    }
  }

  /**
   * Takes the locks on several nodes, always in name order so that two runbooks that need the same
   * nodes cannot each hold one and wait for the other.
   */
  public static java.util.List<Held> acquireAll(java.util.Collection<String> nodes, Duration maxWait, RunbookState state) {
    var held = new java.util.ArrayList<Held>();
    for (String node : new java.util.TreeSet<>(nodes)) {
      held.add(acquire(node, maxWait, state));
    }
    return held;
  }

  /** Releases every lock in the list; releasing twice does nothing. */
  public static void releaseAll(java.util.List<Held> held) {
    for (int i = held.size() - 1; i >= 0; i--) {
      held.get(i).release();
    }
  }

  /**
   * Takes the lock on {@code node}, waiting on durable timers while another runbook holds it. Fails
   * with {@code TARGET_LOCKED} after {@code maxWait}.
   */
  public static Held acquire(String node, Duration maxWait, RunbookState state) {
    Instant giveUpAt = RunbookState.now().plus(maxWait);
    String holder = Workflow.getInfo().getWorkflowId();
    while (true) {
      ParticipantLock lock = Workflow.newChildWorkflowStub(
          ParticipantLock.class,
          ChildWorkflowOptions.newBuilder()
              .setWorkflowId(lockId(node))
              .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE)
              .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
              .build());
      Promise<Void> done = Async.procedure(lock::hold, holder);
      try {
        Workflow.getWorkflowExecution(lock).get();
        state.waitingFor(null);
        return new Held(lock, done);
      } catch (ChildWorkflowFailure e) {
        // The lock's result fails with the same start failure; read it, or the SDK logs it as
        // ignored (with a stack trace) every time the workflow is replayed.
        done.getFailure();
        if (!(e.getCause() instanceof WorkflowExecutionAlreadyStarted)) {
          throw e;
        }
        if (!RunbookState.now().isBefore(giveUpAt)) {
          throw RunbookError.TARGET_LOCKED.failure(
              "participant '" + node + "' is locked by another runbook (lock workflow " + lockId(node)
                  + ") for longer than " + maxWait);
        }
        state.waitingFor("waiting for the lock on participant " + node + " (held by another runbook)");
        DurableWait.sleep(RETRY_EVERY, "wait " + RETRY_EVERY + " before asking again for the lock on participant " + node);
      }
    }
  }
}
