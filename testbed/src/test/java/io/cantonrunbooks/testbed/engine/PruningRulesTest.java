package io.cantonrunbooks.testbed.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The full (Ledger API) prune and the internal (Admin) prune, and reads around the pruning point. */
class PruningRulesTest {
  private final SimulatedNetwork net = SimulatedNetwork.builder().participants(1).build();
  private final Participant p1 = net.participant("participant1");

  @AfterEach
  void close() {
    net.close();
  }

  private static String errorId(Runnable call) {
    return ((CantonError) catchThrowable(call::run)).errorId();
  }

  @Test
  void the_full_prune_stays_below_the_ledger_end_and_reads_below_it_fail_while_reads_at_it_work() throws Exception {
    String alice = p1.allocateParty("alice");
    net.createContract(p1, alice, List.of(), "A");
    long end = p1.ledgerEnd();
    assertThat(errorId(() -> p1.prune(0))).isEqualTo("INVALID_ARGUMENT");
    assertThat(errorId(() -> net.locked(() -> p1.prune(p1.ledgerEnd())))).isEqualTo("OFFSET_OUT_OF_RANGE");

    Thread.sleep(net.timings().reconciliationInterval().multipliedBy(2).toMillis());
    net.createContract(p1, alice, List.of(), "B");
    long safe = p1.safePruningOffset();
    assertThat(safe).isGreaterThanOrEqualTo(end);
    p1.prune(safe);
    assertThat(p1.activeContractsAt(alice, safe)).as("a read at exactly the pruned offset").isNotEmpty();
    assertThat(errorId(() -> p1.activeContractsAt(alice, safe - 1))).isEqualTo("PARTICIPANT_PRUNED_DATA_ACCESSED");
    p1.prune(safe); // nothing left to prune is not an error
  }

  @Test
  void the_internal_prune_leaves_ledger_api_reads_alone_refuses_offsets_past_the_end_and_stops_at_the_safe_point()
      throws Exception {
    String alice = p1.allocateParty("alice");
    net.createContract(p1, alice, List.of(), "A");
    long end = p1.ledgerEnd();
    assertThat(errorId(() -> p1.pruneInternally(0))).isEqualTo("INVALID_ARGUMENT");
    assertThat(errorId(() -> p1.pruneInternally(end + 5))).isEqualTo("INTERNAL_PRUNING_ERROR");
    // Unlike the full prune it may name the ledger end, but the update just processed is never safe.
    assertThat(errorId(() -> net.locked(() -> p1.pruneInternally(p1.ledgerEnd())))).isEqualTo("UNSAFE_TO_PRUNE");

    Thread.sleep(net.timings().reconciliationInterval().multipliedBy(2).toMillis());
    net.createContract(p1, alice, List.of(), "B");
    long safe = p1.safePruningOffset();
    assertThat(safe).isGreaterThanOrEqualTo(end);
    p1.pruneInternally(safe);
    assertThat(p1.prunedUpTo()).isZero();
    assertThat(p1.activeContractsAt(alice, 1)).isEmpty();
    assertThat(p1.activeContractsAt(alice, end)).hasSize(1);
  }

  @Test
  void the_safe_offset_query_stays_at_or_below_the_given_time_and_offset() throws Exception {
    String alice = p1.allocateParty("alice");
    net.createContract(p1, alice, List.of(), "A");
    long[] endAfterA = new long[1];
    Instant afterA =
        net.locked(
            () -> {
              endAfterA[0] = p1.ledgerEnd();
              return net.now();
            });
    Thread.sleep(net.timings().reconciliationInterval().multipliedBy(2).toMillis());
    net.createContract(p1, alice, List.of(), "B");
    long safe = p1.safePruningOffset();
    assertThat(safe).isGreaterThan(endAfterA[0]);

    assertThat(p1.safePruningOffset(Instant.now(), p1.ledgerEnd(), PrunableCommitments.MATCHED)).hasValue(safe);
    assertThat(p1.safePruningOffset(Instant.now(), 2, PrunableCommitments.MATCHED)).hasValue(2);
    assertThat(p1.safePruningOffset(afterA, p1.ledgerEnd(), PrunableCommitments.MATCHED))
        .as("nothing published after the given time")
        .hasValue(endAfterA[0]);
    assertThat(errorId(() -> p1.safePruningOffset(Instant.EPOCH, p1.ledgerEnd(), PrunableCommitments.MATCHED)))
        .isEqualTo("NO_INTERNAL_PARTICIPANT_DATA_BEFORE");

    p1.prune(safe);
    assertThat(errorId(() -> p1.safePruningOffset(Instant.now(), safe, PrunableCommitments.MATCHED)))
        .as("everything up to the bound is already pruned")
        .isEqualTo("NO_INTERNAL_PARTICIPANT_DATA_BEFORE");
  }
}
