package io.cantonrunbooks.activities.canton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cantonrunbooks.activities.acs.AcsSnapshotFile;
import io.cantonrunbooks.activities.acs.TransferProgress;
import io.cantonrunbooks.activities.nodes.BackupConfig;
import io.cantonrunbooks.activities.nodes.Endpoint;
import io.cantonrunbooks.activities.nodes.NodeConfig;
import io.cantonrunbooks.activities.nodes.TlsConfig;
import io.cantonrunbooks.activities.nodes.TokenSource;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ListRegisteredSynchronizersRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.SynchronizerConnectivityServiceGrpc;
import io.cantonrunbooks.cantonapi.testbed.v1.InjectFaultRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.TestbedControlServiceGrpc;
import io.cantonrunbooks.testbed.TestbedNetwork;
import io.cantonrunbooks.testbed.engine.Contract;
import io.cantonrunbooks.testbed.engine.DarFile;
import io.cantonrunbooks.testbed.engine.ExternalKey;
import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.testbed.engine.Permission;
import io.cantonrunbooks.testbed.engine.Timings;
import io.cantonrunbooks.testbed.grpc.LedgerApiAuth;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production {@link ParticipantClient} against the testbed over real gRPC on loopback: every
 * call the testbed serves, the happy path and the errors a runbook has to tell apart.
 *
 * <p>The fake in {@code FakeParticipant} pins the wire mapping; this class proves the client and
 * the simulated node agree on semantics (ids, retryability, what is refused when).
 */
class ParticipantClientAgainstTestbedTest {

  // A decision timeout of 3 s, so the first clearance request after reconnecting reliably hears
  // "not yet"; everything else keeps the fast timings.
  private static final Timings TIMINGS = Timings.fast().withDecisionTimeout(Duration.ofSeconds(3));

  @TempDir Path tmp;

  private TestbedNetwork net;
  private ParticipantClient p1;
  private ParticipantClient p2;
  private String syncId;

  @BeforeEach
  void start() {
    net = TestbedNetwork.builder().participants(2).timings(TIMINGS).build();
    p1 = ParticipantClient.connect(node("participant1"));
    p2 = ParticipantClient.connect(node("participant2"));
    syncId = net.engine().synchronizerId();
  }

  @AfterEach
  void stop() {
    p1.close();
    p2.close();
    net.close();
  }

  private NodeConfig node(String name) {
    return node(net, name);
  }

  private NodeConfig node(TestbedNetwork net, String name) {
    return node(net, name, Optional.empty());
  }

  private NodeConfig node(TestbedNetwork net, String name, Optional<TokenSource> token) {
    return new NodeConfig(
        name,
        Endpoint.parse(net.adminEndpoint(name)),
        Endpoint.parse(net.ledgerEndpoint(name)),
        TlsConfig.plaintext(),
        token,
        "canton-runbooks",
        BackupConfig.none(tmp));
  }

  private Participant engine(String name) {
    return net.participant(name);
  }

  private String uid(String name) {
    return engine(name).uid();
  }

  @Test
  void health_reports_the_nodes_uid_version_and_connection_and_the_ledger_end_advances() {
    ParticipantStatus status = p1.health().status();
    assertThat(status.initialized()).isTrue();
    assertThat(status.uid()).isEqualTo(uid("participant1"));
    assertThat(status.connectedSynchronizers())
        .extracting(ParticipantStatus.SynchronizerHealth::physicalId)
        .containsExactly(net.engine().physicalSynchronizerId());
    assertThat(p1.health().version().isAtLeast(3, 5, 0)).isTrue();

    assertThat(p1.ledger().connectedSynchronizers())
        .extracting(SynchronizerRef::synchronizerId)
        .containsExactly(syncId);
    long before = p1.ledger().ledgerEnd();
    String alice = engine("participant1").allocateParty("alice");
    net.engine().createContract(engine("participant1"), alice, List.of(), "A");
    assertThat(p1.ledger().ledgerEnd()).isGreaterThan(before);
  }

