package io.cantonrunbooks.activities;

/** A participant's permission for a party, as in Canton's PartyToParticipant mapping. */
public enum Permission {
  /** The participant may submit commands for the party and confirms on its behalf. */
  SUBMISSION,
  /** The participant confirms transactions of the party but cannot submit. */
  CONFIRMATION,
  /** The participant only observes the party's transactions. */
  OBSERVATION
}
