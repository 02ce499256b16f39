package io.cantonrunbooks.testbed.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which contracts ExportPartyAcs puts in the snapshot, and where it may run. */
class ExportContentTest {
  private final SimulatedNetwork net = SimulatedNetwork.builder().participants(3).build();
  private final Participant p1 = net.participant("participant1");
  private final Participant p2 = net.participant("participant2");
  private final Participant p3 = net.participant("participant3");

  @AfterEach
  void close() {
    net.close();
  }

  @Test
  void contracts_shared_with_a_party_already_on_the_target_are_left_out_and_a_disconnected_node_still_exports() {
    String alice = p1.allocateParty("alice");
    String bob = p2.allocateParty("bob");
    String carol = p3.allocateParty("carol");
    Contract own = net.createContract(p1, alice, List.of(), "alice alone");
    Contract withBob = net.createContract(p1, alice, List.of(bob), "shared with a party on the target");
    Contract withCarol = net.createContract(p1, alice, List.of(carol), "shared with participant3's party");

    PartyToParticipant onboarding = new PartyToParticipant(alice, 1, List.of(
        new HostingParticipant(p1.uid(), Permission.SUBMISSION, false),
        new HostingParticipant(p2.uid(), Permission.CONFIRMATION, true)), null);
    TopologyTransaction proposal = p2.authorize(TopologyTransaction.Op.ADD_REPLACE, 0, onboarding);
    net.awaitCondition(() -> !p2.localPartyToParticipant(true).isEmpty(), Duration.ofSeconds(5), "the proposal");
    p2.disconnectAll();
    long sourceEnd = p1.ledgerEnd();
    long observerEnd = p3.ledgerEnd();
    p1.authorize(TopologyTransaction.Op.ADD_REPLACE, proposal.serial(), onboarding);

    Participant.AcsExport fromSource = p1.exportPartyAcs(alice, net.synchronizerId(), p2.uid(), sourceEnd, Duration.ofSeconds(5));
    assertThat(fromSource.contracts()).extracting(Contract::contractId)
        .containsExactlyInAnyOrder(own.contractId(), withCarol.contractId())
        .doesNotContain(withBob.contractId());

    // participant3 hosts carol, not alice, yet it indexed the activation: it can export what it knows.
    net.awaitCondition(() -> p3.updates().stream().anyMatch(u -> u instanceof LedgerUpdate.Topology t
        && t.events().stream().anyMatch(e -> e.party().equals(alice) && e.participantUid().equals(p2.uid()))),
        Duration.ofSeconds(5), "participant3 to index the activation");
    p3.disconnectAll();
    Participant.AcsExport fromCounterparty =
        p3.exportPartyAcs(alice, net.synchronizerId(), p2.uid(), observerEnd, Duration.ofSeconds(1));
    assertThat(fromCounterparty.contracts()).extracting(Contract::contractId).containsExactly(withCarol.contractId());
    assertThat(fromCounterparty.activation().effectiveTime()).isEqualTo(fromSource.activation().effectiveTime());
  }
}
