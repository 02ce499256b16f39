package io.cantonrunbooks.testbed.engine;

import java.io.Serializable;

/** One participant-authorization event of a Ledger API topology transaction. */
public record HostingEvent(String party, String participantUid, Kind kind, Permission permission)
    implements Serializable {

  /** The Ledger API kinds of hosting change. */
  public enum Kind {
    /** New host with the onboarding flag (PV35 only). */
    ONBOARDING,
    /** New host without the flag, or a host whose flag was cleared. */
    ADDED,
    /** Permission change. */
    CHANGED_TO,
    /** Host removed. */
    REVOKED
  }
}
