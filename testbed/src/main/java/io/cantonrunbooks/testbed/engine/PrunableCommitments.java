package io.cantonrunbooks.testbed.engine;

/**
 * Which ACS commitment periods a prune may remove (Canton's commitment-state option of the Admin
 * prune and safe-offset calls). Periods after the last one the node computed are never prunable.
 */
public enum PrunableCommitments {
  /** Only periods matched with every counter-participant: the default. */
  MATCHED,
  /** Matched or mismatched periods; one still waiting for a counter-commitment blocks. */
  MATCHED_OR_MISMATCHED,
  /** Every computed period, outstanding ones included. */
  ALL;

  boolean allows(AcsCommitments.State received) {
    return switch (this) {
      case MATCHED -> received == AcsCommitments.State.MATCH;
      case MATCHED_OR_MISMATCHED ->
          received == AcsCommitments.State.MATCH || received == AcsCommitments.State.MISMATCH;
      case ALL -> true;
    };
  }
}
