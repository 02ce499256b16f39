package io.cantonrunbooks.activities.canton;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to "clear the onboarding flag".
 *
 * @param onboarded true once the flag is gone from the effective mapping; false while the node
 *     still waits for the safe time (it has scheduled the clearing itself)
 * @param earliestRetry when {@code onboarded} is false: clearing is safe strictly after this time
 */
public record OnboardingFlagStatus(boolean onboarded, Optional<Instant> earliestRetry) {

  public OnboardingFlagStatus {
    Objects.requireNonNull(earliestRetry, "earliestRetry");
  }
}
