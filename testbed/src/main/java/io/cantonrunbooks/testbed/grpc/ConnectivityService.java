package io.cantonrunbooks.testbed.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cantonrunbooks.cantonapi.admin.participant.v30.DisconnectAllSynchronizersRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.DisconnectAllSynchronizersResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.DisconnectSynchronizerRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.DisconnectSynchronizerResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.GetSynchronizerIdRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.GetSynchronizerIdResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ListConnectedSynchronizersRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ListConnectedSynchronizersResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ListRegisteredSynchronizersRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ListRegisteredSynchronizersResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ModifySynchronizerRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ModifySynchronizerResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ReconnectSynchronizerRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ReconnectSynchronizerResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ReconnectSynchronizersRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ReconnectSynchronizersResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.SynchronizerConnectionConfig;
import io.cantonrunbooks.cantonapi.admin.participant.v30.SynchronizerConnectivityServiceGrpc;
import io.cantonrunbooks.cantonapi.admin.sequencer.v30.SequencerConnectionValidation;
import io.cantonrunbooks.testbed.engine.CantonError;
import io.cantonrunbooks.testbed.engine.ConnectionConfig;
import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.testbed.engine.SimulatedNetwork;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/** Admin SynchronizerConnectivityService: configs with manual-connect, connect and disconnect. */
final class ConnectivityService
    extends SynchronizerConnectivityServiceGrpc.SynchronizerConnectivityServiceImplBase {
  private final SimulatedNetwork net;
  private final Participant participant;
  private final String sequencerUrl;

  ConnectivityService(SimulatedNetwork net, Participant participant, String sequencerUrl) {
    this.net = net;
    this.participant = participant;
    this.sequencerUrl = sequencerUrl;
  }

  @Override
  public void reconnectSynchronizers(
      ReconnectSynchronizersRequest request, StreamObserver<ReconnectSynchronizersResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          // The plural call is "triggered manually": it reconnects manual-connect synchronizers too.
          participant.reconnectAll(request.getIgnoreFailures());
          return ReconnectSynchronizersResponse.getDefaultInstance();
        });
  }

  @Override
  public void reconnectSynchronizer(
      ReconnectSynchronizerRequest request, StreamObserver<ReconnectSynchronizerResponse> responses) {
    Errors.unary(
        responses,
        () ->
            ReconnectSynchronizerResponse.newBuilder()
                .setConnectedSuccessfully(participant.reconnect(request.getSynchronizerAlias()))
                .build());
  }

  @Override
  public void modifySynchronizer(ModifySynchronizerRequest request, StreamObserver<ModifySynchronizerResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          if (!request.hasNewConfig()) {
            throw new CantonError("PROTO_DESERIALIZATION_FAILURE", 8, "Field new_config is required");
          }
          if (request.getSequencerConnectionValidation()
                  == SequencerConnectionValidation.SEQUENCER_CONNECTION_VALIDATION_UNSPECIFIED
              || request.getSequencerConnectionValidation() == SequencerConnectionValidation.UNRECOGNIZED) {
            throw new CantonError(
                "PROTO_DESERIALIZATION_FAILURE", 8, "Field sequencer_connection_validation must not be unspecified");
          }
          if (request.hasPhysicalSynchronizerId()) {
            if (request.getPhysicalSynchronizerId().isEmpty()) {
              throw new CantonError("PROTO_DESERIALIZATION_FAILURE", 8, "Invalid physical synchronizer id ''");
            }
            if (!request.getPhysicalSynchronizerId().equals(net.physicalSynchronizerId())) {
              throw new CantonError(
                  "SYNC_SERVICE_UNKNOWN_SYNCHRONIZER", 11, "Unknown synchronizer " + request.getPhysicalSynchronizerId());
            }
          }
          SynchronizerConnectionConfig c = request.getNewConfig();
          if (!c.hasSequencerConnections() || !c.hasTimeTracker()) {
            throw new CantonError(
                "PROTO_DESERIALIZATION_FAILURE", 8, "sequencer_connections and time_tracker are required");
          }
          participant.modifyConnectionConfig(
              new ConnectionConfig(c.getSynchronizerAlias(), c.getManualConnect(), c.getPriority(), c.toByteString()));
          return ModifySynchronizerResponse.getDefaultInstance();
        });
  }

  @Override
  public void disconnectSynchronizer(
      DisconnectSynchronizerRequest request, StreamObserver<DisconnectSynchronizerResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          participant.disconnect(request.getSynchronizerAlias());
          return DisconnectSynchronizerResponse.getDefaultInstance();
        });
  }

  @Override
  public void disconnectAllSynchronizers(
      DisconnectAllSynchronizersRequest request, StreamObserver<DisconnectAllSynchronizersResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          participant.disconnectAll();
          return DisconnectAllSynchronizersResponse.getDefaultInstance();
        });
  }

  @Override
  public void listConnectedSynchronizers(
      ListConnectedSynchronizersRequest request, StreamObserver<ListConnectedSynchronizersResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          var b = ListConnectedSynchronizersResponse.newBuilder();
          if (participant.isConnected()) {
            b.addConnectedSynchronizers(
                ListConnectedSynchronizersResponse.Result.newBuilder()
                    .setSynchronizerAlias(net.synchronizerAlias())
                    .setSynchronizerId(net.synchronizerId())
                    .setPhysicalSynchronizerId(net.physicalSynchronizerId())
                    .setHealthy(!participant.isHalted()));
          }
          return b.build();
        });
  }

  @Override
  public void listRegisteredSynchronizers(
      ListRegisteredSynchronizersRequest request, StreamObserver<ListRegisteredSynchronizersResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          var b = ListRegisteredSynchronizersResponse.newBuilder();
          for (ConnectionConfig c : participant.connectionConfigs()) {
            b.addResults(
                ListRegisteredSynchronizersResponse.Result.newBuilder()
                    .setConfig(toProto(c))
                    .setConnected(participant.isConnected())
                    .setPhysicalSynchronizerId(net.physicalSynchronizerId())
                    .setStatus(ListRegisteredSynchronizersResponse.Status.STATUS_ACTIVE));
          }
          return b.build();
        });
  }

  @Override
  public void getSynchronizerId(GetSynchronizerIdRequest request, StreamObserver<GetSynchronizerIdResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          participant.connectionConfig(request.getSynchronizerAlias());
          return GetSynchronizerIdResponse.newBuilder()
              .setSynchronizerId(net.synchronizerId())
              .setPhysicalSynchronizerId(net.physicalSynchronizerId())
              .build();
        });
  }

  /** The stored config as the client last sent it, or a complete default for a fresh node. */
  private SynchronizerConnectionConfig toProto(ConnectionConfig c) {
    SynchronizerConnectionConfig.Builder b;
    try {
      b = c.raw().isEmpty() ? defaultConfig(c.alias()) : SynchronizerConnectionConfig.parseFrom(c.raw()).toBuilder();
    } catch (InvalidProtocolBufferException e) {
      b = defaultConfig(c.alias());
    }
    return b.setSynchronizerAlias(c.alias()).setManualConnect(c.manualConnect()).setPriority(c.priority()).build();
  }

  private SynchronizerConnectionConfig.Builder defaultConfig(String alias) {
    return SynchronizerConnectionConfig.newBuilder()
        .setSynchronizerAlias(alias)
        .setSequencerConnections(sequencerConnections())
        .setInitialRetryDelay(Protos.duration(Duration.ofSeconds(1)))
        .setMaxRetryDelay(Protos.duration(Duration.ofSeconds(60)))
        .setTimeTracker(ByteString.EMPTY);
  }

  /** SequencerConnections{1: SequencerConnection{2: Grpc{1: url}, 3: "sequencer1"}, 2: threshold 1}. */
  private ByteString sequencerConnections() {
    try {
      ByteArrayOutputStream grpc = new ByteArrayOutputStream();
      CodedOutputStream g = CodedOutputStream.newInstance(grpc);
      g.writeString(1, sequencerUrl);
      g.flush();
      ByteArrayOutputStream connection = new ByteArrayOutputStream();
      CodedOutputStream c = CodedOutputStream.newInstance(connection);
      c.writeByteArray(2, grpc.toByteArray());
      c.writeString(3, "sequencer1");
      c.flush();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      CodedOutputStream a = CodedOutputStream.newInstance(all);
      a.writeByteArray(1, connection.toByteArray());
      a.writeUInt32(2, 1);
      a.flush();
      return ByteString.copyFrom(all.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
