package io.cantonrunbooks.testbed.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The dynamic synchronizer parameters the testbed models, with the time span they were valid for.
 * Changing them is a topology transaction of the synchronizer's owners: it is sequenced and takes
 * effect after the topology change delay, and the previous version then ends.
 *
 * @param confirmationResponseTimeout part of the decision timeout (Canton default 30 s)
 * @param mediatorReactionTimeout part of the decision timeout (Canton default 30 s)
 * @param validFrom the effective time of this version
 * @param validUntil the effective time of the next version; null while this one is current
 */
public record SynchronizerParameters(
    Duration confirmationResponseTimeout,
    Duration mediatorReactionTimeout,
    Instant validFrom,
    Instant validUntil) {

  public SynchronizerParameters {
    Objects.requireNonNull(confirmationResponseTimeout, "confirmationResponseTimeout");
    Objects.requireNonNull(mediatorReactionTimeout, "mediatorReactionTimeout");
    Objects.requireNonNull(validFrom, "validFrom");
    if (confirmationResponseTimeout.isNegative() || mediatorReactionTimeout.isNegative()) {
      throw new IllegalArgumentException("timeouts must not be negative");
    }
  }

  /** Confirmation response timeout + mediator reaction timeout. */
  public Duration decisionTimeout() {
    return confirmationResponseTimeout.plus(mediatorReactionTimeout);
  }

  SynchronizerParameters endingAt(Instant until) {
    return new SynchronizerParameters(confirmationResponseTimeout, mediatorReactionTimeout, validFrom, until);
  }
}
