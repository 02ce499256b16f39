package io.cantonrunbooks.testbed.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

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
    assertThat(errorId(() -> p1.prune(end))).isEqualTo("OFFSET_OUT_OF_RANGE");

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
  void the_internal_prune_leaves_ledger_api_reads_alone_and_refuses_offsets_past_the_end() {
    String alice = p1.allocateParty("alice");
    net.createContract(p1, alice, List.of(), "A");
    long end = p1.ledgerEnd();
    assertThat(errorId(() -> p1.pruneInternally(end + 5))).isEqualTo("INTERNAL_PRUNING_ERROR");
    p1.pruneInternally(end);
    assertThat(p1.prunedUpTo()).isZero();
    assertThat(p1.activeContractsAt(alice, 1)).isEmpty();
    assertThat(p1.activeContractsAt(alice, end)).hasSize(1);
  }
}
