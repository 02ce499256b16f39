package io.cantonrunbooks.activities.impl;

import io.cantonrunbooks.activities.RunbookError;
import io.cantonrunbooks.activities.acs.AcsFileException;
import io.cantonrunbooks.activities.canton.CantonCallException;
import io.cantonrunbooks.activities.nodes.NodeInventory;
import io.temporal.failure.ApplicationFailure;
import java.util.function.Supplier;

/**
 * Turns what the Canton client throws into the failures Temporal acts on: a retryable gRPC code
 * becomes a retryable failure, everything else a non-retryable one whose type is the Canton error
 * id, so that Temporal retries only what is safe to retry.
 *
 * <p>Every activity body runs through {@link #guard}, which also keeps the activity's heartbeat
 * going while the body runs ({@link Heartbeats}): a worker that dies is noticed within the
 * heartbeat timeout, not at the end of the call's start-to-close timeout.
 */
public final class Failures {

  private Failures() {}

  /** Runs {@code body}, heartbeating in the background and translating known exceptions. */
  public static <T> T guard(Supplier<T> body) {
    try (Heartbeats.Running heartbeat = Heartbeats.start()) {
      return body.get();
    } catch (ApplicationFailure e) {
      throw e;
    } catch (CantonCallException e) {
      throw translate(e);
    } catch (AcsFileException e) {
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          e.getMessage(), RunbookError.ACS_FILE_INVALID.id(), e, e.reason().name());
    } catch (NodeInventory.UnknownNodeException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), RunbookError.UNKNOWN_NODE.id());
    }
  }

  /** Runs a body that returns nothing. */
  public static void run(Runnable body) {
    guard(() -> {
      body.run();
      return null;
    });
  }

  static ApplicationFailure translate(CantonCallException e) {
    return e.retryable()
        ? ApplicationFailure.newFailureWithCause(e.getMessage(), e.type(), e)
        : ApplicationFailure.newNonRetryableFailureWithCause(e.getMessage(), e.type(), e);
  }

  /** A non-retryable failure from our catalogue. */
  static ApplicationFailure fail(RunbookError error, String message) {
    return error.failure(message);
  }

  /** A retryable failure from our catalogue: the condition may clear by itself. */
  static ApplicationFailure retryable(RunbookError error, String message) {
    return ApplicationFailure.newFailure(message, error.id());
  }
}
