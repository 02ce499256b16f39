package io.cantonrunbooks.workflows.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects the Temporal SDK's "Promise completed with exception and was never accessed" warnings.
 * The SDK logs one, with a stack trace, each time it closes a workflow's runner while a failed
 * promise in it is unread; without sticky execution (the production default) that is after every
 * workflow task and query, so one unread failure floods a worker's log.
 */
public final class UnreadFailures implements AutoCloseable {
  private final Logger runnerLogger = (Logger) LoggerFactory.getLogger("io.temporal.internal.sync.DeterministicRunnerImpl");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  public UnreadFailures() {
    appender.start();
    runnerLogger.addAppender(appender);
  }

  /** The warnings logged so far, as messages. */
  public List<String> warnings() {
    return appender.list.stream()
        .map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.contains("never accessed"))
        .toList();
  }

  @Override
  public void close() {
    runnerLogger.detachAppender(appender);
  }
}