  @Test
  void owners_outside_the_node_are_listed_and_a_mapping_the_node_generated_takes_their_signatures_but_not_a_forged_one() {
    ExternalKey a = ExternalKey.generate();
    ExternalKey b = ExternalKey.generate();
    ExternalKey c = ExternalKey.generate();
    var namespaces = net.engine().namespaces();
    String nsA = namespaces.registerRootKey(a.rawPublicKey());
    String nsB = namespaces.registerRootKey(b.rawPublicKey());
    String nsC = namespaces.registerRootKey(c.rawPublicKey());
    String dns = namespaces.defineDecentralized(List.of(nsA, nsB, nsC), 2);
    String dao = engine("participant1").allocatePartyOwnedBy("dao", dns, List.of(a, b), Permission.CONFIRMATION, false);

    assertThat(p1.topology().decentralizedNamespace(syncId, dns)).hasValueSatisfying(d -> {
      assertThat(d.threshold()).isEqualTo(2);
      assertThat(d.owners()).containsExactlyInAnyOrder(nsA, nsB, nsC);
    });
    assertThat(p1.topology().decentralizedNamespace(syncId, nsA)).as("a plain namespace").isEmpty();
    assertThat(p1.topology().namespaceKeys(syncId, nsA)).singleElement().satisfies(k -> {
      assertThat(k.ed25519()).isEqualTo(a.rawPublicKey());
      assertThat(k.root()).isTrue();
    });

    PartyToParticipantMapping current = p1.topology().partyToParticipant(syncId, dao).orElseThrow();
    var proposal = PartyToParticipantProposal.nextOf(current, 1, List.of(
        current.participants().get(0), new HostingParticipant(uid("participant2"), ParticipantPermission.CONFIRMATION, false)));
    GeneratedTransaction tx = p1.topology().generatePartyToParticipant(syncId, proposal);
    assertThat(p1.topology().pendingPartyToParticipant(syncId, dao)).as("generating stores nothing").isEmpty();

    byte[] otherBytes = tx.hash().clone();
    otherBytes[5] ^= 1;
    CantonCallException forged = catchThrowableOfType(
        () -> p1.topology().addSignedTransaction(syncId, tx.serialized(), Map.of(a.fingerprint(), a.sign(otherBytes))),
        CantonCallException.class);
    assertThat(forged.errorId()).contains("TOPOLOGY_INVALID_TX_SIGNATURE");
    assertThat(forged.retryable()).isFalse();
    assertThat(p1.topology().pendingPartyToParticipant(syncId, dao)).as("a refused transaction is not stored").isEmpty();

    p1.topology().addSignedTransaction(syncId, tx.serialized(), Map.of(a.fingerprint(), a.sign(tx.hash()), c.fingerprint(), c.sign(tx.hash())));
    PartyToParticipantMapping pending = await(
        () -> p1.topology().pendingPartyToParticipant(syncId, dao).stream().findFirst(), "the signed proposal");
    assertThat(pending.serial()).isEqualTo(current.serial() + 1);
    assertThat(pending.signedBy()).contains(a.fingerprint(), c.fingerprint());
    assertThat(p1.topology().listPartyToParticipant(syncId, dao, true)).extracting(PartyToParticipantMapping::serial)
        .contains(current.serial() + 1);
  }

