package io.cantonrunbooks.testbed.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The bounds of the safe pruning point besides ACS commitments (those are in {@code
 * AcsCommitmentHistoryTest}), and how scheduled pruning iterates up to it.
 */
class SafePruningPointTest {

  private static CantonError pruneFails(Runnable prune) {
    return catchThrowableOfType(prune::run, CantonError.class);
  }

  /** The offset at which {@code p} processed the broadcast of {@code tx}. */
  private static long broadcastOffset(Participant p, TopologyTransaction tx) {
    return p.updates().stream()
        .filter(u -> u instanceof LedgerUpdate.Invisible i && i.cause().equals("topology transaction " + tx.hashHex()))
        .mapToLong(LedgerUpdate::offset)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void a_sequenced_topology_transaction_protects_its_offset_until_it_is_effective() {
    // A delay long enough for a commitment period to end while the transaction is pending.
    Timings timings = Timings.fast().withTopologyChangeDelay(Duration.ofSeconds(2));
    try (SimulatedNetwork net = SimulatedNetwork.builder().participants(1).timings(timings).build()) {
      Participant p1 = net.participant("participant1");
      TopologyTransaction bob =
          p1.authorize(
              TopologyTransaction.Op.ADD_REPLACE,
              0,
              new PartyToParticipant(
                  "bob::" + p1.namespace(), 1, List.of(new HostingParticipant(p1.uid(), Permission.SUBMISSION, false)), null));
      net.awaitCondition(
          () -> p1.updates().stream().anyMatch(u -> u instanceof LedgerUpdate.Invisible i && i.cause().contains(bob.hashHex())),
          Duration.ofSeconds(2),
          "the transaction to be sequenced");
      long sequencedAt = broadcastOffset(p1, bob);

      net.awaitCondition(
          () -> p1.safePruningPoint(PrunableCommitments.MATCHED).limitedBy().startsWith("topology"),
          Duration.ofMillis(1800),
          "the pending transaction to be what limits pruning");
      assertThat(p1.isEffective(bob)).isFalse();
      assertThat(p1.safePruningOffset()).isEqualTo(sequencedAt - 1);
      CantonError unsafe = pruneFails(() -> p1.prune(sequencedAt));
      assertThat(unsafe.errorId()).isEqualTo("UNSAFE_TO_PRUNE");
      assertThat(unsafe.getMessage()).contains("topology: a transaction sequenced at").contains("Last safe offset is " + (sequencedAt - 1));
      assertThat(unsafe.context()).containsEntry("safe_offset", Long.toString(sequencedAt - 1));

      net.awaitCondition(() -> p1.isEffective(bob) && p1.safePruningOffset() >= sequencedAt, Duration.ofSeconds(4), "bob effective");
      p1.prune(sequencedAt);
      assertThat(p1.prunedUpTo()).isEqualTo(sequencedAt);
    }
  }

  @Test
  void updates_published_within_the_max_deduplication_duration_of_the_latest_one_are_protected() {
    Timings timings = Timings.fast().withMaxDeduplicationDuration(Duration.ofMillis(1500));
    try (SimulatedNetwork net = SimulatedNetwork.builder().participants(1).timings(timings).build()) {
      Participant p1 = net.participant("participant1");
      String alice = p1.allocateParty("alice");
      net.createContract(p1, alice, List.of(), "A");
      long a = p1.ledgerEnd();

      // Once a commitment period has ended after A, deduplication is all that still holds A.
      net.awaitCondition(
          () -> {
            List<Participant.PruningLimit> limits = p1.pruningLimits(PrunableCommitments.MATCHED);
            return limits.stream().allMatch(l -> l.reason().startsWith("max deduplication duration") == l.firstUnsafe() <= a);
          },
          Duration.ofMillis(1400),
          "deduplication to be the only bound that holds A");
      CantonError unsafe = pruneFails(() -> p1.prune(a));
      assertThat(unsafe.errorId()).isEqualTo("UNSAFE_TO_PRUNE");
      assertThat(unsafe.getMessage()).contains("max deduplication duration PT1.5S");
      assertThat(p1.safePruningPoint(PrunableCommitments.ALL).lastSafeOffset())
          .as("the commitment rule does not lift it")
          .isLessThan(a);

      // Time proofs keep the ledger moving, so A leaves the window.
      net.awaitCondition(() -> p1.safePruningOffset() >= a, Duration.ofSeconds(4), "A to leave the window");
      p1.prune(a);
      assertThat(p1.prunedUpTo()).isEqualTo(a);
    }
  }

  @Test
  void the_clean_sequencer_index_protects_what_a_disconnected_node_imported_since() throws Exception {
    try (SimulatedNetwork net = SimulatedNetwork.builder().participants(1).build()) {
      Participant p1 = net.participant("participant1");
      String alice = p1.allocateParty("alice");
      net.createContract(p1, alice, List.of(), "A");
      p1.disconnectAll();
      long lastProcessed = p1.ledgerEnd();
      // An import that adds nothing still publishes its commit marker.
      p1.beginImport(new ImportOptions(
              false, net.synchronizerId(), ImportOptions.Mode.VALIDATION, null, null, Map.of(), Map.of(), Map.of(), Set.of()))
          .commit();
      assertThat(p1.ledgerEnd()).isEqualTo(lastProcessed + 1);

      // The import's updates carry the clean index's time, so crash recovery keeps them with the
      // event processed last. (The commitment bound, at or before that event, is always as strict.)
      List<Participant.PruningLimit> limits = net.locked(() -> p1.pruningLimits(PrunableCommitments.ALL));
      assertThat(limits)
          .filteredOn(l -> l.reason().startsWith("crash recovery"))
          .singleElement()
          .satisfies(l -> assertThat(l.firstUnsafe()).isLessThanOrEqualTo(lastProcessed));
      assertThat(p1.safePruningOffset()).isLessThan(lastProcessed);
    }
  }

  @Test
  void one_scheduled_iteration_prunes_at_most_one_batch_and_a_window_ends_once_its_target_is_reached()
      throws Exception {
    try (SimulatedNetwork net = SimulatedNetwork.builder().participants(1).maxPruningBatchSize(2).build()) {
      Participant p1 = net.participant("participant1");
      String alice = p1.allocateParty("alice");
      for (int i = 0; i < 4; i++) {
        net.createContract(p1, alice, List.of(), "c" + i);
      }
      Thread.sleep(net.timings().reconciliationInterval().multipliedBy(2).toMillis());
      net.createContract(p1, alice, List.of(), "last");
      assertThat(p1.safePruningOffset()).isGreaterThanOrEqualTo(6);

      // Fires every hour of 1 January 2099 only, so the background job never runs: the test drives
      // the iterations with a clock inside those windows.
      p1.setPruningSchedule(new PruningSchedule("0 0 * 1 1 ? 2099", Duration.ofMinutes(30), Duration.ofSeconds(1), false));
      Instant firstWindow = Instant.parse("2099-01-01T00:00:05Z");
      net.locked(() -> p1.pruningStep(firstWindow));
      assertThat(p1.prunedUpTo()).as("one batch").isEqualTo(2);
      net.locked(() -> p1.pruningStep(firstWindow));
      assertThat(p1.prunedUpTo()).as("the next batch").isEqualTo(4);
      long target = net.locked(() -> {
        long safe = p1.safePruningOffset();
        while (p1.prunedUpTo() < safe) {
          p1.pruningStep(firstWindow);
        }
        return safe;
      });
      assertThat(p1.prunedUpTo()).isEqualTo(target);

      net.createContract(p1, alice, List.of(), "after the target");
      net.awaitCondition(() -> p1.safePruningOffset() > target, Duration.ofSeconds(3), "more to become safe");
      net.locked(() -> p1.pruningStep(firstWindow));
      assertThat(p1.prunedUpTo()).as("the window's job is done").isEqualTo(target);
      net.locked(() -> p1.pruningStep(Instant.parse("2099-01-01T01:00:05Z")));
      assertThat(p1.prunedUpTo()).as("the next fire prunes again").isGreaterThan(target);
    }
  }
}
