package io.cantonrunbooks.activities.impl;

import com.uber.m3.tally.Scope;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.util.Map;

/**
 * Every metric recorded on the activity side, in one place. Each goes to the activity execution
 * context's metrics scope, which the SDK has already tagged with {@code activity_type}, {@code
 * workflow_type}, {@code task_queue} and {@code namespace}, and which reaches the worker's
 * Prometheus endpoint when it is on (a no-op scope otherwise).
 *
 * <p>Names are tally names; the Prometheus registry adds {@code _total} to counters. The operator's
 * list is docs/metrics.md.
 */
public final class ActivityMetrics {

  /** Bytes of ACS snapshot moved, by {@code direction}: {@code export} (node to file) or {@code import}. */
  public static final String ACS_BYTES = "runbook_acs_bytes";
  /** Contracts in the ACS snapshots moved, by {@code direction}. */
  public static final String ACS_CONTRACTS = "runbook_acs_contracts";
  /** Activity attempts after the first: every retry Temporal made, by {@code activity_type}. */
  public static final String ACTIVITY_RETRIES = "runbook_activity_retries";

  private ActivityMetrics() {}

  /** Direction of an ACS transfer, as the {@code direction} label writes it. */
  public enum Direction {
    EXPORT("export"),
    IMPORT("import");

    private final String label;

    Direction(String label) {
      this.label = label;
    }
  }

  /** Counts a completed ACS transfer: its file's bytes and its contracts. */
  static void acsMoved(ActivityExecutionContext ctx, Direction direction, long bytes, long contracts) {
    Scope scope = ctx.getMetricsScope().tagged(Map.of("direction", direction.label));
    scope.counter(ACS_BYTES).inc(bytes);
    scope.counter(ACS_CONTRACTS).inc(contracts);
  }

  /**
   * Counts retries: registered once on the worker factory, it sees every activity execution and
   * counts those whose attempt number is above one, whichever runbook or activity it is.
   */
  public static final class RetryCounter extends WorkerInterceptorBase {
    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
      return new ActivityInboundCallsInterceptorBase(next) {
        @Override
        public void init(ActivityExecutionContext context) {
          if (context.getInfo().getAttempt() > 1) {
            context.getMetricsScope().counter(ACTIVITY_RETRIES).inc(1);
          }
          super.init(context);
        }
      };
    }
  }
}
