package io.cantonrunbooks.workflows.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The SDK's test server with one worker that runs as the production worker does, without sticky
 * execution: every workflow task and query replays the workflow and closes the cached copy. That
 * is when the SDK logs, with a stack trace each, a failed promise nothing has read ("Promise
 * completed with exception and was never accessed"), so one unread failure floods a worker's log;
 * {@link #unreadFailureWarnings()} collects those warnings.
 */
public final class NoStickyTestEnvironment implements AutoCloseable {
  private final Logger runnerLogger = (Logger) LoggerFactory.getLogger("io.temporal.internal.sync.DeterministicRunnerImpl");
  private final ListAppender<ILoggingEvent> runnerLog = new ListAppender<>();
  private final TestWorkflowEnvironment env;

  /** Starts the test server and a worker on {@code taskQueue} for these workflow types. */
  public NoStickyTestEnvironment(String taskQueue, Class<?>... workflowTypes) {
    runnerLog.start();
    runnerLogger.addAppender(runnerLog);
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker(taskQueue, WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO).build())
        .registerWorkflowImplementationTypes(workflowTypes);
    env.start();
  }

  public WorkflowClient client() {
    return env.getWorkflowClient();
  }

  /** Lets the test server's time pass, firing the timers due meanwhile. */
  public void sleep(Duration duration) {
    env.sleep(duration);
  }

  /** The "never accessed" warnings logged so far. */
  public List<String> unreadFailureWarnings() {
    return runnerLog.list.stream()
        .map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.contains("never accessed"))
        .toList();
  }

  @Override
  public void close() {
    env.close();
    runnerLogger.detachAppender(runnerLog);
  }
}
