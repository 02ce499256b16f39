package io.cantonrunbooks.worker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.activities.CommitmentCheck;
import io.cantonrunbooks.activities.impl.CommitmentsActivitiesImpl;
import io.cantonrunbooks.activities.impl.NodeClients;
import io.cantonrunbooks.testbed.TestbedNetwork;
import io.cantonrunbooks.testbed.engine.Timings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verification's commitment check, through the activity against the testbed: it waits for a
 * period from the counter-participant that ends after the given time and is compared, and says so
 * when none comes within the wait.
 */
class CommitmentsAfterTest {

  @TempDir Path dir;

  /** A contract alice on participant1 shares with bob on participant2: the two nodes exchange commitments. */
  private static void shareAContract(TestbedFixture f) {
    String alice = f.participant("participant1").allocateParty("alice");
    String bob = f.participant("participant2").allocateParty("bob");
    f.net.engine().createContract(f.participant("participant1"), alice, List.of(bob), "shared");
  }

  /** participant2's commitments from participant1 after {@code since}, through the production activity. */
  private static CommitmentCheck check(TestbedFixture f, Instant since, Duration wait) {
    try (NodeClients clients = new NodeClients(f.config.nodes(), f.config.acsDirectory())) {
      return new CommitmentsActivitiesImpl(clients)
          .commitmentsAfter("participant2", "global", f.participant("participant1").uid(), since, wait);
    }
  }

  @Test
  void waits_for_a_period_after_the_given_time_and_reports_its_match() throws Exception {
    try (TestbedFixture f = new TestbedFixture(2, dir)) {
      shareAContract(f);
      Instant since = Instant.now();

      CommitmentCheck check = check(f, since, Duration.ofMinutes(1));

      assertThat(check.compared()).isTrue();
      assertThat(check.counterParticipant()).isEqualTo(f.participant("participant1").uid());
      assertThat(check.periods()).allSatisfy(p -> assertThat(p.toInclusive()).isAfter(since))
          .anySatisfy(p -> assertThat(p.state()).isEqualTo("MATCH"));
      assertThat(check.mismatches()).isEmpty();
      assertThat(Instant.now()).as("answered once compared, not at the end of the wait")
          .isBefore(since.plusSeconds(30));
    }
  }

  @Test
  void a_divergent_contract_shows_as_a_mismatch_with_the_counter_participant() throws Exception {
    try (TestbedFixture f = new TestbedFixture(2, dir)) {
      Divergence.between(f, "participant1", "participant2");

      CommitmentCheck check = check(f, Instant.now(), Duration.ofSeconds(30));

      assertThat(check.compared()).isTrue();
      assertThat(check.periods()).anySatisfy(p -> assertThat(p.state()).isEqualTo("MISMATCH"));
      assertThat(check.mismatches()).isNotEmpty()
          .allSatisfy(m -> assertThat(m).startsWith(f.participant("participant1").uid() + " ("));
    }
  }

  @Test
  void without_a_period_ending_within_the_wait_nothing_is_compared() throws Exception {
    try (TestbedFixture f = new TestbedFixture(TestbedNetwork.builder().participants(2).timings(Divergence.NO_PERIOD_ENDS), dir)) {
      shareAContract(f);
      Instant since = Instant.now();

      CommitmentCheck check = check(f, since, Duration.ofSeconds(1));

      assertThat(check.compared()).isFalse();
      assertThat(check.periods()).isEmpty();
      assertThat(Instant.now()).as("waited the whole second").isAfterOrEqualTo(since.plusSeconds(1));
    }
  }
}
