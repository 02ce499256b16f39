package io.cantonrunbooks.worker.e2e;

import static io.cantonrunbooks.worker.e2e.OfflinePartyReplicationEndToEndTest.replicate;
import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.testbed.TestbedNetwork;
import io.cantonrunbooks.testbed.engine.Alarm;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplication;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationInput;
import io.cantonrunbooks.workflows.runbook.Outcome;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * VERIFY's commitment check end to end, in the two cases a clean replication does not show: the
 * target's commitments with the source mismatch after the clearance, and no period ends within the
 * wait. Either way the runbook completes and its facts say what was, or was not, compared.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class VerifyCommitmentsEndToEndTest {

  @TempDir Path dir;

  private static RunbookStatus run(TestbedFixture f, OfflinePartyReplicationInput input) {
    OfflinePartyReplication wf = f.client().newWorkflowStub(OfflinePartyReplication.class,
        WorkflowOptions.newBuilder().setWorkflowId(input.workflowId()).setTaskQueue(f.config.worker().taskQueue()).build());
    return wf.run(input);
  }

  private static Map<String, String> verifyFacts(RunbookStatus report) {
    return report.steps().stream().filter(s -> s.name().equals("VERIFY")).findFirst().orElseThrow().facts();
  }

  @Test
  void a_mismatch_with_the_source_after_the_clearance_is_reported_and_the_runbook_completes() throws Exception {
    try (TestbedFixture f = new TestbedFixture(2, dir)) {
      String alice = f.participant("participant1").allocateParty("alice");
      f.create("participant1", alice, "A");
      f.create("participant1", alice, "B");
      // Other parties' contracts differ between the two nodes: alice's match, the nodes' commitments do not.
      Divergence.between(f, "participant1", "participant2");
      String source = f.participant("participant1").uid();

      RunbookStatus report = run(f, replicate(alice, "participant1", "participant2"));

      assertThat(report.outcome()).isEqualTo(Outcome.SUCCEEDED);
      Map<String, String> facts = verifyFacts(report);
      System.out.printf("VERIFY facts with a divergent counter-participant: %s%n", facts);
      assertThat(facts).doesNotContainKey("commitments not compared");
      assertThat(facts.get("commitment periods from the source after clearance")).contains("] MISMATCH");
      assertThat(facts.get("commitment mismatches after clearance")).contains(source + " (");
      assertThat(f.net.alarms()).extracting(Alarm::kind).containsOnly(Alarm.Kind.ACS_COMMITMENT_MISMATCH);
    }
  }

  @Test
  void without_a_period_ending_within_the_wait_the_facts_say_nothing_was_compared() throws Exception {
    try (TestbedFixture f = new TestbedFixture(
        TestbedNetwork.builder().participants(2).timings(Divergence.NO_PERIOD_ENDS), dir)) {
      String alice = f.participant("participant1").allocateParty("alice");
      f.create("participant1", alice, "A");
      // Without commitment ticks the synchronizer sends no time proofs; traffic keeps its time moving.
      f.net.engine().startTraffic(alice, 10, null);

      RunbookStatus report;
      try {
        report = run(f, replicate(alice, "participant1", "participant2", Duration.ofSeconds(1)));
      } finally {
        f.net.engine().stopTraffic(alice);
      }

      assertThat(report.outcome()).isEqualTo(Outcome.SUCCEEDED);
      Map<String, String> facts = verifyFacts(report);
      System.out.printf("VERIFY facts without a commitment period: %s%n", facts);
      assertThat(facts)
          .containsEntry("commitment periods from the source after clearance", "none")
          .containsEntry("commitment mismatches after clearance", "none");
      assertThat(facts.get("commitments not compared"))
          .contains("within PT1S of the clearance", "nothing was compared", "commitments.lookup_received_acs_commitments");
      assertThat(f.net.alarms()).as("testbed alarms").isEmpty();
    }
  }
}
