package io.cantonrunbooks.activities.canton;

/** How one ACS commitment period compares between this participant and a counter-participant. */
public enum CommitmentState {
  UNSPECIFIED,
  /** Both sides computed the same commitment. */
  MATCH,
  /** The commitments differ: expected during onboarding, a real divergence after clearance. */
  MISMATCH,
  /** Received, but this node has not computed its own yet. */
  BUFFERED,
  /** Not yet received from the counter-participant. */
  OUTSTANDING,
  /** Sent, but the counter-participant's commitment has not been compared yet. */
  NOT_COMPARED
}
