package io.cantonrunbooks.activities;

import java.time.Instant;
import java.util.List;

/**
 * What a node's received ACS commitments say about the time after a point, typically the clearance
 * of a party's onboarding flag.
 *
 * @param counterParticipant the participant whose commitments were waited for
 * @param periods the periods received from the counter-participant that end after that point,
 *     oldest first, each with its state, decided or not
 * @param mismatches every mismatched period ending after that point, with any counter-participant,
 *     one line each: counter-participant and period
 */
public record CommitmentCheck(String counterParticipant, List<Period> periods, List<String> mismatches) {

  /**
   * One commitment period and how it compared on the node. The state is Canton's name (MATCH,
   * MISMATCH, BUFFERED, OUTSTANDING, …) as text, so that a state a later Canton adds still reads.
   */
  public record Period(Instant fromExclusive, Instant toInclusive, String state) {

    /** Whether both commitments were there and compared: a match or a mismatch. */
    public boolean decided() {
      return "MATCH".equals(state) || "MISMATCH".equals(state);
    }

    @Override
    public String toString() {
      return "(" + fromExclusive + ", " + toInclusive + "] " + state;
    }
  }

  /** Whether at least one period from the counter-participant was compared. */
  public boolean compared() {
    return periods.stream().anyMatch(Period::decided);
  }
}
