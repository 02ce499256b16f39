package io.cantonrunbooks.worker.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cantonrunbooks.activities.OwnerSignature;
import io.cantonrunbooks.activities.Permission;
import io.cantonrunbooks.testbed.engine.Contract;
import io.cantonrunbooks.testbed.engine.ExternalKey;
import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.testbed.engine.PartyToParticipant;
import io.cantonrunbooks.workflows.runbook.ApprovalPolicy;
import io.cantonrunbooks.workflows.runbook.Outcome;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.cantonrunbooks.workflows.simplereplication.SigningRequest;
import io.cantonrunbooks.workflows.simplereplication.SimplePartyReplication;
import io.cantonrunbooks.workflows.simplereplication.SimplePartyReplicationInput;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simple party replication against the testbed over gRPC, for every kind of party owner: the
 * source signing for a local party, an owner outside the nodes, an external party and a
 * decentralized namespace reaching its threshold one signature at a time.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SimplePartyReplicationEndToEndTest {

  @TempDir Path dir;
  private TestbedFixture fixture;
  private Participant p1;
  private Participant p2;
  private Participant p3;

  @BeforeEach
  void start() throws Exception {
    fixture = new TestbedFixture(3, dir);
    p1 = fixture.participant("participant1");
    p2 = fixture.participant("participant2");
    p3 = fixture.participant("participant3");
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static SimplePartyReplicationInput input(String party, List<String> targets, Permission permission, Integer threshold) {
    return new SimplePartyReplicationInput(party, "global", "participant1", targets, permission, threshold, List.of(),
        new ApprovalPolicy(List.of(), null, null, null, "e2e", null, null), Duration.ofMinutes(1));
  }

  private SimplePartyReplication start(SimplePartyReplicationInput input) {
    SimplePartyReplication wf = fixture.client().newWorkflowStub(SimplePartyReplication.class,
        WorkflowOptions.newBuilder().setWorkflowId(input.workflowId()).setTaskQueue(fixture.config.worker().taskQueue()).build());
    WorkflowClient.start(wf::run, input);
    return fixture.client().newWorkflowStub(SimplePartyReplication.class, input.workflowId());
  }

  private static RunbookStatus result(SimplePartyReplication wf) {
    return WorkflowStub.fromTyped(wf).getResult(RunbookStatus.class);
  }

  private static SigningRequest awaitSigningRequest(SimplePartyReplication wf) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      SigningRequest request = wf.signingRequest();
      if (request != null && request.waiting()) {
        return request;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the runbook never asked for signatures");
  }

  private static OwnerSignature sign(ExternalKey key, SigningRequest request) {
    byte[] signature = key.sign(HexFormat.of().parseHex(request.transactionHash()));
    return new OwnerSignature(key.fingerprint(), Base64.getEncoder().encodeToString(signature));
  }

  /** A contract of another party with {@code party} as observer: it must reach every host of {@code party}. */
  private void assertNewContractsReachEveryHost(String party, Participant... hosts) throws InterruptedException {
    String bob = p3.allocateParty("bob" + System.nanoTime());
    Contract c = fixture.net.engine().createContract(p3, bob, List.of(party), "after replication");
    for (Participant host : hosts) {
      for (int i = 0; i < 100 && host.activeContracts(party).stream().noneMatch(x -> x.contractId().equals(c.contractId())); i++) {
        Thread.sleep(50);
      }
      assertThat(host.activeContracts(party)).as("contracts of " + party + " on " + host.name())
          .extracting(Contract::contractId).contains(c.contractId());
    }
    assertThat(fixture.net.alarms()).as("testbed alarms").isEmpty();
  }

  @Test
  void a_local_party_is_signed_for_by_the_source_and_hosted_on_two_targets_with_a_new_threshold() throws Exception {
    String alice = p1.allocateParty("alice");

    RunbookStatus report = result(start(input(alice, List.of("participant2", "participant3"), Permission.CONFIRMATION, 2)));

    assertThat(report.outcome()).isEqualTo(Outcome.SUCCEEDED);
    PartyToParticipant mapping = fixture.net.engine().currentMapping(alice).orElseThrow();
    assertThat(mapping.threshold()).isEqualTo(2);
    assertThat(mapping.participants()).extracting(h -> h.participantUid()).containsExactly(p1.uid(), p2.uid(), p3.uid());
    assertThat(mapping.host(p2.uid()).orElseThrow().permission().name()).isEqualTo("CONFIRMATION");
    assertNewContractsReachEveryHost(alice, p1, p2, p3);
  }

  @Test
  void a_party_in_its_own_namespace_waits_for_its_owners_signature() throws Exception {
    ExternalKey owner = ExternalKey.generate();
    String carol = p1.allocatePartyOwnedBy("carol", fixture.net.engine().namespaces().registerRootKey(owner.rawPublicKey()),
        List.of(owner), io.cantonrunbooks.testbed.engine.Permission.SUBMISSION, false);

    SimplePartyReplication wf = start(input(carol, List.of("participant2"), Permission.SUBMISSION, null));
    SigningRequest request = awaitSigningRequest(wf);
    assertThat(request.owners()).extracting(SigningRequest.OwnerState::namespace).containsExactly(owner.fingerprint());
    assertThat(fixture.net.engine().currentMapping(carol).orElseThrow().participants()).hasSize(1);
    wf.submitSignature(sign(owner, request));

    assertThat(result(wf).outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(fixture.net.engine().currentMapping(carol).orElseThrow().host(p2.uid())).isPresent();
    assertNewContractsReachEveryHost(carol, p1, p2);
  }

  @Test
  void an_external_party_is_refused_submission_and_replicated_with_confirmation() throws Exception {
    ExternalKey key = ExternalKey.generate();
    String ext = p1.allocatePartyOwnedBy("ext", fixture.net.engine().namespaces().registerRootKey(key.rawPublicKey()),
        List.of(key), io.cantonrunbooks.testbed.engine.Permission.CONFIRMATION, true);

    Throwable refused = catchThrowable(() -> result(start(input(ext, List.of("participant2"), Permission.SUBMISSION, null))));
    assertThat(refused.getCause()).hasMessageContaining("PREFLIGHT_FAILED")
        .hasMessageContaining("permission: " + ext + " is an external party");
    assertThat(fixture.net.engine().currentMapping(ext).orElseThrow().participants()).hasSize(1);

    SimplePartyReplication wf = start(input(ext, List.of("participant2"), Permission.CONFIRMATION, null));
    wf.submitSignature(sign(key, awaitSigningRequest(wf)));
    assertThat(result(wf).outcome()).isEqualTo(Outcome.SUCCEEDED);
    PartyToParticipant mapping = fixture.net.engine().currentMapping(ext).orElseThrow();
    assertThat(mapping.external()).as("signing keys kept").isTrue();
    assertThat(mapping.host(p2.uid()).orElseThrow().permission().name()).isEqualTo("CONFIRMATION");
    assertNewContractsReachEveryHost(ext, p1, p2);
  }

  @Test
  void a_multi_owner_party_collects_signatures_one_at_a_time_until_its_threshold() throws Exception {
    ExternalKey a = ExternalKey.generate();
    ExternalKey b = ExternalKey.generate();
    ExternalKey c = ExternalKey.generate();
    ExternalKey stranger = ExternalKey.generate();
    var namespaces = fixture.net.engine().namespaces();
    String dns = namespaces.defineDecentralized(List.of(
        namespaces.registerRootKey(a.rawPublicKey()), namespaces.registerRootKey(b.rawPublicKey()),
        namespaces.registerRootKey(c.rawPublicKey())), 2);
    namespaces.registerRootKey(stranger.rawPublicKey());
    String dao = p1.allocatePartyOwnedBy("dao", dns, List.of(a, b), io.cantonrunbooks.testbed.engine.Permission.CONFIRMATION, false);

    SimplePartyReplication wf = start(input(dao, List.of("participant2", "participant3"), Permission.CONFIRMATION, null));
    SigningRequest request = awaitSigningRequest(wf);
    assertThat(request.threshold()).isEqualTo(2);

    SigningRequest afterOne = wf.submitSignature(sign(b, request));
    assertThat(afterOne.owners()).filteredOn(SigningRequest.OwnerState::signed)
        .extracting(SigningRequest.OwnerState::namespace).containsExactly(b.fingerprint());
    assertThat(afterOne.waiting()).isTrue();

    assertThat(catchThrowable(() -> wf.submitSignature(sign(b, request))))
        .as("the same owner twice").hasStackTraceContaining("has signed already");
    assertThat(catchThrowable(() -> wf.submitSignature(sign(stranger, request))))
        .as("a key that owns nothing here").hasStackTraceContaining("is not an owner of " + dao);
    byte[] otherHash = HexFormat.of().parseHex(request.transactionHash());
    otherHash[5] ^= 1;
    assertThat(catchThrowable(() -> wf.submitSignature(new OwnerSignature(c.fingerprint(),
            Base64.getEncoder().encodeToString(c.sign(otherHash))))))
        .as("a signature over other bytes").hasStackTraceContaining("does not verify");
    assertThat(fixture.net.engine().currentMapping(dao).orElseThrow().participants()).hasSize(1);

    wf.submitSignature(sign(c, request));
    RunbookStatus report = result(wf);
    assertThat(report.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(fixture.net.engine().currentMapping(dao).orElseThrow().participants()).hasSize(3);
    assertNewContractsReachEveryHost(dao, p1, p2, p3);
  }

  @Test
  void a_party_that_is_already_a_stakeholder_is_refused_and_pointed_at_the_offline_runbook() throws Exception {
    String alice = p1.allocateParty("alice");
    fixture.create("participant1", alice, "A");
    PartyToParticipant before = fixture.net.engine().currentMapping(alice).orElseThrow();

    Throwable refused = catchThrowable(() -> result(start(input(alice, List.of("participant2"), Permission.SUBMISSION, null))));

    assertThat(refused.getCause()).hasMessageContaining("PREFLIGHT_FAILED")
        .hasMessageContaining("stakeholder of 1 active contract").hasMessageContaining("offline-party-replication");
    assertThat(fixture.net.engine().currentMapping(alice)).contains(before);
  }

  @Test
  void a_threshold_above_the_confirming_hosts_is_refused() {
    String alice = p1.allocateParty("alice");
    Throwable refused = catchThrowable(() -> result(start(input(alice, List.of("participant2"), Permission.CONFIRMATION, 3))));
    assertThat(refused.getCause()).hasMessageContaining("threshold: 3 is more than the 2 participant(s)");
    assertThat(fixture.net.engine().currentMapping(alice).orElseThrow().participants()).hasSize(1);
  }

  @Test
  void missing_owner_signatures_time_out_and_leave_the_mapping_unchanged() {
    ExternalKey owner = ExternalKey.generate();
    String carol = p1.allocatePartyOwnedBy("carol", fixture.net.engine().namespaces().registerRootKey(owner.rawPublicKey()),
        List.of(owner), io.cantonrunbooks.testbed.engine.Permission.SUBMISSION, false);
    var base = input(carol, List.of("participant2"), Permission.OBSERVATION, null);
    var in = new SimplePartyReplicationInput(base.partyId(), base.synchronizerAlias(), base.sourceNode(), base.targetNodes(),
        base.permission(), null, List.of(), base.approvals(), Duration.ofSeconds(2));

    Throwable timedOut = catchThrowable(() -> result(start(in)));

    assertThat(timedOut.getCause()).hasMessageContaining("OWNER_SIGNATURES_TIMED_OUT").hasMessageContaining(owner.fingerprint());
    assertThat(fixture.net.engine().currentMapping(carol).orElseThrow().participants()).hasSize(1);
  }
}
