package io.cantonrunbooks.worker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.activities.OfflineReplicationPlan;
import io.cantonrunbooks.activities.Permission;
import io.cantonrunbooks.activities.PreflightReport;
import io.cantonrunbooks.activities.impl.NodeClients;
import io.cantonrunbooks.activities.impl.PreflightActivitiesImpl;
import io.cantonrunbooks.activities.keys.Ed25519Keys;
import java.security.KeyPairGenerator;
import io.cantonrunbooks.testbed.TestbedNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import io.cantonrunbooks.testbed.grpc.FaultPlan;
import io.grpc.Status;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline replication preflight against the testbed: it lists every problem at once, in
 * sentences that name the node and what is wrong, and changes nothing on any node.
 */
class PreflightAgainstTestbedTest {

  @TempDir Path dir;

  /**
   * What a change by the runbook would show on a node: connections and their configs, effective
   * mappings and proposals, and the contracts of every party. Not the ledger end: the testbed's
   * synchronizer sends time proofs on its own, which move offsets.
   */
  private static Map<String, String> observable(TestbedFixture f) {
    return f.net.nodeNames().stream().collect(Collectors.toMap(n -> n, n -> {
      var p = f.participant(n);
      return p.isConnected() + "|" + p.connectionConfigs() + "|" + p.localPartyToParticipant(false).size()
          + "|" + p.localPartyToParticipant(true).size() + "|" + p.localPartyToParticipant(false).stream()
              .map(t -> String.valueOf(t)).sorted().toList().hashCode();
    }));
  }

  private static PreflightReport preflight(TestbedFixture f, OfflineReplicationPlan plan) {
    try (NodeClients clients = new NodeClients(f.config.nodes(), f.config.acsDirectory())) {
      return new PreflightActivitiesImpl(clients, f.config.approvers()).offlinePartyReplication(plan);
    }
  }

  @Test
  void several_problems_are_listed_together_and_no_node_changes() throws Exception {
    try (TestbedFixture f = new TestbedFixture(3, dir)) {
      String bob = f.participant("participant3").allocateParty("bob");
      f.create("participant3", bob, "B1");
      Map<String, String> before = observable(f);

      PreflightReport report = preflight(f, new OfflineReplicationPlan(bob, "global", "participant1", "participant9", Permission.SUBMISSION));

      assertThat(report.passed()).isFalse();
      assertThat(report.problems()).anySatisfy(p -> assertThat(p).contains("target").contains("unknown node 'participant9'"));
      assertThat(report.problems()).anySatisfy(p -> assertThat(p).contains("is not hosted on the source participant1"));
      assertThat(observable(f)).isEqualTo(before);
    }
  }

  @Test
  void a_party_that_lives_on_the_target_is_reported_as_not_on_the_source_and_already_on_the_target() throws Exception {
    try (TestbedFixture f = new TestbedFixture(2, dir)) {
      String carol = f.participant("participant2").allocateParty("carol");
      PreflightReport report = preflight(f, new OfflineReplicationPlan(carol, "global", "participant1", "participant2", Permission.SUBMISSION));
      assertThat(report.problems())
          .anySatisfy(p -> assertThat(p).contains("is not hosted on the source participant1"))
          .anySatisfy(p -> assertThat(p).contains("target participant2 already hosts"));
    }
  }

  @Test
  void an_unknown_synchronizer_alias_is_named_for_both_nodes() throws Exception {
    try (TestbedFixture f = new TestbedFixture(2, dir)) {
      String alice = f.participant("participant1").allocateParty("alice");
      PreflightReport report = preflight(f, new OfflineReplicationPlan(alice, "nope", "participant1", "participant2", Permission.SUBMISSION));
      assertThat(report.problems())
          .anySatisfy(p -> assertThat(p).contains("synchronizer 'nope' is not registered on participant1"))
          .anySatisfy(p -> assertThat(p).contains("synchronizer 'nope' is not registered on participant2"));
    }
  }

  @Test
  void packages_the_party_uses_that_the_target_does_not_have_are_refused_before_it_goes_offline() throws Exception {
    try (TestbedFixture f = new TestbedFixture(
        TestbedNetwork.builder().participants(2).demoPackageOn(node -> !node.equals("participant2")), dir)) {
      String alice = f.participant("participant1").allocateParty("alice");
      f.create("participant1", alice, "A");
      Map<String, String> before = observable(f);

      PreflightReport report = preflight(f, new OfflineReplicationPlan(alice, "global", "participant1", "participant2", Permission.SUBMISSION));

      assertThat(report.problems()).singleElement().satisfies(p ->
          assertThat(p).contains("not uploaded on the target participant2").contains("upload their DARs"));
      assertThat(report.packageIds()).hasSize(1);
      assertThat(observable(f)).isEqualTo(before);
    }
  }

