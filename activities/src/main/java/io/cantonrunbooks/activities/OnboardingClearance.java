package io.cantonrunbooks.activities;

import java.time.Instant;

/**
 * The answer of ClearPartyOnboardingFlag: either the flag is cleared, or it is not yet safe to
 * clear it and the node says when to ask again.
 *
 * @param earliestRetry when {@code onboarded} is false, the earliest time clearing is safe
 */
public record OnboardingClearance(boolean onboarded, Instant earliestRetry) {}
