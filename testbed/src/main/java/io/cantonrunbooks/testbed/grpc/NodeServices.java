package io.cantonrunbooks.testbed.grpc;

import com.google.protobuf.ByteString;
import io.cantonrunbooks.cantonapi.admin.health.v30.Status;
import io.cantonrunbooks.cantonapi.admin.health.v30.TopologyQueueStatus;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ConnectedSynchronizer;
import io.cantonrunbooks.cantonapi.admin.participant.v30.Interval;
import io.cantonrunbooks.cantonapi.admin.participant.v30.LookupReceivedAcsCommitmentsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.LookupReceivedAcsCommitmentsResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.LookupSentAcsCommitmentsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.LookupSentAcsCommitmentsResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantInspectionServiceGrpc;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantStatusRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantStatusResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantStatusServiceGrpc;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ReceivedAcsCommitment;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ReceivedAcsCommitmentPerSynchronizer;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ReceivedCommitmentState;
import io.cantonrunbooks.cantonapi.admin.participant.v30.SentAcsCommitment;
import io.cantonrunbooks.cantonapi.admin.participant.v30.SentAcsCommitmentPerSynchronizer;
import io.cantonrunbooks.cantonapi.admin.participant.v30.SentCommitmentState;
import io.cantonrunbooks.cantonapi.admin.participant.v30.SynchronizerTimeRange;
import io.cantonrunbooks.cantonapi.ledger.v2.GetConnectedSynchronizersRequest;
import io.cantonrunbooks.cantonapi.ledger.v2.GetConnectedSynchronizersResponse;
import io.cantonrunbooks.cantonapi.ledger.v2.GetLatestPrunedOffsetsRequest;
import io.cantonrunbooks.cantonapi.ledger.v2.GetLatestPrunedOffsetsResponse;
import io.cantonrunbooks.cantonapi.ledger.v2.GetLedgerEndRequest;
import io.cantonrunbooks.cantonapi.ledger.v2.GetLedgerEndResponse;
import io.cantonrunbooks.cantonapi.ledger.v2.ParticipantPermission;
import io.cantonrunbooks.cantonapi.ledger.v2.StateServiceGrpc;
import io.cantonrunbooks.cantonapi.ledger.v2.SynchronizerTime;
import io.cantonrunbooks.testbed.engine.AcsCommitments;
import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.testbed.engine.SimulatedNetwork;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/** Status, ACS commitment inspection and the Ledger API state calls. */
final class NodeServices {
  /** The version string a Canton 3.5 node reports. */
  static final String CANTON_VERSION = "3.5.10";

  private NodeServices() {}

  /** Admin ParticipantStatusService. */
  static final class StatusService extends ParticipantStatusServiceGrpc.ParticipantStatusServiceImplBase {
    private final SimulatedNetwork net;
    private final Participant participant;
    private final IntSupplier adminPort;
    private final IntSupplier ledgerPort;

    StatusService(SimulatedNetwork net, Participant participant, IntSupplier adminPort, IntSupplier ledgerPort) {
      this.net = net;
      this.participant = participant;
      this.adminPort = adminPort;
      this.ledgerPort = ledgerPort;
    }

    @Override
    public void participantStatus(ParticipantStatusRequest request, StreamObserver<ParticipantStatusResponse> responses) {
      Errors.unary(
          responses,
          () -> {
            Status common =
                Status.newBuilder()
                    .setUid(participant.uid())
                    .setUptime(Protos.duration(Duration.between(participant.startedAt(), java.time.Instant.now())))
                    .putPorts("admin", adminPort.getAsInt())
                    .putPorts("ledger", ledgerPort.getAsInt())
                    .setActive(true)
                    .setTopologyQueues(TopologyQueueStatus.getDefaultInstance())
                    .setVersion(CANTON_VERSION)
                    .build();
            var status =
                ParticipantStatusResponse.ParticipantStatusResponseStatus.newBuilder()
                    .setCommonStatus(common)
                    .setActive(true)
                    .addSupportedProtocolVersions(34)
                    .addSupportedProtocolVersions(35);
            if (participant.isConnected()) {
              status.addConnectedSynchronizers(
                  ConnectedSynchronizer.newBuilder()
                      .setPhysicalSynchronizerId(net.physicalSynchronizerId())
                      .setHealth(
                          participant.isHalted()
                              ? ConnectedSynchronizer.Health.HEALTH_UNHEALTHY
                              : ConnectedSynchronizer.Health.HEALTH_HEALTHY));
            }
            return ParticipantStatusResponse.newBuilder().setStatus(status).build();
          });
    }
  }

