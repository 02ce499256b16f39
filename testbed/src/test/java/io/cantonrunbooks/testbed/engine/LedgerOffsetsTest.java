package io.cantonrunbooks.testbed.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Offsets are per participant, every processed event takes one, and hosting changes are indexed everywhere. */
class LedgerOffsetsTest {
  private final SimulatedNetwork net = SimulatedNetwork.builder().participants(3).build();
  private final Participant p1 = net.participant("participant1");
  private final Participant p2 = net.participant("participant2");
  private final Participant p3 = net.participant("participant3");

  @AfterEach
  void close() {
    net.close();
  }

  private static List<LedgerUpdate.Topology> topologyUpdates(Participant p, String party) {
    return p.updates().stream()
        .filter(u -> u instanceof LedgerUpdate.Topology t && t.events().stream().anyMatch(e -> e.party().equals(party)))
        .map(u -> (LedgerUpdate.Topology) u)
        .toList();
  }

  private void awaitTopologyUpdates(String party, int count) {
    net.awaitCondition(
        () -> List.of(p1, p2, p3).stream().allMatch(p -> topologyUpdates(p, party).size() == count),
        Duration.ofSeconds(5),
        count + " topology updates for " + party + " on every node");
  }

  @Test
  void every_participant_indexes_a_hosting_change_at_its_effective_time_under_its_own_offset() {
    String carol = p1.allocateParty("carol");
    net.createContract(p1, carol, List.of(), "only participant1 sees this");
    String alice = p1.allocateParty("alice");
    awaitTopologyUpdates(alice, 1);

    Instant effective = p1.knownTopology().stream()
        .filter(r -> r.transaction().mapping().party().equals(alice))
        .map(StoredTopologyTransaction::validFrom)
        .findFirst().orElseThrow();
    LedgerUpdate.Topology onHost = topologyUpdates(p1, alice).get(0);
    LedgerUpdate.Topology elsewhere = topologyUpdates(p2, alice).get(0);
    assertThat(onHost.recordTime()).isEqualTo(effective);
    assertThat(elsewhere.recordTime()).as("nodes that do not host alice index it too").isEqualTo(effective);
    assertThat(topologyUpdates(p3, alice)).hasSize(1);
    assertThat(onHost.offset()).as("participant1 also indexed carol's transaction").isNotEqualTo(elsewhere.offset());
    assertThat(elsewhere.events()).singleElement()
        .satisfies(e -> assertThat(e.kind()).isEqualTo(HostingEvent.Kind.ADDED));
  }

  @Test
  void a_sequenced_event_without_a_ledger_api_event_takes_an_offset_on_connected_nodes_only() {
    p3.disconnectAll();
    long[] before = {p1.ledgerEnd(), p2.ledgerEnd(), p3.ledgerEnd()};
    net.locked(net::sequenceTimeProof);
    assertThat(p1.ledgerEnd()).isEqualTo(before[0] + 1);
    assertThat(p2.ledgerEnd()).isEqualTo(before[1] + 1);
    assertThat(p2.updates().get(p2.updates().size() - 1)).isInstanceOf(LedgerUpdate.Invisible.class);
    assertThat(p3.ledgerEnd()).as("a disconnected node's ledger end stands still").isEqualTo(before[2]);
    p3.reconnect("global");
    assertThat(p3.ledgerEnd()).as("it catches up on reconnect").isGreaterThan(before[2]);
  }

  @Test
  void proposals_and_threshold_only_changes_publish_no_topology_update() {
    String alice = p1.allocateParty("alice");
    awaitTopologyUpdates(alice, 1);
    PartyToParticipant twoHosts = new PartyToParticipant(alice, 1, List.of(
        new HostingParticipant(p1.uid(), Permission.SUBMISSION, false),
        new HostingParticipant(p2.uid(), Permission.CONFIRMATION, false)), null);
    TopologyTransaction proposal = p2.authorize(TopologyTransaction.Op.ADD_REPLACE, 0, twoHosts);
    net.awaitCondition(() -> !p3.localPartyToParticipant(true).isEmpty(), Duration.ofSeconds(5), "the proposal");
    long afterProposal = p3.ledgerEnd();
    assertThat(topologyUpdates(p3, alice)).as("a proposal is no hosting change").hasSize(1);

    p1.authorize(TopologyTransaction.Op.ADD_REPLACE, proposal.serial(), twoHosts);
    awaitTopologyUpdates(alice, 2);
    TopologyTransaction thresholdOnly = p1.authorize(TopologyTransaction.Op.ADD_REPLACE, 0,
        new PartyToParticipant(alice, 2, twoHosts.participants(), null));
    net.awaitCondition(() -> p3.isEffective(thresholdOnly), Duration.ofSeconds(5), "the threshold change");
    net.awaitCondition(() -> p3.observedTime().orElseThrow().isAfter(p3.knownTopology().stream()
            .filter(r -> r.transaction().equals(thresholdOnly)).findFirst().orElseThrow().validFrom()),
        Duration.ofSeconds(5), "time past its effective time");
    assertThat(topologyUpdates(p3, alice)).as("threshold-only: no event").hasSize(2);
    assertThat(p3.ledgerEnd()).as("but its broadcast took an offset").isGreaterThan(afterProposal);
  }
}
