package io.cantonrunbooks.testbed.engine;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;

/**
 * Everything a participant persists: what a database backup of the node would hold.
 *
 * <p>The participant's view of the topology is not copied here: it is the synchronizer's topology
 * history up to {@link #observedTime}, so restoring an older state also rewinds the topology view,
 * and reconnecting replays it, as on a real node.
 */
final class ParticipantState implements Serializable {
  private static final long serialVersionUID = 1L;

  long ledgerEnd;
  ArrayList<LedgerUpdate> updates = new ArrayList<>();
  LinkedHashMap<String, AcsEntry> acs = new LinkedHashMap<>();
  /**
   * The ledger end when {@link #acs} last changed: no entry was activated or archived after it, so
   * the contracts active at any offset at or after it are the same ones, and the commitment check
   * reuses its result across such offsets. Set by the participant whenever it changes the ACS.
   */
  long acsChangedAt;
  /** Index of the next sequenced event to process (the per-member subscription cursor). */
  int cursor;
  /** Sequencing time of the last processed event; null before the first one. */
  Instant observedTime;
  /** Index of the next hosting change to publish. */
  int hostingCursor;
  LinkedHashMap<String, ConnectionConfig> configs = new LinkedHashMap<>();
  boolean everConnected;
  PruningSchedule schedule;
  Instant lastPruningFire;
  long prunedUpTo;
  long internallyPrunedUpTo;
  LinkedHashMap<String, Dar> dars = new LinkedHashMap<>();
  LinkedHashSet<String> knownPackages = new LinkedHashSet<>();
  /** PV35 pending onboarding clearances: party → effective time of its activation (null = unknown). */
  LinkedHashMap<String, Instant> pendingClearances = new LinkedHashMap<>();
  /** When each party's onboarding hosting on this node became effective. */
  HashMap<String, Instant> onboardingSince = new HashMap<>();
  boolean halted;
  String haltReason;
  long repairCounter;
  /** The ACS commitment store (null in a backup taken before the testbed kept one). */
  CommitmentHistory commitments = new CommitmentHistory();

  CommitmentHistory commitments() {
    if (commitments == null) {
      commitments = new CommitmentHistory();
    }
    return commitments;
  }
}
