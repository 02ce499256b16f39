package io.cantonrunbooks.activities.impl;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an activity's heartbeat going while its call is in flight, so that Temporal notices a
 * worker that died within the activity's heartbeat timeout however long the node takes to answer;
 * without it, a lost worker is only noticed at the start-to-close timeout.
 *
 * <p>{@link Failures#guard} starts one around every activity body. A background thread heartbeats
 * every quarter of the heartbeat timeout, carrying the latest progress the activity reported
 * through {@link #progress} (the bytes of a transfer, what a wait is waiting for); the SDK sends at
 * most one heartbeat per 0.8 × timeout to the server. A call shorter than a quarter of the timeout
 * never heartbeats. Outside an activity (unit tests of the implementations) and for an activity
 * without a heartbeat timeout, only {@link #progress} reaches Temporal, as before.
 */
final class Heartbeats {

  private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);
  private static final Duration SHORTEST_INTERVAL = Duration.ofMillis(100);
  private static final ThreadLocal<Beat> CURRENT = new ThreadLocal<>();
  private static final ScheduledExecutorService BEATS = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "activity-heartbeats");
    thread.setDaemon(true);
    return thread;
  });

  private static final Running NOTHING = () -> {};

  private Heartbeats() {}

  /** What {@link #start} returns: closing it stops the background heartbeat. */
  @FunctionalInterface
  interface Running extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Starts heartbeating the current activity in the background until the returned handle is
   * closed. Nested calls (a guarded helper inside a guarded activity) share the outer heartbeat.
   */
  static Running start() {
    if (CURRENT.get() != null) {
      return NOTHING;
    }
    ActivityExecutionContext ctx = currentActivity();
    if (ctx == null) {
      return NOTHING;
    }
    Beat beat = new Beat(ctx);
    CURRENT.set(beat);
    Duration timeout = ctx.getInfo().getHeartbeatTimeout();
    if (timeout != null && !timeout.isZero() && !timeout.isNegative()) {
      long every = Math.max(timeout.toMillis() / 4, SHORTEST_INTERVAL.toMillis());
      beat.task = BEATS.scheduleAtFixedRate(beat::beat, every, every, TimeUnit.MILLISECONDS);
    }
    return beat;
  }

  /**
   * Reports the current activity's progress: heartbeats now (throwing, as the SDK does, when the
   * activity was cancelled) and makes the background heartbeat carry it from now on.
   */
  static void progress(Object details) {
    Beat beat = CURRENT.get();
    if (beat != null) {
      beat.progress(details);
      return;
    }
    ActivityExecutionContext ctx = currentActivity();
    if (ctx != null) {
      ctx.heartbeat(details);
    }
  }

  private static ActivityExecutionContext currentActivity() {
    try {
      return Activity.getExecutionContext();
    } catch (IllegalStateException notInAnActivity) {
      return null;
    }
  }

  private static final class Beat implements Running {
    private final ActivityExecutionContext ctx;
    private Object details;
    private boolean closed;
    private ScheduledFuture<?> task;

    Beat(ActivityExecutionContext ctx) {
      this.ctx = ctx;
    }

    synchronized void progress(Object details) {
      this.details = details;
      ctx.heartbeat(details);
    }

    /** On the background thread: the same details again, so that the server sees the worker alive. */
    synchronized void beat() {
      if (closed) {
        return;
      }
      try {
        ctx.heartbeat(details);
      } catch (ActivityCompletionException ended) {
        // Cancelled, reset, or no longer known to the server: the activity thread learns it at its
        // next progress report, or its result is dropped. Beating on would only repeat the news.
        closed = true;
        task.cancel(false);
      } catch (RuntimeException e) {
        log.warn("background heartbeat of activity {} failed; trying again in the next interval",
            ctx.getInfo().getActivityType(), e);
      }
    }

    @Override
    public void close() {
      CURRENT.remove();
      if (task != null) {
        task.cancel(false);
      }
      // Waits for a beat in progress, so that none is sent after the activity's result.
      synchronized (this) {
        closed = true;
      }
    }
  }
}
