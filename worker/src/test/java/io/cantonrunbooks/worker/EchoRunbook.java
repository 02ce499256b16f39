package io.cantonrunbooks.worker;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.Locale;

/** A one-step runbook for registration tests: a workflow that calls one activity. */
final class EchoRunbook {

  private EchoRunbook() {}

  @WorkflowInterface
  public interface EchoWorkflow {
    @WorkflowMethod
    String echo(String text);
  }

  @ActivityInterface
  public interface EchoActivities {
    String shout(String text);
  }

  public static final class EchoWorkflowImpl implements EchoWorkflow {
    private final EchoActivities activities =
        Workflow.newActivityStub(
            EchoActivities.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

    @Override
    public String echo(String text) {
      return activities.shout(text);
    }
  }

  public static final class EchoActivitiesImpl implements EchoActivities {
    @Override
    public String shout(String text) {
      return text.toUpperCase(Locale.ROOT);
    }
  }
}
