package io.cantonrunbooks.testbed.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.cantonrunbooks.cantonapi.admin.participant.v30.*;
import io.cantonrunbooks.cantonapi.admin.sequencer.v30.SequencerConnectionValidation;
import io.cantonrunbooks.cantonapi.protocol.v30.Enums;
import io.cantonrunbooks.cantonapi.protocol.v30.PartyToParticipant;
import io.cantonrunbooks.cantonapi.protocol.v30.TopologyMapping;
import io.cantonrunbooks.cantonapi.testbed.v1.AllocatePartyRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.CreateContractsRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.GetActiveContractsRequest;
import io.cantonrunbooks.cantonapi.topology.admin.v30.AuthorizeRequest;
import io.cantonrunbooks.cantonapi.topology.admin.v30.BaseQuery;
import io.cantonrunbooks.cantonapi.topology.admin.v30.ListPartyToParticipantRequest;
import io.cantonrunbooks.cantonapi.topology.admin.v30.ListPartyToParticipantResponse;
import io.cantonrunbooks.cantonapi.topology.admin.v30.StoreId;
import io.cantonrunbooks.cantonapi.topology.admin.v30.Synchronizer;
import io.cantonrunbooks.testbed.TestbedNetwork;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The documented offline party replication, one method per step, driven through the generated stubs
 * exactly as a runbook's activities would call a real node.
 */
public final class Procedure {
  public final TestbedNetwork net;
  public final Node source;
  public final Node target;
  public final String syncId;
  public String party;
  public int serial;
  public long sourceLedgerEnd;
  public long targetLedgerEndBeforeReconnect;

  public Procedure(TestbedNetwork net, Node source, Node target) {
    this.net = net;
    this.source = source;
    this.target = target;
    this.syncId = net.engine().synchronizerId();
  }

  public StoreId store() {
    return StoreId.newBuilder().setSynchronizer(Synchronizer.newBuilder().setId(syncId)).build();
  }

  public String allocateParty(String hint) {
    party = source.control.allocateParty(AllocatePartyRequest.newBuilder().setPartyIdHint(hint).build()).getPartyId();
    return party;
  }

  public List<String> createContracts(Node on, String argument, int count) {
    return on
        .control
        .createContracts(
            CreateContractsRequest.newBuilder().setParty(party).setCount(count).setArgument(argument).build())
        .getContractsList()
        .stream()
        .map(io.cantonrunbooks.cantonapi.testbed.v1.Contract::getContractId)
        .toList();
  }

  public PartyToParticipant mapping(boolean onboarding) {
    var targetHost =
        PartyToParticipant.HostingParticipant.newBuilder()
            .setParticipantUid(target.uid)
            .setPermission(Enums.ParticipantPermission.PARTICIPANT_PERMISSION_CONFIRMATION);
    if (onboarding) {
      targetHost.setOnboarding(PartyToParticipant.HostingParticipant.Onboarding.getDefaultInstance());
    }
    return PartyToParticipant.newBuilder()
        .setParty(party)
        .setThreshold(1)
        .addParticipants(
            PartyToParticipant.HostingParticipant.newBuilder()
                .setParticipantUid(source.uid)
                .setPermission(Enums.ParticipantPermission.PARTICIPANT_PERMISSION_SUBMISSION))
        .addParticipants(targetHost)
        .build();
  }

  public AuthorizeRequest authorizeRequest(PartyToParticipant mapping, int serial) {
    return AuthorizeRequest.newBuilder()
        .setProposal(
            AuthorizeRequest.Proposal.newBuilder()
                .setChange(Enums.TopologyChangeOp.TOPOLOGY_CHANGE_OP_ADD_REPLACE)
                .setSerial(serial)
                .setV30(TopologyMapping.newBuilder().setPartyToParticipant(mapping)))
        .setStore(store())
        .build();
  }

  /** Step 3: the target proposes the mapping with the onboarding flag and waits until it is sequenced. */
  public void targetProposes(boolean onboarding) throws Exception {
    target.topologyWrite.authorize(authorizeRequest(mapping(onboarding), 0));
    Instant deadline = Instant.now().plusSeconds(5);
    while (true) {
      var proposals = list(target, true);
      if (!proposals.isEmpty()) {
        serial = proposals.get(0).getContext().getSerial();
        return;
      }
      assertThat(Instant.now()).as("proposal visible in the target's store").isBefore(deadline);
      Thread.sleep(20);
    }
  }

  public List<ListPartyToParticipantResponse.Result> list(Node on, boolean proposals) {
    return on.topologyRead
        .listPartyToParticipant(
            ListPartyToParticipantRequest.newBuilder()
                .setBaseQuery(
                    BaseQuery.newBuilder()
                        .setStore(store())
                        .setProposals(proposals)
                        .setHeadState(Empty.getDefaultInstance()))
                .setFilterParty(party)
                .build())
        .getResultsList();
  }

  public void setManualConnect(Node node, boolean manual) {
    var current = node.connectivity.listRegisteredSynchronizers(ListRegisteredSynchronizersRequest.getDefaultInstance()).getResults(0).getConfig();
    node.connectivity.modifySynchronizer(
        ModifySynchronizerRequest.newBuilder()
            .setNewConfig(current.toBuilder().setManualConnect(manual))
            .setSequencerConnectionValidation(SequencerConnectionValidation.SEQUENCER_CONNECTION_VALIDATION_DISABLED)
            .build());
  }

