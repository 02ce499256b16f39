package io.cantonrunbooks.testbed.support;

import io.cantonrunbooks.cantonapi.admin.participant.v30.*;
import io.cantonrunbooks.cantonapi.ledger.v2.GetLedgerEndRequest;
import io.cantonrunbooks.cantonapi.ledger.v2.StateServiceGrpc;
import io.cantonrunbooks.cantonapi.ledger.v2.admin.ParticipantPruningServiceGrpc;
import io.cantonrunbooks.cantonapi.testbed.v1.TestbedControlServiceGrpc;
import io.cantonrunbooks.cantonapi.topology.admin.v30.TopologyManagerReadServiceGrpc;
import io.cantonrunbooks.cantonapi.topology.admin.v30.TopologyManagerWriteServiceGrpc;
import io.cantonrunbooks.testbed.TestbedNetwork;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;

/** Generated stubs for one simulated participant, over real gRPC channels on loopback. */
public final class Node implements AutoCloseable {
  public final String name;
  public final String uid;
  private final ManagedChannel admin;
  private final ManagedChannel ledger;

  public final PartyManagementServiceGrpc.PartyManagementServiceBlockingStub party;
  public final PartyManagementServiceGrpc.PartyManagementServiceStub partyAsync;
  public final ParticipantRepairServiceGrpc.ParticipantRepairServiceBlockingStub repair;
  public final ParticipantRepairServiceGrpc.ParticipantRepairServiceStub repairAsync;
  public final SynchronizerConnectivityServiceGrpc.SynchronizerConnectivityServiceBlockingStub connectivity;
  public final PruningServiceGrpc.PruningServiceBlockingStub pruning;
  public final PackageServiceGrpc.PackageServiceBlockingStub packages;
  public final ParticipantStatusServiceGrpc.ParticipantStatusServiceBlockingStub status;
  public final ParticipantInspectionServiceGrpc.ParticipantInspectionServiceBlockingStub inspection;
  public final TopologyManagerWriteServiceGrpc.TopologyManagerWriteServiceBlockingStub topologyWrite;
  public final TopologyManagerReadServiceGrpc.TopologyManagerReadServiceBlockingStub topologyRead;
  public final StateServiceGrpc.StateServiceBlockingStub state;
  public final ParticipantPruningServiceGrpc.ParticipantPruningServiceBlockingStub ledgerPruning;
  public final TestbedControlServiceGrpc.TestbedControlServiceBlockingStub control;

  public Node(TestbedNetwork net, String name) {
    this.name = name;
    this.uid = net.participant(name).uid();
    this.admin = NettyChannelBuilder.forTarget(net.adminEndpoint(name)).usePlaintext().build();
    this.ledger = NettyChannelBuilder.forTarget(net.ledgerEndpoint(name)).usePlaintext().build();
    party = PartyManagementServiceGrpc.newBlockingStub(admin);
    partyAsync = PartyManagementServiceGrpc.newStub(admin);
    repair = ParticipantRepairServiceGrpc.newBlockingStub(admin);
    repairAsync = ParticipantRepairServiceGrpc.newStub(admin);
    connectivity = SynchronizerConnectivityServiceGrpc.newBlockingStub(admin);
    pruning = PruningServiceGrpc.newBlockingStub(admin);
    packages = PackageServiceGrpc.newBlockingStub(admin);
    status = ParticipantStatusServiceGrpc.newBlockingStub(admin);
    inspection = ParticipantInspectionServiceGrpc.newBlockingStub(admin);
    topologyWrite = TopologyManagerWriteServiceGrpc.newBlockingStub(admin);
    topologyRead = TopologyManagerReadServiceGrpc.newBlockingStub(admin);
    state = StateServiceGrpc.newBlockingStub(ledger);
    ledgerPruning = ParticipantPruningServiceGrpc.newBlockingStub(ledger);
    control = TestbedControlServiceGrpc.newBlockingStub(admin);
  }

  public long ledgerEnd() {
    return state.getLedgerEnd(GetLedgerEndRequest.getDefaultInstance()).getOffset();
  }

  @Override
  public void close() throws InterruptedException {
    admin.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    ledger.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
  }
}
