package io.cantonrunbooks.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Instant;
import java.util.List;

/** ACS commitment inspection, like the console's {@code commitments} group. */
@ActivityInterface(namePrefix = "Commitments_")
public interface CommitmentsActivities {

  /**
   * Received ACS commitments in the latest period that mismatch and whose period ends after
   * {@code since}, one line each (counter-participant and period). Mismatches are expected while a
   * party is onboarding; one that persists after the flag is cleared means the two nodes disagree
   * about shared contracts. Only reads.
   */
  @ActivityMethod
  List<String> mismatchesSince(String node, String synchronizerAlias, Instant since);
}