  /**
   * Admin ParticipantInspectionService: ACS commitment lookups over the node's commitment store. No
   * time range means the latest period; a range selects every period that overlaps it.
   */
  static final class InspectionService
      extends ParticipantInspectionServiceGrpc.ParticipantInspectionServiceImplBase {
    private final SimulatedNetwork net;
    private final Participant participant;

    InspectionService(SimulatedNetwork net, Participant participant) {
      this.net = net;
      this.participant = participant;
    }

    /**
     * The periods the requested ranges select, each once: the latest period when no range (or a
     * range without an interval) is given, else every period overlapping one of the intervals.
     */
    private List<AcsCommitments.Period> select(List<SynchronizerTimeRange> ranges) {
      if (ranges.isEmpty()) {
        return net.commitmentPeriods(participant);
      }
      Map<String, AcsCommitments.Period> unique = new LinkedHashMap<>();
      for (SynchronizerTimeRange range : ranges) {
        String id = range.getSynchronizerId();
        if (!id.equals(net.synchronizerId())) {
          throw new IllegalArgumentException("No synchronizer alias found for " + id);
        }
        List<AcsCommitments.Period> found;
        if (!range.hasInterval()) {
          found = net.commitmentPeriods(participant);
        } else if (!range.getInterval().hasFromExclusive()) {
          throw new IllegalArgumentException("Missing start timestamp for " + id);
        } else if (!range.getInterval().hasToInclusive()) {
          throw new IllegalArgumentException("Missing end timestamp for " + id);
        } else {
          found =
              net.commitmentPeriods(
                  participant,
                  Protos.instant(range.getInterval().getFromExclusive()),
                  Protos.instant(range.getInterval().getToInclusive()));
        }
        found.forEach(p -> unique.putIfAbsent(p.counterParticipant() + "@" + p.toInclusive(), p));
      }
      return List.copyOf(unique.values());
    }

    /** Whether a counter-participant filter (uids, or {@code PAR::}-prefixed ids) admits {@code uid}. */
    private static boolean wanted(List<String> counterParticipants, String uid) {
      return counterParticipants.isEmpty()
          || counterParticipants.contains(uid)
          || counterParticipants.contains("PAR::" + uid);
    }

    private static Interval interval(AcsCommitments.Period p) {
      return Interval.newBuilder()
          .setStartTickExclusive(Protos.timestamp(p.fromExclusive()))
          .setEndTickInclusive(Protos.timestamp(p.toInclusive()))
          .build();
    }

    @Override
    public void lookupReceivedAcsCommitments(
        LookupReceivedAcsCommitmentsRequest request, StreamObserver<LookupReceivedAcsCommitmentsResponse> responses) {
      Errors.unary(
          responses,
          () -> {
            var b = LookupReceivedAcsCommitmentsResponse.newBuilder();
            var per = ReceivedAcsCommitmentPerSynchronizer.newBuilder().setSynchronizerId(net.synchronizerId());
            for (AcsCommitments.Period p : select(request.getTimeRangesList())) {
              ReceivedCommitmentState state = ReceivedCommitmentState.valueOf("RECEIVED_COMMITMENT_STATE_" + p.received());
              if (!wanted(request.getCounterParticipantIdsList(), p.counterParticipant())) {
                continue;
              }
              if (!request.getCommitmentStateList().isEmpty() && !request.getCommitmentStateList().contains(state)) {
                continue;
              }
              var c =
                  ReceivedAcsCommitment.newBuilder()
                      .setInterval(interval(p))
                      .setOriginCounterParticipantUid(p.counterParticipant())
                      .setState(state);
              if (request.getVerbose()) {
                if (p.counter() != null) {
                  c.setReceivedCommitment(ByteString.copyFrom(p.counter()));
                }
                if (p.own() != null) {
                  c.setOwnCommitment(ByteString.copyFrom(p.own()));
                }
              }
              per.addReceived(c);
            }
            return b.addReceived(per).build();
          });
    }

    @Override
    public void lookupSentAcsCommitments(
        LookupSentAcsCommitmentsRequest request, StreamObserver<LookupSentAcsCommitmentsResponse> responses) {
      Errors.unary(
          responses,
          () -> {
            var b = LookupSentAcsCommitmentsResponse.newBuilder();
            var per = SentAcsCommitmentPerSynchronizer.newBuilder().setSynchronizerId(net.synchronizerId());
            for (AcsCommitments.Period p : select(request.getTimeRangesList())) {
              if (p.sent() == null) {
                continue; // this node sent nothing for this period
              }
              SentCommitmentState state = SentCommitmentState.valueOf("SENT_COMMITMENT_STATE_" + p.sent());
              if (!wanted(request.getCounterParticipantIdsList(), p.counterParticipant())) {
                continue;
              }
              if (!request.getCommitmentStateList().isEmpty() && !request.getCommitmentStateList().contains(state)) {
                continue;
              }
              var c =
                  SentAcsCommitment.newBuilder()
                      .setInterval(interval(p))
                      .setDestCounterParticipantUid(p.counterParticipant())
                      .setState(state);
              if (request.getVerbose()) {
                c.setOwnCommitment(ByteString.copyFrom(p.own()));
                if (p.counter() != null) {
                  c.setReceivedCommitment(ByteString.copyFrom(p.counter()));
                }
              }
              per.addSent(c);
            }
            return b.addSent(per).build();
          });
    }
  }