  @Test
  void a_target_whose_ledger_api_refuses_the_configured_token_is_a_problem_before_anything_changes() throws Exception {
    Path stale = Files.writeString(dir.resolve("stale.jwt"), "an-expired-token");
    try (TestbedFixture f = new TestbedFixture(2, dir, "nodes.participant2.token.file = \"" + stale + "\"")) {
      String alice = f.participant("participant1").allocateParty("alice");
      f.create("participant1", alice, "A");
      Map<String, String> before = observable(f);

      PreflightReport report = preflight(f, new OfflineReplicationPlan(alice, "global", "participant1", "participant2", Permission.SUBMISSION));

      assertThat(report.problems()).singleElement().satisfies(p -> assertThat(p)
          .contains("target participant2", "ledger_api.state.end", "UNAUTHENTICATED", "nodes.<name>.token")
          .doesNotContain("an-expired-token"));
      assertThat(observable(f)).isEqualTo(before);
    }
  }

  @Test
  void approver_keys_other_than_the_worker_registrys_are_a_problem_before_anything_changes() throws Exception {
    String bob = Ed25519Keys.toOpenSshPublicKey(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic(), "bob@ops");
    String forged = Ed25519Keys.toOpenSshPublicKey(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic(), "bob@ops");
    try (TestbedFixture f = new TestbedFixture(2, dir, "approvals.keys.bob = \"" + bob + "\"")) {
      String alice = f.participant("participant1").allocateParty("alice");
      f.create("participant1", alice, "A");
      Map<String, String> before = observable(f);
      java.util.function.Function<Map<String, String>, OfflineReplicationPlan> plan = keys ->
          new OfflineReplicationPlan(alice, "global", "participant1", "participant2", Permission.SUBMISSION, keys);

      assertThat(preflight(f, plan.apply(Map.of("bob", forged))).problems()).singleElement().asString()
          .startsWith("approvals.approverKeys.bob: key ").contains("is not bob's key in this worker's approver registry");
      assertThat(preflight(f, plan.apply(Map.of())).problems()).singleElement().asString()
          .startsWith("approvals.approverKeys: this worker requires signed approvals");
      assertThat(preflight(f, plan.apply(Map.of("bob", bob))).problems()).isEmpty();
      assertThat(observable(f)).isEqualTo(before);
    }
  }

  @Test
  void a_healthy_pair_passes_and_reports_what_the_runbook_needs() throws Exception {
    try (TestbedFixture f = new TestbedFixture(2, dir)) {
      String alice = f.participant("participant1").allocateParty("alice");
      f.create("participant1", alice, "A");
      PreflightReport report = preflight(f, new OfflineReplicationPlan(alice, "global", "participant1", "participant2", Permission.SUBMISSION));
      assertThat(report.problems()).isEmpty();
      assertThat(report.targetState()).isEqualTo(PreflightReport.TargetState.NOT_HOSTED);
      assertThat(report.target().taskQueue()).isEqualTo("canton-runbooks");
      assertThat(report.synchronizerId()).isEqualTo(f.net.engine().synchronizerId());
      assertThat(List.of(report.source().version(), report.target().version())).allSatisfy(v -> assertThat(v).startsWith("3."));
    }
  }

  /** Found by the fault soak: a transient failure of the status call used to end the runbook as a preflight problem. */
  @Test
  void a_transient_failure_reading_a_node_is_left_to_temporal_to_retry_and_a_refusal_is_a_problem() throws Exception {
    try (TestbedFixture f = new TestbedFixture(2, dir)) {
      String alice = f.participant("participant1").allocateParty("alice");
      var plan = new OfflineReplicationPlan(alice, "global", "participant1", "participant2", Permission.SUBMISSION);
      var faults = f.net.server("participant2").faults();

      faults.inject("ParticipantStatus", new FaultPlan.Fault(1, Status.Code.RESOURCE_EXHAUSTED, null, "busy", Duration.ZERO, 0));
      ApplicationFailure transient_ = catchThrowableOfType(() -> preflight(f, plan), ApplicationFailure.class);
      assertThat(transient_.isNonRetryable()).isFalse();
      assertThat(transient_.getType()).isEqualTo("RESOURCE_EXHAUSTED");
      assertThat(transient_.getOriginalMessage()).contains("participant2").contains("busy");
      assertThat(preflight(f, plan).problems()).as("the retry").isEmpty();

      faults.inject("ListConnectedSynchronizers", new FaultPlan.Fault(1, Status.Code.PERMISSION_DENIED, null, "no", Duration.ZERO, 0));
      assertThat(preflight(f, plan).problems()).singleElement()
          .satisfies(p -> assertThat(p).contains("target participant2 is unreachable or unhealthy").contains("PERMISSION_DENIED"));
    }
  }
}
