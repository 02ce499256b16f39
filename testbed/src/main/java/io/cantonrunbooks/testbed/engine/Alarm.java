package io.cantonrunbooks.testbed.engine;

import java.time.Instant;

/**
 * Something the testbed saw that would break or corrupt a real node.
 *
 * <p>A runbook run in the right order must leave the alarm list empty.
 */
public record Alarm(Instant at, String participant, Kind kind, String message) {

  /** The conditions the testbed raises alarms for. */
  public enum Kind {
    /** A plain host approved a request whose input contracts it does not know; the node halts. */
    SYNC_SERVICE_ALARM,
    /** A contract arrived that the participant already had active (imported twice, created twice). */
    DUPLICATE_CONTRACT,
    /** A participant's ACS for a party it now fully hosts differs from the synchronizer's history. */
    MISSED_EVENT,
    /** An ACS commitment mismatch that persists after the onboarding flag was cleared. */
    ACS_COMMITMENT_MISMATCH,
    /** The onboarding flag was cleared before the decision timeout after activation had passed. */
    UNSAFE_ONBOARDING_CLEARANCE,
    /** A replay hit an archive for a contract with no earlier activation (Canton's replay crash). */
    REPLAY_INCONSISTENCY
  }

  @Override
  public String toString() {
    return at + " " + participant + " " + kind + ": " + message;
  }
}
