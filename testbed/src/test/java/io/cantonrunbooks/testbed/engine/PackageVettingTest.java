package io.cantonrunbooks.testbed.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Vetting is a VettedPackages topology transaction: it leaves through the node's in-memory outbox, is
 * sequenced, and counts for submissions only after the topology change delay.
 */
class PackageVettingTest {
  private final SimulatedNetwork net =
      SimulatedNetwork.builder().participants(2).demoPackageOn(n -> !n.equals("participant2")).build();
  private final Participant p1 = net.participant("participant1");
  private final Participant p2 = net.participant("participant2");
  private final byte[] demo = net.demoDar();
  private final String demoPackage = net.demoTemplate().packageId();

  @AfterEach
  void close() {
    net.close();
  }

  private CantonError refusal(Runnable submission) {
    return (CantonError) org.assertj.core.api.Assertions.catchThrowable(submission::run);
  }

  @Test
  void a_submission_is_refused_until_the_informee_hosts_vetting_is_effective() {
    String alice = p1.allocateParty("alice");
    String bob = p2.allocateParty("bob");
    p2.uploadDar(demo, "demo", true, null);
    assertThat(p2.vettedPackages()).as("still in the outbox").doesNotContain(demoPackage);
    CantonError early = refusal(() -> net.createContract(p1, alice, List.of(bob), "too early"));
    assertThat(early.errorId()).isEqualTo("NO_SYNCHRONIZER_FOR_SUBMISSION");
    assertThat(early.getMessage()).contains("not vetted by " + p2.uid());

    net.awaitCondition(() -> p1.vettingOf(p2.uid()).map(v -> v.packages().contains(demoPackage)).orElse(false),
        Duration.ofSeconds(5), "participant2's vetting to be sequenced");
    Vetting vetting = p1.vettingOf(p2.uid()).orElseThrow();
    assertThat(vetting.effective()).isEqualTo(vetting.sequenced().plus(net.timings().topologyChangeDelay()));
    net.awaitCondition(() -> p1.observedTime().orElseThrow().isAfter(vetting.effective()), Duration.ofSeconds(5), "effective");
    assertThat(net.createContract(p1, alice, List.of(bob), "once effective").observers()).containsExactly(bob);
  }

  @Test
  void a_vetting_not_yet_sequenced_is_lost_on_disconnect() throws Exception {
    p2.uploadDar(demo, "demo", true, null);
    p2.disconnectAll();
    Thread.sleep(net.timings().outboxDelay().multipliedBy(3).toMillis());
    p2.reconnect("global");
    assertThat(p1.vettingOf(p2.uid())).isEmpty();
    assertThat(p2.vettedPackages()).isEmpty();
    assertThat(p2.dars()).as("the upload itself is kept").hasSize(1);
  }

  @Test
  void a_synchronized_vetting_returns_once_effective_and_vetting_again_changes_nothing() {
    Dar dar = p2.uploadDar(demo, "demo", false, null);
    p2.vetDar(dar.mainPackageId(), net.synchronizerId(), true);
    Vetting first = p2.vettingOf(p2.uid()).orElseThrow();
    assertThat(first.packages()).contains(demoPackage);
    assertThat(p2.observedTime().orElseThrow()).isAfter(first.effective());
    p2.vetDar(dar.mainPackageId(), net.synchronizerId(), true);
    assertThat(p2.vettingOf(p2.uid()).orElseThrow().serial()).as("no second transaction").isEqualTo(first.serial());
    p2.disconnectAll();
    assertThatThrownBy(() -> p2.vetDar(dar.mainPackageId(), null, true))
        .satisfies(e -> assertThat(((CantonError) e).errorId()).isEqualTo("PACKAGE_SERVICE_CANNOT_AUTODETECT_SYNCHRONIZER"));
  }

  @Test
  void adding_an_unvetted_host_blocks_the_partys_workflows_on_existing_contracts_too() {
    String alice = p1.allocateParty("alice");
    Contract before = net.createContract(p1, alice, List.of(), "created while only participant1 hosted alice");
    PartyToParticipant onboarding = new PartyToParticipant(alice, 1, List.of(
        new HostingParticipant(p1.uid(), Permission.SUBMISSION, false),
        new HostingParticipant(p2.uid(), Permission.CONFIRMATION, true)), null);
    TopologyTransaction proposal = p2.authorize(TopologyTransaction.Op.ADD_REPLACE, 0, onboarding);
    net.awaitCondition(() -> !p1.localPartyToParticipant(true).isEmpty(), Duration.ofSeconds(5), "the proposal");
    TopologyTransaction authorized = p1.authorize(TopologyTransaction.Op.ADD_REPLACE, proposal.serial(), onboarding);
    net.awaitCondition(() -> p1.isEffective(authorized) && net.currentMapping(alice).isPresent()
            && p1.observedTime().orElseThrow().isAfter(p1.knownTopology().stream()
                .filter(r -> r.transaction().equals(authorized) && !r.proposal()).findFirst().orElseThrow().validFrom()),
        Duration.ofSeconds(5), "participant2 to host alice");

    CantonError create = refusal(() -> net.createContract(p1, alice, List.of(), "new"));
    assertThat(create.errorId()).isEqualTo("NO_SYNCHRONIZER_FOR_SUBMISSION");
    CantonError archive = refusal(() -> net.archiveContract(p1, alice, before.contractId()));
    assertThat(archive.errorId()).as("the input contract fixes the synchronizer").isEqualTo("INVALID_PRESCRIBED_SYNCHRONIZER_ID");
  }
}
