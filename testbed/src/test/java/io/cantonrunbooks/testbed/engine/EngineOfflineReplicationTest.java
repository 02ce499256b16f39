package io.cantonrunbooks.testbed.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EngineOfflineReplicationTest {
  private final SimulatedNetwork net = SimulatedNetwork.builder().participants(3).build();
  private final Participant p1 = net.participant("participant1");
  private final Participant p2 = net.participant("participant2");

  @AfterEach
  void close() {
    net.close();
  }

  @Test
  void the_documented_procedure_replicates_every_contract_once_without_alarms() {
    String alice = p1.allocateParty("alice");
    List<Contract> abc = new ArrayList<>();
    for (String name : List.of("A", "B", "C")) {
      abc.add(net.createContract(p1, alice, List.of(), name));
    }
    net.startTraffic(alice, 20, null);

    PartyToParticipant onboarding =
        new PartyToParticipant(
            alice,
            1,
            List.of(
                new HostingParticipant(p1.uid(), Permission.SUBMISSION, false),
                new HostingParticipant(p2.uid(), Permission.CONFIRMATION, true)),
            null);
    TopologyTransaction proposal = p2.authorize(TopologyTransaction.Op.ADD_REPLACE, 0, onboarding);
    net.awaitCondition(
        () -> p2.localPartyToParticipant(true).stream().anyMatch(r -> r.transaction().equals(proposal)),
        Duration.ofSeconds(5),
        "proposal sequenced");
    p2.modifyConnectionConfig(p2.connectionConfig("global").withManualConnect(true));
    p2.disconnectAll();
    long sourceEnd = p1.ledgerEnd();
    p1.authorize(TopologyTransaction.Op.ADD_REPLACE, proposal.serial(), onboarding);

    Participant.AcsExport export =
        p1.exportPartyAcs(alice, net.synchronizerId(), p2.uid(), sourceEnd, Duration.ofSeconds(5));
    assertThat(export.contracts()).extracting(Contract::contractId).contains(abc.stream().map(Contract::contractId).toArray(String[]::new));
    Contract d = net.createContract(p1, alice, List.of(), "D");

    Participant.ImportSession session = p2.beginImport(ImportOptions.forParty(net.synchronizerId(), alice));
    for (Contract c : export.contracts()) {
      session.add(new ImportRecord(c, net.synchronizerId(), 0, ""));
    }
    session.commit();
    long targetEnd = p2.ledgerEnd();
    p2.modifyConnectionConfig(p2.connectionConfig("global").withManualConnect(false));
    p2.reconnect("global");

    net.awaitCondition(
        () -> net.currentMapping(alice).orElseThrow().host(p2.uid()).orElseThrow().onboarding() == false,
        Duration.ofSeconds(10),
        "automatic clearance");
    net.awaitCondition(
        () -> p2.clearOnboardingFlag(alice, net.synchronizerId(), targetEnd, Duration.ofSeconds(5)).onboarded(),
        Duration.ofSeconds(5),
        "onboarded");
    net.stopTraffic(alice);
    // A transaction the traffic submitted just before it stopped may be processed by one node and
    // not yet by the other: compare once both have caught up (or after 5 s, to fail with the lists).
    try {
      net.awaitCondition(() -> p2.activeContracts(alice).equals(p1.activeContracts(alice)), Duration.ofSeconds(5),
          "both nodes to process the last transactions");
    } catch (IllegalStateException stillDifferent) {
      // the assertion below prints both sides
    }
    assertThat(p2.activeContracts(alice)).containsExactlyElementsOf(p1.activeContracts(alice));
    assertThat(p2.activeContracts(alice)).extracting(Contract::contractId).contains(d.contractId());
    assertThat(net.alarms()).isEmpty();
  }

  @Test
  void an_import_that_fails_leaves_no_contract_and_no_pending_clearance_and_the_retry_records_it() {
    String alice = p1.allocateParty("alice");
    net.createContract(p1, alice, List.of(), "A");
    PartyToParticipant onboarding = new PartyToParticipant(alice, 1, List.of(
        new HostingParticipant(p1.uid(), Permission.SUBMISSION, false),
        new HostingParticipant(p2.uid(), Permission.CONFIRMATION, true)), null);
    TopologyTransaction proposal = p2.authorize(TopologyTransaction.Op.ADD_REPLACE, 0, onboarding);
    net.awaitCondition(() -> p2.localPartyToParticipant(true).stream().anyMatch(r -> r.transaction().equals(proposal)),
        Duration.ofSeconds(5), "proposal sequenced");
    p2.modifyConnectionConfig(p2.connectionConfig("global").withManualConnect(true));
    p2.disconnectAll();
    long sourceEnd = p1.ledgerEnd();
    p1.authorize(TopologyTransaction.Op.ADD_REPLACE, proposal.serial(), onboarding);
    List<Contract> exported = p1.exportPartyAcs(alice, net.synchronizerId(), p2.uid(), sourceEnd, Duration.ofSeconds(5)).contracts();

    Participant.ImportSession interrupted = p2.beginImport(ImportOptions.forParty(net.synchronizerId(), alice));
    exported.forEach(c -> interrupted.add(new ImportRecord(c, net.synchronizerId(), 0, "")));
    p2.crash();
    assertThat(catchThrowable(interrupted::commit)).isInstanceOf(CantonError.class).hasMessageContaining("restarted");
    p2.restart();
    assertThat(p2.pendingClearances()).as("no record of an import that did not happen").doesNotContainKey(alice);
    assertThat(p2.activeContracts(alice)).isEmpty();

    Participant.ImportSession retry = p2.beginImport(ImportOptions.forParty(net.synchronizerId(), alice));
    exported.forEach(c -> retry.add(new ImportRecord(c, net.synchronizerId(), 0, "")));
    assertThat(retry.commit()).isEqualTo(exported.size());
    assertThat(p2.pendingClearances()).containsKey(alice);
  }

  @Test
  void a_connected_target_without_the_flag_halts_with_an_alarm() {
    String alice = p1.allocateParty("alice");
    Contract a = net.createContract(p1, alice, List.of(), "A");
    PartyToParticipant plain =
        new PartyToParticipant(
            alice,
            1,
            List.of(
                new HostingParticipant(p1.uid(), Permission.SUBMISSION, false),
                new HostingParticipant(p2.uid(), Permission.CONFIRMATION, false)),
            null);
    TopologyTransaction tx = p2.authorize(TopologyTransaction.Op.ADD_REPLACE, 0, plain);
    net.awaitCondition(() -> p2.localPartyToParticipant(true).size() == 1, Duration.ofSeconds(5), "proposal");
    p1.authorize(TopologyTransaction.Op.ADD_REPLACE, tx.serial(), plain);
    net.awaitCondition(() -> p1.isEffective(tx) && p2.isEffective(tx), Duration.ofSeconds(5), "effective");
    net.archiveContract(p1, alice, a.contractId());
    assertThat(p2.isHalted()).isTrue();
    assertThat(net.alarms()).extracting(Alarm::kind).contains(Alarm.Kind.MISSED_EVENT, Alarm.Kind.SYNC_SERVICE_ALARM);
    assertThatThrownBy(() -> p2.beginImport(ImportOptions.forParty(net.synchronizerId(), alice)))
        .isInstanceOf(CantonError.class);
  }
}
