package io.cantonrunbooks.testbed.grpc;

import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.testbed.engine.SimulatedNetwork;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The two gRPC servers of one simulated participant on loopback: the Admin API (Canton admin services
 * plus the testbed control service) and the Ledger API.
 */
public final class ParticipantServer implements AutoCloseable {
  private static final int MAX_INBOUND = 10 * 1024 * 1024; // Canton's admin API default

  private final Participant participant;
  private final FaultPlan faults = new FaultPlan();
  private final Server admin;
  private final Server ledger;

  /** Starts both servers on ephemeral ports of 127.0.0.1, the Ledger API checking tokens as {@code auth} says. */
  public ParticipantServer(SimulatedNetwork net, Participant participant, String sequencerUrl, LedgerApiAuth auth) {
    this.participant = participant;
    FaultInterceptor interceptor = new FaultInterceptor(participant, faults);
    LedgerApiAuthInterceptor authentication = new LedgerApiAuthInterceptor(participant.name(), auth);
    int[] ports = new int[2];
    NettyServerBuilder adminBuilder =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).maxInboundMessageSize(MAX_INBOUND);
    for (var service :
        new io.grpc.BindableService[] {
          new PartyManagementService(net, participant, faults),
          new RepairService(net, participant, faults),
          new ConnectivityService(net, participant, sequencerUrl),
          new PruningService(participant),
          new PackageService(participant),
          new TopologyServices.Write(net, participant),
          new TopologyServices.Read(net, participant),
          new NodeServices.StatusService(net, participant, () -> ports[0], () -> ports[1]),
          new NodeServices.InspectionService(net, participant),
          new ControlService(net, participant, faults)
        }) {
      adminBuilder.addService(ServerInterceptors.intercept(service, interceptor));
    }
    NettyServerBuilder ledgerBuilder =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).maxInboundMessageSize(MAX_INBOUND);
    for (var service :
        new io.grpc.BindableService[] {
          new NodeServices.LedgerStateService(net, participant), new ParticipantPruningService(participant)
        }) {
      // The last interceptor runs first: a node that is down refuses before it looks at a token.
      ledgerBuilder.addService(ServerInterceptors.intercept(service, authentication, interceptor));
    }
    try {
      this.admin = adminBuilder.build().start();
      this.ledger = ledgerBuilder.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ports[0] = admin.getPort();
    ports[1] = ledger.getPort();
  }

  public Participant participant() {
    return participant;
  }

  /** The faults injected into this node's RPCs. */
  public FaultPlan faults() {
    return faults;
  }

  public int adminPort() {
    return admin.getPort();
  }

  public int ledgerPort() {
    return ledger.getPort();
  }

  @Override
  public void close() {
    admin.shutdownNow();
    ledger.shutdownNow();
    try {
      admin.awaitTermination(2, TimeUnit.SECONDS);
      ledger.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
