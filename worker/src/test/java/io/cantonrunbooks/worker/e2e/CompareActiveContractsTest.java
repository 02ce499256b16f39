package io.cantonrunbooks.worker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.activities.AcsComparison;
import io.cantonrunbooks.activities.impl.NodeClients;
import io.cantonrunbooks.activities.impl.PartiesActivitiesImpl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verification's contract comparison, through the activity against the testbed: it compares
 * again until the two nodes agree, and reports a lasting difference with both sides' figures.
 */
class CompareActiveContractsTest {

  @TempDir Path dir;

  @Test
  void nodes_that_come_to_agree_between_rounds_compare_equal() throws Exception {
    try (TestbedFixture f = new TestbedFixture(2, dir);
        NodeClients clients = new NodeClients(f.config.nodes(), f.config.acsDirectory())) {
      String alice = f.participant("participant1").allocateParty("alice");
      String contract = f.create("participant1", alice, "A").contractId();
      // participant2 does not host alice: the two agree once the contract is archived on participant1.
      CompletableFuture<Void> archive = CompletableFuture.runAsync(() -> {
        sleep(600);
        f.net.engine().archiveContract(f.participant("participant1"), alice, contract);
      });

      AcsComparison comparison = new PartiesActivitiesImpl(clients)
          .compareActiveContracts("participant1", "participant2", alice, "global", 50, Duration.ofMillis(100));
      archive.join();

      assertThat(comparison.same()).isTrue();
      assertThat(comparison.rounds()).as("rounds until they agreed").isGreaterThan(1).isLessThan(50);
      assertThat(comparison.source().contracts()).isZero();
      assertThat(comparison.target().node()).isEqualTo("participant2");
    }
  }

  @Test
  void a_difference_that_lasts_is_reported_after_the_last_round_with_both_counts() throws Exception {
    try (TestbedFixture f = new TestbedFixture(2, dir);
        NodeClients clients = new NodeClients(f.config.nodes(), f.config.acsDirectory())) {
      String alice = f.participant("participant1").allocateParty("alice");
      f.create("participant1", alice, "A");
      f.create("participant1", alice, "B");

      AcsComparison comparison = new PartiesActivitiesImpl(clients)
          .compareActiveContracts("participant1", "participant2", alice, "global", 3, Duration.ofMillis(10));

      assertThat(comparison.same()).isFalse();
      assertThat(comparison.rounds()).isEqualTo(3);
      assertThat(comparison.source().contracts()).isEqualTo(2);
      assertThat(comparison.target().contracts()).isZero();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
