package io.cantonrunbooks.worker.e2e;

import io.cantonrunbooks.testbed.engine.Contract;
import io.cantonrunbooks.testbed.engine.ImportOptions;
import io.cantonrunbooks.testbed.engine.ImportRecord;
import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.testbed.engine.SimulatedNetwork;
import io.cantonrunbooks.testbed.engine.Timings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Ways to make the ACS commitments of testbed nodes tell something apart from a clean match. */
final class Divergence {

  /**
   * Fast timings whose commitment period is about a century: no period ends while a test runs, so
   * nothing is ever compared (ticks fall on multiples of the interval since the epoch).
   */
  static final Timings NO_PERIOD_ENDS = Timings.fast().withReconciliationInterval(Duration.ofDays(36_500));

  private Divergence() {}

  /**
   * Makes the ACS of two nodes differ for good, as after an import that went wrong, without
   * touching any other party: a party on each node, a contract they share, and on {@code
   * divergent} alone (by a repair import while it is disconnected) a second shared contract. Both
   * nodes then send each other commitments, and every period from now on mismatches.
   */
  static void between(TestbedFixture f, String other, String divergent) {
    String carol = f.participant(other).allocateParty("carol");
    String dave = f.participant(divergent).allocateParty("dave");
    f.net.engine().createContract(f.participant(other), carol, List.of(dave), "shared");
    Participant p = f.participant(divergent);
    String sync = f.net.engine().synchronizerId();
    Contract extra = new Contract("00" + "ee".repeat(32), f.net.engine().demoTemplate(), SimulatedNetwork.DEMO_PACKAGE_NAME,
        List.of(carol), List.of(dave), Instant.parse("2025-01-01T00:00:00Z"), "only on " + divergent);
    p.disconnectAll();
    var session = p.beginImport(new ImportOptions(
        false, sync, ImportOptions.Mode.ACCEPT, null, null, Map.of(), Map.of(), Map.of(), Set.of()));
    session.add(new ImportRecord(extra, sync, 0, ""));
    session.commit();
    p.reconnect(f.net.engine().synchronizerAlias());
  }
}