  /** Ledger API StateService: ledger end, pruned offsets and connected synchronizers. */
  static final class LedgerStateService extends StateServiceGrpc.StateServiceImplBase {
    private final SimulatedNetwork net;
    private final Participant participant;

    LedgerStateService(SimulatedNetwork net, Participant participant) {
      this.net = net;
      this.participant = participant;
    }

    @Override
    public void getLedgerEnd(GetLedgerEndRequest request, StreamObserver<GetLedgerEndResponse> responses) {
      Errors.unary(
          responses,
          () -> {
            var b = GetLedgerEndResponse.newBuilder().setOffset(participant.ledgerEnd());
            participant
                .observedTime()
                .ifPresent(
                    t ->
                        b.addSynchronizerTimes(
                            SynchronizerTime.newBuilder()
                                .setSynchronizerId(net.synchronizerId())
                                .setRecordTime(Protos.timestamp(t))));
            return b.build();
          });
    }

    /** The testbed has no divulged contracts, so nothing ever prunes them separately: field 2 stays 0. */
    @Override
    public void getLatestPrunedOffsets(
        GetLatestPrunedOffsetsRequest request, StreamObserver<GetLatestPrunedOffsetsResponse> responses) {
      Errors.unary(
          responses,
          () -> GetLatestPrunedOffsetsResponse.newBuilder()
              .setParticipantPrunedUpToInclusive(participant.prunedUpTo())
              .build());
    }

    @Override
    public void getConnectedSynchronizers(
        GetConnectedSynchronizersRequest request, StreamObserver<GetConnectedSynchronizersResponse> responses) {
      Errors.unary(
          responses,
          () -> {
            var b = GetConnectedSynchronizersResponse.newBuilder();
            if (participant.isConnected()) {
              b.addConnectedSynchronizers(
                  GetConnectedSynchronizersResponse.ConnectedSynchronizer.newBuilder()
                      .setSynchronizerAlias(net.synchronizerAlias())
                      .setSynchronizerId(net.synchronizerId())
                      .setPermission(ParticipantPermission.PARTICIPANT_PERMISSION_SUBMISSION));
            }
            return b.build();
          });
    }
  }
}
