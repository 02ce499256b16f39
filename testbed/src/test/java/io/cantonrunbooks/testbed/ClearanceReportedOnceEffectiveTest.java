package io.cantonrunbooks.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.testbed.engine.HostingEvent;
import io.cantonrunbooks.testbed.engine.LedgerUpdate;
import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.testbed.engine.Timings;
import io.cantonrunbooks.testbed.support.WithTwoNodeProcedure;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * ClearPartyOnboardingFlag reports onboarded only once the clearing is effective on the target, not
 * as soon as it is sequenced: a runbook that moves on at "onboarded" must find the target a full host.
 */
class ClearanceReportedOnceEffectiveTest extends WithTwoNodeProcedure {
  // A long topology change delay opens a wide window between sequencing and effect.
  private static final Timings TIMINGS =
      Timings.fast().withTopologyChangeDelay(Duration.ofMillis(1500)).withDecisionTimeout(Duration.ofMillis(200));

  ClearanceReportedOnceEffectiveTest() {
    super(TIMINGS);
  }

  private boolean targetPublishedItsClearing() {
    Participant target = net.participant("participant2");
    return target.updates().stream()
        .filter(u -> u instanceof LedgerUpdate.Topology)
        .flatMap(u -> ((LedgerUpdate.Topology) u).events().stream())
        .anyMatch(e -> e.party().equals(run.party) && e.participantUid().equals(target.uid())
            && e.kind() == HostingEvent.Kind.ADDED);
  }

  @Test
  void a_sequenced_clearing_is_not_yet_onboarded_and_an_effective_one_is() {
    steps.step("offline replication up to the target's reconnect", () -> {
      run.allocateParty("alice");
      run.createContracts(p1, "A", 1);
      run.targetProposes(true);
      run.isolateTarget();
      run.partyAuthorizes(true);
      run.importSnapshot(run.export(), run.party);
      run.reconnectTarget();
    });
    steps.step("the target's automatic clearance is sequenced", () -> net.engine().awaitCondition(
        () -> net.engine().currentMapping(run.party).flatMap(m -> m.host(p2.uid))
            .map(h -> !h.onboarding()).orElse(false),
        Duration.ofSeconds(10), "the clearing to be sequenced"));
    var sequenced = steps.step("clearance is asked for while the clearing waits for its effective time", run::clearFlag);
    assertThat(sequenced.getOnboarded()).isFalse();
    assertThat(targetPublishedItsClearing()).isFalse();

    steps.step("the clearing takes effect", run::awaitOnboarded);
    assertThat(targetPublishedItsClearing()).as("onboarded only once the target has processed the clearing").isTrue();
    assertThat(net.participant("participant2").pendingClearances()).isEmpty();
    assertThat(net.alarms()).isEmpty();
  }
}
