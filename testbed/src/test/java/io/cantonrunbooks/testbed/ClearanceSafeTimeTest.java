package io.cantonrunbooks.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.cantonapi.testbed.v1.SetSynchronizerParametersRequest;
import io.cantonrunbooks.testbed.engine.HostingEvent;
import io.cantonrunbooks.testbed.engine.LedgerUpdate;
import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.testbed.engine.Timings;
import io.cantonrunbooks.testbed.support.WithTwoNodeProcedure;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A decision timeout shortened shortly before the party's activation does not let the onboarding flag
 * go early: a request sequenced under the old, longer timeout can still be decided until the old
 * parameters' end plus that timeout, and Canton's clearance waits for it.
 */
class ClearanceSafeTimeTest extends WithTwoNodeProcedure {
  // A 3 s decision timeout at first; everything else keeps the fast timings.
  private static final Timings TIMINGS =
      Timings.fast().withDecisionTimeout(Duration.ofSeconds(3));

  ClearanceSafeTimeTest() {
    super(TIMINGS);
  }

  private static com.google.protobuf.Duration millis(long ms) {
    return com.google.protobuf.Duration.newBuilder().setNanos((int) (ms * 1_000_000)).build();
  }

  private static Instant instant(com.google.protobuf.Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  /** Record time of the target's own hosting event of {@code kind} for the party. */
  private Instant hostingEventTime(HostingEvent.Kind kind) {
    Participant target = net.participant("participant2");
    return target.updates().stream()
        .filter(u -> u instanceof LedgerUpdate.Topology t && t.events().stream().anyMatch(
            e -> e.party().equals(run.party) && e.participantUid().equals(target.uid()) && e.kind() == kind))
        .map(LedgerUpdate::recordTime)
        .findFirst().orElseThrow();
  }

  private boolean hasHostingEvent(HostingEvent.Kind kind) {
    try {
      hostingEventTime(kind);
      return true;
    } catch (java.util.NoSuchElementException e) {
      return false;
    }
  }

  @Test
  void a_timeout_shortened_before_the_activation_holds_the_clearance_until_the_old_one_has_run_out() {
    steps.step("source allocates the party with contracts", () -> {
      run.allocateParty("alice");
      run.createContracts(p1, "A", 2);
    });
    steps.step("target proposes and is isolated", () -> {
      run.targetProposes(true);
      run.isolateTarget();
    });
    Instant changed = steps.step("the synchronizer's owners shorten the decision timeout to 200 ms", () ->
        instant(p1.control.setSynchronizerParameters(SetSynchronizerParametersRequest.newBuilder()
            .setConfirmationResponseTimeout(millis(100)).setMediatorReactionTimeout(millis(100)).build())
            .getEffectiveTime()));
    steps.step("the change is effective on the source", () -> net.engine().awaitCondition(
        () -> net.participant("participant1").observedTime().map(t -> t.isAfter(changed)).orElse(false),
        Duration.ofSeconds(5), "the parameters change to be effective"));
    steps.step("party authorizes, source exports, target imports and reconnects", () -> {
      run.partyAuthorizes(true);
      byte[] snapshot = run.export();
      run.importSnapshot(snapshot, run.party);
      run.reconnectTarget();
    });

    Instant activation = hostingEventTime(HostingEvent.Kind.ONBOARDING);
    Instant oldDeadline = changed.plus(Duration.ofSeconds(3));
    assertThat(activation.plusMillis(200)).as("the new timeout alone would allow an earlier clearing").isBefore(oldDeadline);
    var early = steps.step("clearance is asked for right away", run::clearFlag);
    assertThat(early.getOnboarded()).isFalse();
    assertThat(instant(early.getEarliestRetryTimestamp())).isEqualTo(oldDeadline);

    steps.step("the flag is cleared once safe", () -> {
      run.awaitOnboarded();
      net.engine().awaitCondition(() -> hasHostingEvent(HostingEvent.Kind.ADDED), Duration.ofSeconds(5), "the clearing's event");
    });
    assertThat(hostingEventTime(HostingEvent.Kind.ADDED)).as("the clearing took effect after the old deadline").isAfter(oldDeadline);
    assertThat(net.alarms()).isEmpty();
  }
}
