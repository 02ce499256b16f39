package io.cantonrunbooks.workflows.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.workflows.testing.NoStickyTestEnvironment;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two runbooks that need the same participant: the second waits for the first, quietly. */
class ParticipantLocksTest {

  @WorkflowInterface
  public interface HoldsNode {
    /** Takes the lock on {@code node}, holds it until {@link #done}, releases it. */
    @WorkflowMethod
    void run(String node);

    @SignalMethod
    void done();

    @QueryMethod
    boolean holding();
  }

  public static class HoldsNodeImpl implements HoldsNode {
    private boolean done;
    private boolean holding;

    @Override
    public void run(String node) {
      RunbookState state = new RunbookState("test", node, List.<RunbookStep>of());
      ParticipantLocks.Held lock = ParticipantLocks.acquire(node, Duration.ofHours(1), state);
      holding = true;
      Workflow.await(() -> done);
      lock.release();
      holding = false;
    }

    @Override
    public void done() {
      done = true;
    }

    @Override
    public boolean holding() {
      return holding;
    }
  }

  private NoStickyTestEnvironment env;

  @BeforeEach
  void start() {
    env = new NoStickyTestEnvironment("locks", HoldsNodeImpl.class, ParticipantLockImpl.class);
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private HoldsNode started(String id) {
    HoldsNode wf = env.client().newWorkflowStub(
        HoldsNode.class, WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue("locks").build());
    WorkflowClient.start(wf::run, "participant2");
    return env.client().newWorkflowStub(HoldsNode.class, id);
  }

  private static void awaitHolding(HoldsNode wf) throws InterruptedException {
    for (int i = 0; i < 250 && !wf.holding(); i++) {
      Thread.sleep(20);
    }
    assertThat(wf.holding()).isTrue();
  }

  @Test
  void the_second_runbook_waits_until_the_first_releases_and_no_failure_is_left_unread() throws InterruptedException {
    HoldsNode first = started("first");
    awaitHolding(first);
    HoldsNode second = started("second");
    env.sleep(Duration.ofSeconds(25)); // a few of the lock's retries
    assertThat(second.holding()).as("the lock is taken").isFalse();

    first.done();
    WorkflowStub.fromTyped(first).getResult(Void.class);
    env.sleep(Duration.ofSeconds(15)); // the next retry
    awaitHolding(second);
    second.done();
    WorkflowStub.fromTyped(second).getResult(Void.class);

    assertThat(env.unreadFailureWarnings()).isEmpty();
  }
}
