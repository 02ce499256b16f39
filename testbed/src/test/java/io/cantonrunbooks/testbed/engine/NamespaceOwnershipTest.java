package io.cantonrunbooks.testbed.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Parties whose namespace is held outside the nodes: who must sign, and what the synchronizer refuses. */
class NamespaceOwnershipTest {
  private final SimulatedNetwork net = SimulatedNetwork.builder().participants(3).build();
  private final Participant p1 = net.participant("participant1");
  private final Participant p2 = net.participant("participant2");

  @AfterEach
  void close() {
    net.close();
  }

  private PartyToParticipant hostedOn(String party, int threshold, HostingParticipant... hosts) {
    return new PartyToParticipant(party, threshold, List.of(hosts), net.currentMapping(party).orElseThrow().partySigningKeys());
  }

  private static HostingParticipant host(Participant p, Permission permission) {
    return new HostingParticipant(p.uid(), permission, false);
  }

  @Test
  void fingerprints_follow_cantons_hash_purposes() {
    byte[] zeros = new byte[32];
    // SHA-256 over int32(12) ++ 32 zero bytes, as a multihash.
    assertThat(Namespaces.fingerprintOf(zeros)).startsWith("1220").hasSize(68);
    assertThat(Namespaces.fingerprintOf(zeros)).isNotEqualTo(Ids.fingerprint(""));
    assertThat(Namespaces.decentralizedNamespaceOf(List.of("b", "a")))
        .isEqualTo(Namespaces.decentralizedNamespaceOf(List.of("a", "b")));
  }

  @Test
  void a_party_in_its_own_namespace_needs_its_owners_signature_to_add_a_host() {
    ExternalKey owner = ExternalKey.generate();
    String ns = net.namespaces().registerRootKey(owner.rawPublicKey());
    String carol = p1.allocatePartyOwnedBy("carol", ns, List.of(owner), Permission.SUBMISSION, false);
    assertThat(carol).isEqualTo("carol::" + owner.fingerprint());

    PartyToParticipant twoHosts = hostedOn(carol, 1, host(p1, Permission.SUBMISSION), host(p2, Permission.SUBMISSION));
    // The target and the source participant sign; neither owns carol's namespace.
    TopologyTransaction tx = p2.authorize(TopologyTransaction.Op.ADD_REPLACE, 0, twoHosts);
    p1.authorize(TopologyTransaction.Op.ADD_REPLACE, tx.serial(), twoHosts);
    assertThat(p1.wouldBeFullyAuthorized(tx)).isFalse();

    p1.addSigned(tx, Map.of(owner.fingerprint(), owner.sign(tx.hash())));
    net.awaitCondition(() -> p2.isEffective(tx), Duration.ofSeconds(5), "two hosts effective");
    assertThat(net.currentMapping(carol).orElseThrow().host(p2.uid())).isPresent();
  }

  @Test
  void a_wrong_or_unknown_signature_is_refused_before_anything_is_sequenced() {
    ExternalKey owner = ExternalKey.generate();
    ExternalKey stranger = ExternalKey.generate();
    String ns = net.namespaces().registerRootKey(owner.rawPublicKey());
    String carol = p1.allocatePartyOwnedBy("carol", ns, List.of(owner), Permission.SUBMISSION, false);
    TopologyTransaction tx = p1.prepare(TopologyTransaction.Op.ADD_REPLACE, 0,
        hostedOn(carol, 1, host(p1, Permission.SUBMISSION), host(p2, Permission.OBSERVATION)));

    assertThatThrownBy(() -> p1.addSigned(tx, Map.of(owner.fingerprint(), stranger.sign(tx.hash()))))
        .hasMessageContaining("verification failed");
    assertThatThrownBy(() -> p1.addSigned(tx, Map.of(stranger.fingerprint(), stranger.sign(tx.hash()))))
        .isInstanceOf(CantonError.class)
        .extracting(e -> ((CantonError) e).errorId()).isEqualTo("TOPOLOGY_NO_APPROPRIATE_SIGNING_KEY_IN_STORE");
    assertThat(p1.localPartyToParticipant(true)).noneMatch(r -> r.transaction().equals(tx));
  }

  @Test
  void a_decentralized_namespace_needs_its_threshold_of_owners() {
    ExternalKey a = ExternalKey.generate();
    ExternalKey b = ExternalKey.generate();
    ExternalKey c = ExternalKey.generate();
    List<String> owners = List.of(
        net.namespaces().registerRootKey(a.rawPublicKey()),
        net.namespaces().registerRootKey(b.rawPublicKey()),
        net.namespaces().registerRootKey(c.rawPublicKey()));
    String dns = net.namespaces().defineDecentralized(owners, 2);
    assertThat(dns).isEqualTo(Namespaces.decentralizedNamespaceOf(owners));
    String dao = p1.allocatePartyOwnedBy("dao", dns, List.of(a, b), Permission.CONFIRMATION, false);

    PartyToParticipant twoHosts = hostedOn(dao, 1, host(p1, Permission.CONFIRMATION), host(p2, Permission.CONFIRMATION));
    TopologyTransaction tx = p2.authorize(TopologyTransaction.Op.ADD_REPLACE, 0, twoHosts);
    p1.addSigned(tx, Map.of(c.fingerprint(), c.sign(tx.hash())));
    net.awaitCondition(() -> p1.signersOf(tx).contains(c.fingerprint()), Duration.ofSeconds(5), "first owner's signature");
    assertThat(p2.wouldBeFullyAuthorized(tx)).as("one owner of a 2-of-3 namespace").isFalse();

    p1.addSigned(tx, Map.of(a.fingerprint(), a.sign(tx.hash())));
    net.awaitCondition(() -> p2.isEffective(tx), Duration.ofSeconds(5), "second owner completes the threshold");
  }

  @Test
  void an_external_party_carries_its_signing_keys_in_the_mapping() {
    ExternalKey key = ExternalKey.generate();
    String ns = net.namespaces().registerRootKey(key.rawPublicKey());
    String ext = p1.allocatePartyOwnedBy("ext", ns, List.of(key), Permission.CONFIRMATION, true);
    assertThat(net.currentMapping(ext).orElseThrow().external()).isTrue();
    assertThat(net.currentMapping(p1.allocateParty("local")).orElseThrow().external()).isFalse();
  }
}
