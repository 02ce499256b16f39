package io.cantonrunbooks.testbed.engine;

import java.time.Instant;
import java.util.List;

/**
 * A change of the hosting relation that becomes effective at one time, with every tuple that changed.
 *
 * <p>Each diff has the host entry before and after (either may be null). Ledger API events are derived
 * from these per protocol version; the testbed's own checks use the raw diffs.
 */
record HostingChange(Instant effective, List<Diff> diffs) {

  record Diff(String party, String participantUid, HostingParticipant before, HostingParticipant after) {}
}
