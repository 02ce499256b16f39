package io.cantonrunbooks.worker.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cantonrunbooks.testbed.engine.Contract;
import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplication;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationInput;
import io.cantonrunbooks.workflows.runbook.ApprovalPolicy;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.cantonrunbooks.activities.Permission;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad replication inputs sent through a real worker to the testbed: each is refused with a sentence
 * naming what is wrong and what is expected, and no node's observable state changed (ledger end,
 * connections, pruning schedule, vetted packages, party mappings, active contract counts).
 *
 * <p>The cases that need no node (field syntax, approvals, JSON) are unit tests elsewhere; see the
 * table in docs/security.md. One network serves every case, which is itself a check: a case that
 * left something behind would break the next one's "nothing changed".
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BadReplicationInputEndToEndTest {

  private static Path dir;
  private static TestbedFixture fixture;
  private static String alice;
  private static String bob;
  /** Hosted on participant1 and participant3 already. */
  private static String carol;
  private Map<String, String> before;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("bad-input");
    fixture = new TestbedFixture(3, dir);
    alice = fixture.participant("participant1").allocateParty("alice");
    bob = fixture.participant("participant2").allocateParty("bob");
    fixture.create("participant1", alice, "A1");
    fixture.create("participant2", bob, "B1");
    carol = hostedOnTwo("carol", "participant1", "participant3");
  }

  private static String hostedOnTwo(String hint, String first, String second) {
    var p1 = fixture.participant(first);
    var p2 = fixture.participant(second);
    String party = p1.allocateParty(hint);
    var both = new io.cantonrunbooks.testbed.engine.PartyToParticipant(party, 1, List.of(
        new io.cantonrunbooks.testbed.engine.HostingParticipant(p1.uid(), io.cantonrunbooks.testbed.engine.Permission.SUBMISSION, false),
        new io.cantonrunbooks.testbed.engine.HostingParticipant(p2.uid(), io.cantonrunbooks.testbed.engine.Permission.SUBMISSION, false)),
        null);
    var tx = p2.authorize(io.cantonrunbooks.testbed.engine.TopologyTransaction.Op.ADD_REPLACE, 0, both);
    p1.authorize(tx.op(), tx.serial(), both);
    fixture.net.engine().awaitCondition(() -> p2.isEffective(tx), Duration.ofSeconds(10), party + " hosted on two nodes");
    return party;
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  /** The observable state of every node, as text so that a difference prints readably. */
  private static Map<String, String> observableState() {
    var state = new TreeMap<String, String>();
    for (String node : fixture.net.nodeNames()) {
      Participant p = fixture.participant(node);
      // Not the ledger end: the testbed's synchronizer sequences its own background events, which
      // move every node's ledger end whether or not a runbook touched anything.
      state.put(node + ".connected", String.valueOf(p.isConnected()));
      state.put(node + ".connections", String.valueOf(p.connectionConfigs()));
      state.put(node + ".pruningSchedule", String.valueOf(p.pruningSchedule()));
      state.put(node + ".vettedPackages", String.valueOf(new java.util.TreeSet<>(p.vettedPackages())));
      for (String party : List.of(alice, bob, carol)) {
        state.put(node + ".acs[" + party + "]",
            String.valueOf(p.activeContracts(party).stream().map(Contract::contractId).sorted().toList()));
      }
    }
    for (String party : List.of(alice, bob, carol)) {
      state.put("mapping[" + party + "]", String.valueOf(fixture.net.engine().currentMapping(party)));
    }
    return state;
  }

  @org.junit.jupiter.api.BeforeEach
  void snapshot() {
    before = observableState();
  }

  @AfterEach
  void nothingChanged() {
    assertThat(observableState()).as("testbed state after a refused input").isEqualTo(before);
    assertThat(fixture.net.alarms()).as("testbed alarms").isEmpty();
  }

  private static OfflinePartyReplicationInput input(String party, String sync, String source, String target) {
    return new OfflinePartyReplicationInput(party, sync, source, target, Permission.SUBMISSION,
        new ApprovalPolicy(List.of(), null, null, null, "e2e", null, null), Duration.ofMinutes(1), 3,
        Duration.ofMinutes(1), false, null);
  }

  /** Runs the input to its end and returns the failure's type and message. */
  private static String[] refusal(OfflinePartyReplicationInput input) {
    OfflinePartyReplication wf = fixture.client().newWorkflowStub(OfflinePartyReplication.class,
        WorkflowOptions.newBuilder().setWorkflowId("bad-input/" + UUID.randomUUID())
            .setTaskQueue(fixture.config.worker().taskQueue()).build());
    WorkflowClient.start(wf::run, input);
    Throwable thrown = catchThrowable(() -> WorkflowStub.fromTyped(wf).getResult(RunbookStatus.class));
    assertThat(thrown).as("the runbook must fail").isInstanceOf(WorkflowFailedException.class);
    ApplicationFailure failure = (ApplicationFailure) thrown.getCause();
    RunbookStatus report = failure.getDetails().get(RunbookStatus.class);
    return new String[] {report.failureType(), report.failureMessage()};
  }

  @Test
  void an_unknown_source_node_is_refused_naming_the_node_and_the_inventory() {
    String[] r = refusal(input(alice, "global", "participant9", "participant2"));
    assertThat(r[1]).contains("unknown node 'participant9'", "participant1, participant2, participant3");
  }

  @Test
  void an_unknown_target_node_is_refused_naming_the_node_and_the_inventory() {
    String[] r = refusal(input(alice, "global", "participant1", "Participant2"));
    assertThat(r[1]).contains("unknown node 'Participant2'", "participant1, participant2, participant3");
  }

  @Test
  void a_malformed_party_id_is_refused_before_any_node_is_asked() {
    String[] r = refusal(input("alice", "global", "participant1", "participant2"));
    assertThat(r[0]).isEqualTo("INVALID_INPUT");
    assertThat(r[1]).contains("partyId:");
  }

  @Test
  void a_well_formed_party_that_exists_nowhere_is_refused_as_unknown() {
    String nobody = "nobody::1220" + "ab".repeat(32);
    String[] r = refusal(input(nobody, "global", "participant1", "participant2"));
    assertThat(r[1]).contains("party " + nobody + " is unknown on 'global'");
  }

  @Test
  void an_unknown_synchronizer_alias_is_refused_naming_the_registered_ones() {
    String[] r = refusal(input(alice, "globl", "participant1", "participant2"));
    assertThat(r[1]).contains("synchronizer 'globl' is not registered on participant1 (registered: [global])");
  }

  @Test
  void the_same_node_as_source_and_target_is_refused() {
    String[] r = refusal(input(alice, "global", "participant1", "participant1"));
    assertThat(r[0]).isEqualTo("INVALID_INPUT");
    assertThat(r[1]).contains("targetNode: expected a node other than the source, got 'participant1' for both");
  }

  @Test
  void a_party_not_hosted_on_the_source_is_refused_naming_its_hosts() {
    String[] r = refusal(input(alice, "global", "participant3", "participant2"));
    assertThat(r[1]).contains("party " + alice + " is not hosted on the source participant3 (hosts: ")
        .contains("participant1");
  }

  @Test
  void a_target_that_already_hosts_the_party_is_refused_as_nothing_to_replicate() {
    String[] r = refusal(input(carol, "global", "participant1", "participant3"));
    assertThat(r[0]).isEqualTo("PREFLIGHT_FAILED");
    assertThat(r[1]).contains("target participant3 already hosts " + carol + " without the onboarding flag");
  }

  @Test
  void a_negative_clearance_timeout_is_refused_naming_the_field() {
    var bad = new OfflinePartyReplicationInput(alice, "global", "participant1", "participant2", Permission.SUBMISSION,
        null, Duration.ofSeconds(-5), 3, Duration.ofMinutes(1), false, null);
    String[] r = refusal(bad);
    assertThat(r[1]).contains("onboardingClearanceTimeout: expected a positive duration, got PT-5S");
  }

  @Test
  void too_many_import_attempts_are_refused_naming_the_range() {
    var bad = new OfflinePartyReplicationInput(alice, "global", "participant1", "participant2", Permission.SUBMISSION,
        null, Duration.ofMinutes(1), 99, Duration.ofMinutes(1), false, null);
    String[] r = refusal(bad);
    assertThat(r[1]).contains("maxImportAttempts: expected 1 to 10, got 99");
  }

  @Test
  void an_approval_policy_naming_an_unknown_gate_is_refused() {
    var bad = new OfflinePartyReplicationInput(alice, "global", "participant1", "participant2", Permission.SUBMISSION,
        new ApprovalPolicy(List.of("no-such-gate"), null, null, null, "e2e", null, null), Duration.ofMinutes(1), 3,
        Duration.ofMinutes(1), false, null);
    String[] r = refusal(bad);
    assertThat(r[1]).contains("approvals").contains("no-such-gate");
  }

  @Test
  void a_disconnected_source_is_refused_because_the_party_authorization_needs_it() {
    Participant p3 = fixture.participant("participant3");
    p3.disconnect("global");
    try {
      before = observableState();
      String[] r = refusal(input(alice, "global", "participant3", "participant2"));
      assertThat(r[1]).contains("source participant3 is not connected to 'global'");
      assertThat(observableState()).isEqualTo(before);
    } finally {
      p3.reconnect("global");
      before = observableState();
    }
  }
}
