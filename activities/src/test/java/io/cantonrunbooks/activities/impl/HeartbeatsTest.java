package io.cantonrunbooks.activities.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.RetryOptions;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A call that takes longer than its activity's heartbeat timeout survives when it runs through
 * {@link Failures#guard}, and the background heartbeat carries the last progress reported. The
 * SDK's test server enforces heartbeat timeouts in real time, as the Temporal server does.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HeartbeatsTest {

  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(2);
  private static final long CALL_MILLIS = 6_000;

  @ActivityInterface
  public interface SlowCalls {
    String guarded();

    String unguarded();

    String guardedWithProgress();
  }

  @WorkflowInterface
  public interface Caller {
    @WorkflowMethod
    String call(String which);
  }

  public static class CallerImpl implements Caller {
    private final SlowCalls calls = Workflow.newActivityStub(SlowCalls.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());

    @Override
    public String call(String which) {
      return switch (which) {
        case "guarded" -> calls.guarded();
        case "unguarded" -> calls.unguarded();
        default -> calls.guardedWithProgress();
      };
    }
  }

  /** Stands for a node that takes three heartbeat timeouts to answer one call. */
  static class SlowCallsImpl implements SlowCalls {
    @Override
    public String guarded() {
      return Failures.guard(() -> slowNode("answered"));
    }

    @Override
    public String unguarded() {
      return slowNode("answered");
    }

    @Override
    public String guardedWithProgress() {
      return Failures.guard(() -> {
        Heartbeats.progress(42L);
        return slowNode("answered after reporting progress");
      });
    }

    private static String slowNode(String answer) {
      try {
        Thread.sleep(CALL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return answer;
    }
  }

  private TestWorkflowEnvironment env;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    Worker worker = env.newWorker("heartbeats");
    worker.registerWorkflowImplementationTypes(CallerImpl.class);
    worker.registerActivitiesImplementations(new SlowCallsImpl());
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private WorkflowStub start(String which) {
    Caller caller = env.getWorkflowClient().newWorkflowStub(Caller.class,
        WorkflowOptions.newBuilder().setTaskQueue("heartbeats").setWorkflowId("heartbeats-" + which).build());
    WorkflowClient.start(caller::call, which);
    return WorkflowStub.fromTyped(caller);
  }

  @Test
  void a_guarded_call_longer_than_the_heartbeat_timeout_completes() {
    assertThat(start("guarded").getResult(String.class)).isEqualTo("answered");
  }

  @Test
  void the_same_call_without_the_guard_is_lost_at_the_heartbeat_timeout() {
    Throwable failure = catchThrowable(() -> start("unguarded").getResult(String.class));

    assertThat(failure).isInstanceOf(WorkflowFailedException.class);
    assertThat(failure.getCause()).isInstanceOf(ActivityFailure.class);
    assertThat(failure.getCause().getCause()).isInstanceOfSatisfying(TimeoutFailure.class,
        timeout -> assertThat(timeout.getTimeoutType()).isEqualTo(TimeoutType.TIMEOUT_TYPE_HEARTBEAT));
  }

  @Test
  void background_heartbeats_carry_the_last_progress_reported() throws Exception {
    WorkflowStub run = start("progress");
    // Past the first heartbeat (the progress report, sent at once) and the SDK's throttle interval
    // (0.8 × timeout): what the server holds now came from the background heartbeat.
    Thread.sleep(HEARTBEAT_TIMEOUT.toMillis() * 2);
    PendingActivityInfo pending = env.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
        DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(env.getNamespace())
            .setExecution(run.getExecution())
            .build())
        .getPendingActivities(0);
    Long details = DefaultDataConverter.newDefaultInstance()
        .fromPayloads(0, Optional.of(pending.getHeartbeatDetails()), Long.class, Long.class);

    assertThat(details).isEqualTo(42L);
    assertThat(run.getResult(String.class)).isEqualTo("answered after reporting progress");
  }
}