  @Test
  void add_party_async_is_refused_as_a_node_without_the_alpha_feature_refuses_it() {
    String alice = engine("participant1").allocateParty("alice");

    CantonCallException refused = catchThrowableOfType(
        () -> p2.parties().addPartyAsync(alice, syncId, uid("participant1"), 2, ParticipantPermission.CONFIRMATION),
        CantonCallException.class);

    assertThat(refused.code()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(refused.retryable()).isFalse();
    assertThat(refused).hasMessageContaining("participant2").hasMessageContaining("parties.add_party_async");
  }

  @Test
  void synchronizer_connections_are_listed_isolated_and_reconnected_without_losing_the_stored_config() {
    assertThat(p2.synchronizers().listRegistered(false))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.alias()).isEqualTo("global");
              assertThat(r.connected()).isTrue();
              assertThat(r.manualConnect()).isFalse();
            });
    assertThat(p2.synchronizers().listConnected())
        .extracting(ConnectedSynchronizer::synchronizerId)
        .containsExactly(syncId);
    assertThat(p2.synchronizers().getSynchronizerId("global"))
        .isEqualTo(new SynchronizerIds(syncId, net.engine().physicalSynchronizerId()));

    var before = storedConfig(p2);
    assertThat(p2.synchronizers().setManualConnect("global", true)).as("previous value").isFalse();
    assertThat(p2.synchronizers().setManualConnect("global", true)).as("already set: no write").isTrue();
    var after = storedConfig(p2);
    assertThat(after.getManualConnect()).isTrue();
    assertThat(after.toBuilder().setManualConnect(false).build())
        .as("the read-modify-write changes the flag and nothing else")
        .isEqualTo(before);
    assertThat(p2.synchronizers().listConnected()).as("the flag alone disconnects nothing").hasSize(1);

    p2.synchronizers().disconnect("global");
    assertThat(p2.synchronizers().listConnected()).isEmpty();
    p2.synchronizers().disconnect("global"); // already disconnected: still fine
    assertThat(p2.synchronizers().reconnect("global", false, Duration.ofSeconds(5))).isTrue();
    assertThat(p2.synchronizers().listConnected()).hasSize(1);
    p2.synchronizers().disconnectAll();
    assertThat(p2.synchronizers().listRegistered(true)).allSatisfy(r -> assertThat(r.connected()).isFalse());
    assertThat(p2.synchronizers().reconnect("global", false, Duration.ofSeconds(5))).isTrue();
    assertThat(p2.synchronizers().setManualConnect("global", false)).isTrue();
    assertThat(storedConfig(p2)).isEqualTo(before);
  }

  private static io.cantonrunbooks.cantonapi.admin.participant.v30.SynchronizerConnectionConfig storedConfig(
      ParticipantClient client) {
    return SynchronizerConnectivityServiceGrpc.newBlockingStub(client.adminChannel())
        .listRegisteredSynchronizers(ListRegisteredSynchronizersRequest.getDefaultInstance())
        .getResults(0)
        .getConfig();
  }

  @Test
  void an_unknown_synchronizer_alias_is_a_not_found_error_that_a_retry_cannot_fix() {
    CantonCallException unknown = callFails(() -> {
      p2.synchronizers().disconnect("nope");
      return null;
    });
    assertThat(unknown.errorId()).contains("SYNC_SERVICE_UNKNOWN_SYNCHRONIZER");
    assertThat(unknown.code()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(unknown.retryable()).isFalse();
    assertThat(unknown.node()).isEqualTo("participant2");
    assertThat(unknown.call()).isEqualTo("synchronizers.disconnect");

    CantonCallException noConfig = callFails(() -> p2.synchronizers().setManualConnect("nope", true));
    assertThat(noConfig.code()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(noConfig.retryable()).isFalse();
  }

  @Test
  void a_pruning_schedule_survives_a_set_get_and_clear_round_trip() {
    assertThat(p1.pruning().getSchedule()).isEmpty();
    var schedule = new PruningSchedule("0 0 * * * ?", Duration.ofSeconds(60), Duration.ofHours(1));
    p1.pruning().setSchedule(schedule);
    assertThat(p1.pruning().getSchedule()).contains(schedule);

    var participantSchedule = new ParticipantPruningSchedule(
        new PruningSchedule("0 30 * * * ?", Duration.ofSeconds(120), Duration.ofHours(2)), true);
    p1.pruning().setParticipantSchedule(participantSchedule);
    assertThat(p1.pruning().getParticipantSchedule()).contains(participantSchedule);

    p1.pruning().clearSchedule();
    p1.pruning().clearSchedule(); // idempotent, so a retried activity is harmless
    assertThat(p1.pruning().getSchedule()).isEmpty();

    CantonCallException badCron = callFails(() -> {
      p1.pruning().setSchedule(new PruningSchedule("not a cron", Duration.ofSeconds(1), Duration.ofSeconds(1)));
      return null;
    });
    assertThat(badCron.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(badCron.retryable()).isFalse();
  }

  @Test
  void the_full_and_the_internal_prune_stop_at_the_safe_offset_the_pruned_offset_shows_it_and_each_refusal_keeps_cantons_id() {
    String alice = engine("participant1").allocateParty("alice");
    for (int i = 0; i < 3; i++) {
      net.engine().createContract(engine("participant1"), alice, List.of(), "c" + i);
    }
    // Disconnected, the ledger end stays put while the refusals are checked.
    p1.synchronizers().disconnectAll();
    long end = p1.ledger().ledgerEnd();

    CantonCallException zero = callFails(() -> {
      p1.pruning().prune(0);
      return null;
    });
    assertThat(zero.errorId()).contains("INVALID_ARGUMENT");
    assertThat(zero.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(zero.call()).isEqualTo("pruning.prune");
    assertThat(zero.node()).isEqualTo("participant1");
    CantonCallException atEnd = callFails(() -> {
      p1.pruning().prune(end);
      return null;
    });
    assertThat(atEnd.errorId()).contains("OFFSET_OUT_OF_RANGE");
    assertThat(atEnd.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(atEnd.retryable()).isFalse();
    CantonCallException pastEnd = callFails(() -> {
      p1.pruning().pruneInternally(end + 5);
      return null;
    });
    assertThat(pastEnd.errorId()).contains("INTERNAL_PRUNING_ERROR");
    assertThat(pastEnd.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(pastEnd.call()).isEqualTo("pruning.prune_internally");
    CantonCallException unsafe = callFails(() -> {
      p1.pruning().pruneInternally(end);
      return null;
    });
    assertThat(unsafe.errorId()).contains("UNSAFE_TO_PRUNE");
    assertThat(unsafe.causeText()).contains("Last safe offset is");

    assertThat(p1.synchronizers().reconnect("global", false, Duration.ofSeconds(5))).isTrue();
    long safe = await(() -> {
      OptionalLong s = p1.pruning().safePruningOffset(Instant.now(), p1.ledger().ledgerEnd());
      return s.isPresent() && s.getAsLong() >= end ? Optional.of(s.getAsLong()) : Optional.empty();
    }, "the last offset seen disconnected to be safe");
    assertThat(p1.pruning().safePruningOffset(Instant.now(), 2)).as("never past the given end").hasValue(2);

    p1.pruning().pruneInternally(safe);
    assertThat(p1.ledger().latestPrunedOffset()).as("internal only").isZero();
    p1.pruning().prune(safe);
    assertThat(p1.ledger().latestPrunedOffset()).isEqualTo(safe);
    assertThat(p2.ledger().latestPrunedOffset()).isZero();
    p1.pruning().prune(safe); // already pruned: success, so a retried activity is harmless

    CantonCallException nothingThatOld = callFails(() -> p1.pruning().safePruningOffset(Instant.now(), safe));
    assertThat(nothingThatOld.errorId()).contains("NO_INTERNAL_PARTICIPANT_DATA_BEFORE");
    assertThat(nothingThatOld.call()).isEqualTo("pruning.find_safe_offset");
  }

  @Test
  void before_a_commitment_period_covers_the_history_nothing_is_safe_and_the_full_prune_says_why() {
    Timings hourly = Timings.fast().withReconciliationInterval(Duration.ofHours(1));
    try (TestbedNetwork young = TestbedNetwork.builder().participants(1).timings(hourly).build();
        ParticipantClient client = ParticipantClient.connect(node(young, "participant1"))) {
      Participant p = young.participant("participant1");
      String alice = p.allocateParty("alice");
      young.engine().createContract(p, alice, List.of(), "A");
      long end = client.ledger().ledgerEnd();

      assertThat(client.pruning().safePruningOffset(Instant.now(), end)).isEmpty();
      CantonCallException unsafe = callFails(() -> {
        client.pruning().prune(end - 1);
        return null;
      });
      assertThat(unsafe.errorId()).contains("UNSAFE_TO_PRUNE");
      assertThat(unsafe.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(unsafe.retryable()).isFalse();
      assertThat(unsafe.causeText()).contains("ACS commitments");
    }
  }

  @Test
  void a_node_with_ledger_api_auth_takes_only_its_tokens_and_the_prune_only_with_admin_rights() throws Exception {
    Path adminToken = Files.writeString(tmp.resolve("admin.jwt"), "admin-" + System.nanoTime() + "\n");
    Path userToken = Files.writeString(tmp.resolve("user.jwt"), "user-token");
    Path wrongToken = Files.writeString(tmp.resolve("wrong.jwt"), "not-a-token-of-this-node");
    try (TestbedNetwork secured = TestbedNetwork.builder().participants(1)
            .ledgerApiAuth(LedgerApiAuth.none().accepting("user-token", LedgerApiAuth.Right.USER))
            .ledgerApiAdminToken(adminToken)
            .build();
        var admin = ParticipantClient.connect(node(secured, "participant1", Optional.of(TokenSource.fromFile(adminToken))));
        var user = ParticipantClient.connect(node(secured, "participant1", Optional.of(TokenSource.fromFile(userToken))));
        var wrong = ParticipantClient.connect(node(secured, "participant1", Optional.of(TokenSource.fromFile(wrongToken))));
        var anonymous = ParticipantClient.connect(node(secured, "participant1"))) {
      Participant p = secured.participant("participant1");
      p.allocateParty("alice");
      long end = admin.ledger().ledgerEnd();
      assertThat(end).isPositive();
      assertThat(admin.ledger().latestPrunedOffset()).isZero();
      assertThat(user.ledger().ledgerEnd()).as("public reads need any valid token").isEqualTo(end);
      // The Admin API has no token and keeps working: only the Ledger API checks.
      assertThat(anonymous.health().status().uid()).isEqualTo(p.uid());

      for (var refused : List.of(wrong, anonymous)) {
        CantonCallException e = callFails(() -> refused.ledger().ledgerEnd());
        assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(e.retryable()).isFalse();
        assertThat(e.errorId()).as("Canton redacts authentication failures").isEmpty();
        assertThat(e.getMessage())
            .contains("participant1", "ledger_api.state.end", "Please contact the operator", "nodes.<name>.token")
            .doesNotContain("not-a-token-of-this-node");
      }

      CantonCallException denied = callFails(() -> {
        user.pruning().prune(end);
        return null;
      });
      assertThat(denied.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(denied.retryable()).isFalse();
      assertThat(denied.getMessage()).contains("participant_admin");
      // With admin rights the same call reaches the node's own checks.
      CantonCallException pastAuth = callFails(() -> {
        admin.pruning().prune(end + 1_000);
        return null;
      });
      assertThat(pastAuth.errorId()).contains("OFFSET_OUT_OF_RANGE");
      assertThat(p.prunedUpTo()).isZero();
    }
  }

  @Test
  void an_uploaded_dar_is_listed_and_once_vetted_appears_in_the_topology() {
    assertThat(p1.packages().listDars(0, "")).isNotEmpty(); // the demo DAR
    String packageId = "cd".repeat(32);
    byte[] dar = DarFile.build("bench-app", "1.0.0", packageId);
    assertThat(p1.packages().uploadDar(dar, false, false, Optional.empty())).containsExactly(packageId);
    assertThat(p1.packages().listDars(0, "bench-"))
        .extracting(Dar::name, Dar::mainPackageId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("bench-app", packageId));

    p1.packages().vetDar(packageId, true, Optional.of(syncId));
    assertThat(p1.topology().listVettedPackages(syncId, uid("participant1")))
        .singleElement()
        .satisfies(v -> assertThat(v.packages()).extracting(VettedPackages.VettedPackage::packageId).contains(packageId));

    CantonCallException unknown = callFails(() -> {
      p2.packages().vetDar(packageId, false, Optional.of(syncId));
      return null;
    });
    assertThat(unknown.errorId()).contains("DAR_NOT_FOUND");
    assertThat(unknown.retryable()).isFalse();
  }

  @Test
  void offline_party_replication_runs_end_to_end_through_the_client_with_each_refusal_in_its_place()
      throws Exception {
    String p1Uid = uid("participant1");
    String p2Uid = uid("participant2");
    String alice = engine("participant1").allocateParty("alice");
    List<String> created = new java.util.ArrayList<>();
    for (int i = 0; i < 25; i++) {
      created.add(net.engine().createContract(engine("participant1"), alice, List.of(), "c" + i).contractId());
    }

    PartyToParticipantMapping current = p1.topology().partyToParticipant(syncId, alice).orElseThrow();
    assertThat(current.participants()).extracting(HostingParticipant::participantUid).containsExactly(p1Uid);
    assertThat(p1.topology().pendingPartyToParticipant(syncId, alice)).isEmpty();

    // The target proposes the full mapping with its onboarding flag; the owner has not signed yet.
    var proposal = PartyToParticipantProposal.nextOf(
        current,
        1,
        List.of(
            new HostingParticipant(p1Uid, ParticipantPermission.SUBMISSION, false),
            new HostingParticipant(p2Uid, ParticipantPermission.CONFIRMATION, true)));
    TopologyChange proposed = p2.topology().authorizePartyToParticipant(syncId, proposal, AuthorizeOptions.proposeOnly());
    assertThat(proposed.proposal()).isTrue();
    PartyToParticipantMapping pending =
        await(() -> p1.topology().pendingPartyToParticipant(syncId, alice).stream().findFirst(), "proposal seen by the owner");
    assertThat(pending.isOnboarding(p2Uid)).isTrue();
    await(() -> p2.topology().pendingPartyToParticipant(syncId, alice).stream().findFirst(), "proposal in the target's store");

    // A whole-ACS repair export is a valid snapshot: with it, prove the import is refused while connected.
    long p1End = p1.ledger().ledgerEnd();
    AcsSnapshotFile repairFile = p1.repair().exportAcs(
        List.of(alice), Optional.of(syncId), p1End, List.of(), tmp.resolve("repair.acs"), TransferProgress.NONE);
    assertThat(repairFile.contracts()).isEqualTo(created.size());
    assertThat(repairFile.sha256()).isEqualTo(sha256(repairFile.path()));
    CantonCallException connected = callFails(() -> p2.parties().importPartyAcs(
        PartyAcsImport.of(syncId, alice), repairFile.path(), repairFile.sha256(), TransferProgress.NONE));
    assertThat(connected.errorId()).contains("IO_STREAM_PARTY_MANAGEMENT_ERROR");
    assertThat(connected.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(connected.retryable()).isFalse();

    // Isolate the target: no topology writes without a connection.
    p2.synchronizers().setManualConnect("global", true);
    p2.synchronizers().disconnectAll();
    CantonCallException noStore = callFails(
        () -> p2.topology().authorizePartyToParticipant(syncId, proposal, AuthorizeOptions.proposeOnly()));
    assertThat(noStore.errorId()).contains("TOPOLOGY_STORE_NOT_FOUND");
    assertThat(noStore.retryable()).isFalse();

    // The owner signs the pending proposal by its hash: the mapping becomes effective with the flag.
    long sourceEnd = p1.ledger().ledgerEnd();
    TopologyChange signed = p1.topology().authorizeByHash(syncId, pending.transactionHash(), AuthorizeOptions.proposeOnly());
    assertThat(signed.proposal()).isFalse();
    PartyToParticipantMapping effective = await(
        () -> p1.topology().partyToParticipant(syncId, alice).filter(m -> m.host(p2Uid).isPresent()),
        "onboarding mapping effective");
    assertThat(effective.isOnboarding(p2Uid)).isTrue();
    assertThat(effective.serial()).isEqualTo(current.serial() + 1);

    AtomicLong exported = new AtomicLong();
    AcsSnapshotFile export = p1.parties().exportPartyAcs(
        new PartyAcsExport(alice, syncId, p2Uid, sourceEnd, Optional.of(Duration.ofSeconds(10))),
        tmp.resolve("alice.acs"),
        exported::set);
    assertThat(export.contracts()).isEqualTo(created.size());
    assertThat(export.bytes()).isEqualTo(Files.size(export.path())).isEqualTo(exported.get());
    assertThat(export.sha256()).isEqualTo(sha256(export.path()));

    AcsSnapshotFile imported = p2.parties().importPartyAcs(
        PartyAcsImport.of(syncId, alice), export.path(), export.sha256(), TransferProgress.NONE);
    assertThat(imported.contracts()).isEqualTo(created.size());
    assertThat(engine("participant2").activeContracts(alice))
        .extracting(Contract::contractId)
        .containsExactlyInAnyOrderElementsOf(created);

    long targetEnd = p2.ledger().ledgerEnd();
    p2.synchronizers().setManualConnect("global", false);
    assertThat(p2.synchronizers().reconnect("global", false, Duration.ofSeconds(5))).isTrue();

    OnboardingFlagStatus first = p2.parties().clearPartyOnboardingFlag(alice, syncId, targetEnd, Optional.of(Duration.ofSeconds(5)));
    assertThat(first.onboarded()).as("too early: the decision timeout has not passed").isFalse();
    assertThat(first.earliestRetry()).isPresent();
    OnboardingFlagStatus done = await(() -> {
      var s = p2.parties().clearPartyOnboardingFlag(alice, syncId, targetEnd, Optional.of(Duration.ofSeconds(5)));
      return s.onboarded() ? Optional.of(s) : Optional.empty();
    }, "onboarding flag cleared");
    assertThat(done.earliestRetry()).isEmpty();
    assertThat(await(
            () -> p2.topology().partyToParticipant(syncId, alice).filter(m -> !m.isOnboarding(p2Uid)),
            "flagless mapping seen by the target")
        .host(p2Uid)).isPresent();
    assertThat(net.alarms()).isEmpty();
  }

  @Test
  void the_highest_offset_at_a_topology_effective_time_is_found_and_a_missing_time_is_not_found() {
    String alice = engine("participant1").allocateParty("alice");
    PartyToParticipantMapping mapping = p1.topology().partyToParticipant(syncId, alice).orElseThrow();
    Instant effective = mapping.validFrom().orElseThrow();
    long offset = p1.parties().getHighestOffsetByTimestamp(syncId, effective, false);
    assertThat(offset).isPositive().isLessThanOrEqualTo(p1.ledger().ledgerEnd());

    CantonCallException missing = callFails(
        () -> p1.parties().getHighestOffsetByTimestamp(syncId, Instant.ofEpochSecond(1), false));
    assertThat(missing.errorId()).contains("EXACT_RECORD_TIME_MATCH_NOT_FOUND");
    assertThat(missing.retryable()).isFalse();
  }

  @Test
  void commitment_lookups_report_the_counter_participant_of_a_shared_contract() throws Exception {
    String alice = engine("participant1").allocateParty("alice");
    String bob = engine("participant2").allocateParty("bob");
    net.engine().createContract(engine("participant1"), alice, List.of(bob), "shared");
    Thread.sleep(TIMINGS.reconciliationInterval().toMillis() + 150);

    List<AcsCommitment> received = await(() -> {
      var r = p1.commitments().lookupReceived(CommitmentQuery.latest());
      return r.stream().anyMatch(c -> c.counterParticipant().equals(uid("participant2"))) ? Optional.of(r) : Optional.empty();
    }, "a commitment from participant2");
    assertThat(received)
        .filteredOn(c -> c.counterParticipant().equals(uid("participant2")))
        .allSatisfy(c -> {
          assertThat(c.synchronizerId()).isEqualTo(syncId);
          assertThat(c.state()).isEqualTo(CommitmentState.MATCH);
        });
    assertThat(p1.commitments().lookupSent(CommitmentQuery.latest()))
        .extracting(AcsCommitment::counterParticipant)
        .contains(uid("participant2"));
    assertThat(p1.commitments().lookupReceived(CommitmentQuery.latest().onlyIn(CommitmentState.MISMATCH))).isEmpty();
  }

  @Test
  void a_commitment_lookup_over_a_time_range_returns_one_entry_per_period() throws Exception {
    Instant start = Instant.now();
    String alice = engine("participant1").allocateParty("alice");
    String bob = engine("participant2").allocateParty("bob");
    net.engine().createContract(engine("participant1"), alice, List.of(bob), "shared");
    Thread.sleep(TIMINGS.reconciliationInterval().toMillis() * 3 + 150);
    Instant end = Instant.now();

    List<AcsCommitment> periods = p1.commitments().lookupReceived(CommitmentQuery.between(syncId, start, end)).stream()
        .filter(c -> c.counterParticipant().equals(uid("participant2")))
        .toList();
    assertThat(periods).hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(c -> assertThat(c.state()).isEqualTo(CommitmentState.MATCH));
    assertThat(periods).extracting(AcsCommitment::periodToInclusive).doesNotHaveDuplicates().isSorted();
    assertThat(p1.commitments().lookupReceived(CommitmentQuery.latest()))
        .as("without a range, only the latest period")
        .filteredOn(c -> c.counterParticipant().equals(uid("participant2")))
        .hasSize(1);
  }

  @Test
  void an_injected_unavailable_fault_is_a_retryable_failure_and_the_next_call_succeeds() {
    var control = TestbedControlServiceGrpc.newBlockingStub(p1.adminChannel());
    control.injectFault(InjectFaultRequest.newBuilder().setRpc("ListConnectedSynchronizers").setFailures(1).build());

    CantonCallException down = callFails(() -> p1.synchronizers().listConnected());
    assertThat(down.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(down.retryable()).isTrue();
    assertThat(p1.synchronizers().listConnected()).as("only the next call fails").hasSize(1);

    control.injectFault(InjectFaultRequest.newBuilder()
        .setRpc("ExportAcs").setFailures(1).setStatusCode(Status.Code.UNAVAILABLE.value()).build());
    Path target = tmp.resolve("never.acs");
    CantonCallException stream = callFails(() -> p1.repair().exportAcs(
        List.of(), Optional.of(syncId), p1.ledger().ledgerEnd(), List.of(), target, TransferProgress.NONE));
    assertThat(stream.retryable()).isTrue();
    assertThat(target).as("a failed export leaves no file").doesNotExist();
  }

  private static CantonCallException callFails(Supplier<?> call) {
    CantonCallException e = catchThrowableOfType(call::get, CantonCallException.class);
    assertThat(e).as("the call fails with a CantonCallException").isNotNull();
    return e;
  }

  private static <T> T await(Supplier<Optional<T>> probe, String what) {
    Instant deadline = Instant.now().plusSeconds(10);
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