  /** Step 4: manual-connect on, disconnect everything, check nothing is connected. */
  public void isolateTarget() {
    setManualConnect(target, true);
    target.connectivity.disconnectAllSynchronizers(DisconnectAllSynchronizersRequest.getDefaultInstance());
    assertThat(
            target.connectivity
                .listConnectedSynchronizers(ListConnectedSynchronizersRequest.getDefaultInstance())
                .getConnectedSynchronizersList())
        .isEmpty();
  }

  /** Step 5: capture the source ledger end once, then the party (its owner, the source) authorizes. */
  public void partyAuthorizes(boolean onboarding) {
    sourceLedgerEnd = source.ledgerEnd();
    source.topologyWrite.authorize(authorizeRequest(mapping(onboarding), serial));
  }

  public ExportPartyAcsRequest exportRequest(long begin, Duration wait) {
    return ExportPartyAcsRequest.newBuilder()
        .setPartyId(party)
        .setSynchronizerId(syncId)
        .setTargetParticipantUid(target.uid)
        .setBeginOffsetExclusive(begin)
        .setWaitForActivationTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(wait.getSeconds()).setNanos(wait.getNano()))
        .build();
  }

  /** Step 6: export the party's ACS at the activation; returns the concatenated chunks. */
  public byte[] export() {
    return concat(source.party.exportPartyAcs(exportRequest(sourceLedgerEnd, Duration.ofSeconds(10))));
  }

  public static byte[] concat(Iterator<? extends com.google.protobuf.MessageLite> chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    chunks.forEachRemaining(
        c -> {
          ByteString bytes =
              c instanceof ExportPartyAcsResponse r ? r.getChunk() : ((ExportAcsResponse) c).getChunk();
          out.writeBytes(bytes.toByteArray());
        });
    return out.toByteArray();
  }

  /** Step 8: import on the target, streaming the snapshot in slices; completes or throws the status. */
  public void importSnapshot(byte[] snapshot, String partyId) throws Exception {
    CompletableFuture<ImportPartyAcsResponse> done = new CompletableFuture<>();
    StreamObserver<ImportPartyAcsRequest> requests =
        target.partyAsync.importPartyAcs(observer(done));
    var first =
        ImportPartyAcsRequest.newBuilder()
            .setSynchronizerId(syncId)
            .setContractImportMode(ContractImportMode.CONTRACT_IMPORT_MODE_VALIDATION);
    if (partyId != null) {
      first.setPartyId(partyId);
    }
    // An odd first slice: records and the gzip header get split anywhere, as on the wire.
    int pos = Math.min(7, snapshot.length);
    requests.onNext(first.setAcsSnapshot(ByteString.copyFrom(snapshot, 0, pos)).build());
    while (pos < snapshot.length && !done.isDone()) {
      int n = Math.min(4096, snapshot.length - pos);
      requests.onNext(ImportPartyAcsRequest.newBuilder().setAcsSnapshot(ByteString.copyFrom(snapshot, pos, n)).build());
      pos += n;
    }
    requests.onCompleted();
    try {
      done.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  public static <T> StreamObserver<T> observer(CompletableFuture<T> done) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        done.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    };
  }

  /** Step 9: record the target ledger end, restore auto-reconnect and reconnect the target alone. */
  public void reconnectTarget() {
    targetLedgerEndBeforeReconnect = target.ledgerEnd();
    setManualConnect(target, false);
    assertThat(
            target.connectivity
                .reconnectSynchronizer(ReconnectSynchronizerRequest.newBuilder().setSynchronizerAlias("global").build())
                .getConnectedSuccessfully())
        .isTrue();
  }

  public ClearPartyOnboardingFlagResponse clearFlag() {
    return target.party.clearPartyOnboardingFlag(
        ClearPartyOnboardingFlagRequest.newBuilder()
            .setPartyId(party)
            .setSynchronizerId(syncId)
            .setBeginOffsetExclusive(targetLedgerEndBeforeReconnect)
            .setWaitForActivationTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(10))
            .build());
  }

  /** Step 10: poll the clearance until it reports onboarded, sleeping until the earliest retry time. */
  public void awaitOnboarded() throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(15);
    while (Instant.now().isBefore(deadline)) {
      var r = clearFlag();
      if (r.getOnboarded()) {
        return;
      }
      long waitMs =
          r.hasEarliestRetryTimestamp()
              ? Math.max(20, r.getEarliestRetryTimestamp().getSeconds() * 1000 + r.getEarliestRetryTimestamp().getNanos() / 1_000_000 - System.currentTimeMillis())
              : 50;
      Thread.sleep(Math.min(waitMs, 200));
    }
    throw new AssertionError("onboarding flag not cleared in time");
  }

  public List<String> activeContractIds(Node on) {
    return on.control
        .getActiveContracts(GetActiveContractsRequest.newBuilder().setParty(party).build())
        .getContractsList()
        .stream()
        .map(io.cantonrunbooks.cantonapi.testbed.v1.Contract::getContractId)
        .sorted()
        .toList();
  }
}
