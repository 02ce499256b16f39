package io.cantonrunbooks.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Duration;
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

  /**
   * Waits until {@code node} has compared a commitment from {@code counterParticipantUid} for a
   * period ending after {@code since} (MATCH or MISMATCH), asking about once a second inside this
   * one activity, heartbeating; at {@code since + maxWait} it answers with what it has, asking at
   * least once. Right after {@code since} no period ending after it has usually been exchanged,
   * so a check without the wait would compare nothing. The answer also lists every mismatch after
   * {@code since} with any counter-participant ({@link #mismatchesSince} over the whole time).
   * Only reads; safe to retry.
   */
  @ActivityMethod
  CommitmentCheck commitmentsAfter(
      String node, String synchronizerAlias, String counterParticipantUid, Instant since, Duration maxWait);
}
