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

  @Test
  void waits_for_a_period_after_the_given_time_and_reports_its_match() throws Exception {
    try (TestbedFixture f = new TestbedFixture(2, dir);
        NodeClients clients = new NodeClients(f.config.nodes(), f.config.acsDirectory())) {
      String source = f.participant("participant1").uid();
      String alice = f.participant("participant1").allocateParty("alice");
      String bob = f.participant("participant2").allocateParty("bob");
      f.net.engine().createContract(f.participant("participant1"), alice, List.of(bob), "shared");
      Instant since = Instant.now();

      CommitmentCheck check = new CommitmentsActivitiesImpl(clients)
          .commitmentsAfter("participant2", "global", source, since, Duration.ofSeconds(30));

      assertThat(check.compared()).isTrue();
      assertThat(check.counterParticipant()).isEqualTo(source);
      assertThat(check.periods()).allSatisfy(p -> assertThat(p.toInclusive()).isAfter(since))
          .anySatisfy(p -> assertThat(p.state()).isEqualTo("MATCH"));
      assertThat(check.mismatches()).isEmpty();
      assertThat(Instant.now()).as("answered once compared, not at the end of the wait")
          .isBefore(since.plusSeconds(10));
    }
  }

  @Test
  void a_divergent_contract_shows_as_a_mismatch_with_the_counter_participant() throws Exception {
    try (TestbedFixture f = new TestbedFixture(2, dir);
        NodeClients clients = new NodeClients(f.config.nodes(), f.config.acsDirectory())) {
      String source = f.participant("participant1").uid();
      Divergence.between(f, "participant1", "participant2");
      Instant since = Instant.now();

      CommitmentCheck check = new CommitmentsActivitiesImpl(clients)
          .commitmentsAfter("participant2", "global", source, since, Duration.ofSeconds(30));

      assertThat(check.compared()).isTrue();
      assertThat(check.periods()).anySatisfy(p -> assertThat(p.state()).isEqualTo("MISMATCH"));
      assertThat(check.mismatches()).isNotEmpty().allSatisfy(m -> assertThat(m).startsWith(source + " ("));
    }
  }

  @Test
  void without_a_period_ending_within_the_wait_nothing_is_compared() throws Exception {
    try (TestbedFixture f = new TestbedFixture(TestbedNetwork.builder().participants(2).timings(Divergence.NO_PERIOD_ENDS), dir);
        NodeClients clients = new NodeClients(f.config.nodes(), f.config.acsDirectory())) {
      String source = f.participant("participant1").uid();
      String alice = f.participant("participant1").allocateParty("alice");
      String bob = f.participant("participant2").allocateParty("bob");
      f.net.engine().createContract(f.participant("participant1"), alice, List.of(bob), "shared");
      Instant since = Instant.now();

      CommitmentCheck check = new CommitmentsActivitiesImpl(clients)
          .commitmentsAfter("participant2", "global", source, since, Duration.ofSeconds(1));

      assertThat(check.compared()).isFalse();
      assertThat(check.periods()).isEmpty();
      assertThat(Instant.now()).as("waited the whole second").isAfterOrEqualTo(since.plusSeconds(1));
    }
  }
}
