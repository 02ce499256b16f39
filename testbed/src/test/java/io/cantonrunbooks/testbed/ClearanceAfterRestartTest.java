package io.cantonrunbooks.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.testbed.engine.Timings;
import io.cantonrunbooks.testbed.support.WithTwoNodeProcedure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Right after a restart, before the node has processed any event, Canton's time tracker is empty
 * and ClearPartyOnboardingFlag answers "onboarded" although the mapping still carries the flag. This
 * is why the runbook's VERIFY reads the mapping itself instead of trusting that answer.
 */
class ClearanceAfterRestartTest extends WithTwoNodeProcedure {
  // A long decision timeout keeps the automatic clearance from proposing anything, and a long
  // commitment period keeps the synchronizer quiet: nothing reaches the target after its restart.
  private static final Timings TIMINGS =
      Timings.fast().withDecisionTimeout(Duration.ofMinutes(5)).withReconciliationInterval(Duration.ofHours(1));

  ClearanceAfterRestartTest() {
    super(TIMINGS);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private boolean mappingStillOnboarding() {
    return net.engine().currentMapping(run.party).flatMap(m -> m.host(p2.uid)).orElseThrow().onboarding();
  }

  @Test
  void an_empty_time_tracker_after_a_restart_answers_onboarded_while_the_mapping_still_has_the_flag() {
    steps.step("offline replication up to the target's reconnect", () -> {
      run.allocateParty("alice");
      run.createContracts(p1, "A", 1);
      run.targetProposes(true);
      run.isolateTarget();
      run.partyAuthorizes(true);
      run.importSnapshot(run.export(), run.party);
      run.reconnectTarget();
    });
    assertThat(run.clearFlag().getOnboarded()).as("before the safe time, with events processed").isFalse();

    Participant target = net.participant("participant2");
    target.crash();
    target.restart();
    net.engine().awaitCondition(target::isConnected, Duration.ofSeconds(5), "the target to reconnect");

    assertThat(run.clearFlag().getOnboarded()).as("the empty time tracker's answer").isTrue();
    assertThat(mappingStillOnboarding()).as("what the mapping says").isTrue();

    // Once the node has processed an event again, the answer is the true one.
    String bob = net.participant("participant1").allocateParty("bob");
    net.engine().createContract(net.participant("participant1"), bob, List.of(), "wakes the synchronizer");
    // Polled here, not in awaitCondition: that holds the network's lock, which the call needs.
    boolean onboarded = true;
    for (int i = 0; i < 100 && onboarded; i++) {
      onboarded = run.clearFlag().getOnboarded();
      sleep(50);
    }
    assertThat(onboarded).as("the answer once an event has been processed").isFalse();
    assertThat(mappingStillOnboarding()).isTrue();
    assertThat(net.alarms()).isEmpty();
  }
}
