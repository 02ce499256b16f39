package io.cantonrunbooks.testbed.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The synchronizer's topology rules for serials, proposals, signatures and onboarding hosts. */
class TopologyProcessingTest {
  private final SimulatedNetwork net = SimulatedNetwork.builder().participants(2).build();
  private final Participant p1 = net.participant("participant1");
  private final Participant p2 = net.participant("participant2");

  @AfterEach
  void close() {
    net.close();
  }

  private PartyToParticipant mapping(String party, HostingParticipant... hosts) {
    return new PartyToParticipant(party, 1, List.of(hosts), null);
  }

  /** Waits until {@code tx} is effective and applies on every node (observed time past its effective time). */
  private void awaitApplies(TopologyTransaction tx) {
    for (Participant p : List.of(p1, p2)) {
      net.awaitCondition(
          () -> p.isEffective(tx) && p.observedTime().orElseThrow().isAfter(p.knownTopology().stream()
              .filter(r -> r.transaction().equals(tx) && !r.proposal()).findFirst().orElseThrow().validFrom()),
          Duration.ofSeconds(5), tx + " to apply on " + p);
    }
  }

  @Test
  void a_transaction_with_a_stale_serial_is_rejected_by_the_synchronizer_without_telling_the_caller() {
    String alice = p1.allocateParty("alice");
    PartyToParticipant downgraded = mapping(alice, new HostingParticipant(p1.uid(), Permission.CONFIRMATION, false));
    PartyToParticipant withTarget = mapping(alice,
        new HostingParticipant(p1.uid(), Permission.SUBMISSION, false),
        new HostingParticipant(p2.uid(), Permission.CONFIRMATION, true));
    TopologyTransaction first = p1.authorize(TopologyTransaction.Op.ADD_REPLACE, 0, downgraded);
    TopologyTransaction stale = p2.authorize(TopologyTransaction.Op.ADD_REPLACE, 0, withTarget);
    assertThat(stale.serial()).as("both picked head + 1 before either was sequenced").isEqualTo(first.serial());

    net.awaitCondition(() -> !net.rejectedTopology().isEmpty(), Duration.ofSeconds(5), "the rejection");
    assertThat(net.rejectedTopology()).singleElement().asString()
        .contains("SerialMismatch for " + alice + ": expected 3, got 2");
    assertThat(net.currentMapping(alice)).contains(downgraded);
    assertThat(p2.localPartyToParticipant(true)).isEmpty();
  }

  @Test
  void a_fully_authorized_transaction_expires_the_pending_proposals_up_to_its_serial() {
    String alice = p1.allocateParty("alice");
    TopologyTransaction proposal = p2.authorize(TopologyTransaction.Op.ADD_REPLACE, 0, mapping(alice,
        new HostingParticipant(p1.uid(), Permission.SUBMISSION, false),
        new HostingParticipant(p2.uid(), Permission.CONFIRMATION, true)));
    net.awaitCondition(() -> !p1.localPartyToParticipant(true).isEmpty(), Duration.ofSeconds(5), "the proposal");

    TopologyTransaction other = p1.authorize(TopologyTransaction.Op.ADD_REPLACE, proposal.serial(),
        mapping(alice, new HostingParticipant(p1.uid(), Permission.CONFIRMATION, false)));
    awaitApplies(other);
    assertThat(p1.localPartyToParticipant(true)).as("the proposal expired").isEmpty();
    assertThat(net.rejectedTopology()).isEmpty();
  }

  @Test
  void identical_proposals_merge_their_signatures_and_an_onboarding_host_may_not_submit() {
    String alice = p1.allocateParty("alice");
    PartyToParticipant onboarding = mapping(alice,
        new HostingParticipant(p1.uid(), Permission.SUBMISSION, false),
        new HostingParticipant(p2.uid(), Permission.SUBMISSION, true));
    TopologyTransaction proposal = p2.authorize(TopologyTransaction.Op.ADD_REPLACE, 0, onboarding);
    net.awaitCondition(() -> !p1.localPartyToParticipant(true).isEmpty(), Duration.ofSeconds(5), "the proposal");
    TopologyTransaction same = p1.authorize(TopologyTransaction.Op.ADD_REPLACE, proposal.serial(), onboarding);
    assertThat(same.hashHex()).isEqualTo(proposal.hashHex());
    awaitApplies(same);
    assertThat(p1.signersOf(same)).contains(p1.namespace(), p2.namespace());

    CantonError refused = (CantonError) catchThrowable(() -> net.createContract(p2, alice, List.of(), "from the target"));
    assertThat(refused.errorId()).isEqualTo("PARTY_CURRENTLY_ONBOARDING");
    assertThat(net.createContract(p1, alice, List.of(), "from the source").signatories())
        .as("the onboarding host is not needed to confirm").containsExactly(alice);
  }
  @Test
  void an_observing_host_does_not_count_towards_the_confirmation_threshold() {
    try (SimulatedNetwork three = SimulatedNetwork.builder().participants(3).build()) {
      Participant first = three.participant("participant1");
      Participant second = three.participant("participant2");
      Participant observer = three.participant("participant3");
      String alice = first.allocateParty("alice");
      String dao = first.allocateParty("dao");
      PartyToParticipant twoConfirmers = new PartyToParticipant(dao, 2, List.of(
          new HostingParticipant(first.uid(), Permission.CONFIRMATION, false),
          new HostingParticipant(second.uid(), Permission.CONFIRMATION, false),
          new HostingParticipant(observer.uid(), Permission.OBSERVATION, false)), null);
      TopologyTransaction tx = first.authorize(TopologyTransaction.Op.ADD_REPLACE, 0, twoConfirmers);
      second.authorize(TopologyTransaction.Op.ADD_REPLACE, tx.serial(), twoConfirmers);
      observer.authorize(TopologyTransaction.Op.ADD_REPLACE, tx.serial(), twoConfirmers);
      three.awaitCondition(() -> List.of(first, second, observer).stream().allMatch(p -> p.isEffective(tx)),
          Duration.ofSeconds(5), "dao's three hosts to be effective");
      var signedByBoth = List.of(new ContractSpec(
          three.demoTemplate(), SimulatedNetwork.DEMO_PACKAGE_NAME, List.of(alice, dao), List.of(), "needs dao"));

      second.crash();
      // The observer is up and would approve: were it a voter, it would complete dao's threshold.
      var withoutSecond = three.submit(first, alice, signedByBoth, List.of());
      assertThat(withoutSecond.approved()).isFalse();
      assertThat(withoutSecond.verdict()).contains("MEDIATOR_SAYS_TX_TIMED_OUT", dao);

      second.restart();
      three.awaitCondition(second::isConnected, Duration.ofSeconds(5), "participant2 to reconnect");
      assertThat(three.submit(first, alice, signedByBoth, List.of()).approved()).isTrue();
    }
  }
}
