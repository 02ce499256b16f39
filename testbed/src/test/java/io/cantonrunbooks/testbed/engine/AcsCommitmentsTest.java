package io.cantonrunbooks.testbed.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AcsCommitmentsTest {
  private final SimulatedNetwork net = SimulatedNetwork.builder().participants(2).build();
  private final Participant p1 = net.participant("participant1");
  private final Participant p2 = net.participant("participant2");

  @AfterEach
  void close() {
    net.close();
  }

  @Test
  void group_hashes_are_reused_while_the_acs_is_unchanged_and_follow_every_change() {
    String alice = p1.allocateParty("alice");
    String bob = p2.allocateParty("bob");
    net.createContract(p1, alice, List.of(bob), "A");
    net.awaitCondition(() -> hex(fresh(now())).size() == 1, Duration.ofSeconds(5), "a shared group");
    AcsCommitments reusing = new AcsCommitments(net);

    Instant first = now();
    Map<String, byte[]> onlyA = hashes(reusing, first);
    assertThat(hex(onlyA)).isEqualTo(hex(fresh(first)));

    // Time and offsets move on, the ACS does not: the same result, not hashed again.
    net.locked(
        () -> {
          net.sequenceTimeProof();
          return null;
        });
    assertThat(p1.offsetAtRecordTime(now())).isGreaterThan(p1.offsetAtRecordTime(first));
    assertThat(hashes(reusing, now())).isSameAs(onlyA);

    // A create, then an archive: each change shows at once, and the past is unchanged.
    Contract b = net.createContract(p1, alice, List.of(bob), "B");
    Instant afterCreate = now();
    assertThat(hex(hashes(reusing, afterCreate))).isEqualTo(hex(fresh(afterCreate))).isNotEqualTo(hex(onlyA));
    net.archiveContract(p1, alice, b.contractId());
    Instant afterArchive = now();
    assertThat(hex(hashes(reusing, afterArchive))).isEqualTo(hex(fresh(afterArchive))).isEqualTo(hex(onlyA));
    assertThat(hex(hashes(reusing, afterCreate))).isEqualTo(hex(fresh(afterCreate)));
    assertThat(hex(hashes(reusing, first))).isEqualTo(hex(onlyA));
  }

  @Test
  void every_recorded_commitment_is_the_one_its_tick_hashes_to_while_unchanged_ticks_reuse_the_last() {
    String alice = p1.allocateParty("alice");
    String bob = p2.allocateParty("bob");
    net.createContract(p1, alice, List.of(bob), "A");
    TreeMap<Instant, byte[]> onlyA = awaitTicksSentToP2(3);
    Instant lastWithOnlyA = onlyA.lastKey();

    net.createContract(p1, alice, List.of(bob), "B");
    TreeMap<Instant, byte[]> withB = awaitTicksSentToP2(onlyA.size() + 3);
    List<byte[]> afterB = List.copyOf(withB.tailMap(lastWithOnlyA, false).values());

    net.locked(
        () -> {
          AcsCommitments fresh = new AcsCommitments(net);
          withB.forEach(
              (tick, sent) ->
                  assertThat(HexFormat.of().formatHex(sent))
                      .as("commitment sent for the period ending %s", tick)
                      .isEqualTo(HexFormat.of().formatHex(AcsCommitments.combine(fresh.groupHashes(p1, p2, tick)))));
          return null;
        });
    // An unchanged ACS: the tick reuses the previous result rather than hashing every contract again.
    assertThat(onlyA.lastEntry().getValue()).isSameAs(onlyA.firstEntry().getValue());
    assertThat(afterB.get(afterB.size() - 1)).isSameAs(afterB.get(afterB.size() - 2));
    assertThat(HexFormat.of().formatHex(afterB.get(afterB.size() - 1)))
        .isNotEqualTo(HexFormat.of().formatHex(onlyA.lastEntry().getValue()));
  }

  /** Waits until p1 has recorded at least {@code n} commitments for p2 and returns a copy of them. */
  private TreeMap<Instant, byte[]> awaitTicksSentToP2(int n) {
    net.awaitCondition(
        () -> net.locked(() -> p1.state.commitments().sent.getOrDefault(p2.uid(), new TreeMap<>()).size() >= n),
        Duration.ofSeconds(10),
        n + " commitments from participant1 to participant2");
    return net.locked(() -> new TreeMap<>(p1.state.commitments().sent.get(p2.uid())));
  }

  private Instant now() {
    return net.locked(net::now);
  }

  private Map<String, byte[]> hashes(AcsCommitments commitments, Instant tick) {
    return net.locked(() -> commitments.groupHashes(p1, p2, tick));
  }

  /** Computed by an instance that has never seen this ACS, so nothing can be reused. */
  private Map<String, byte[]> fresh(Instant tick) {
    return hashes(new AcsCommitments(net), tick);
  }

  private static Map<String, String> hex(Map<String, byte[]> groups) {
    Map<String, String> hex = new TreeMap<>();
    groups.forEach((group, hash) -> hex.put(group, HexFormat.of().formatHex(hash)));
    return hex;
  }
}
