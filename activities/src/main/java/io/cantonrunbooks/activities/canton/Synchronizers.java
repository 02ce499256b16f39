package io.cantonrunbooks.activities.canton;

import io.cantonrunbooks.cantonapi.admin.participant.v30.DisconnectAllSynchronizersRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.DisconnectSynchronizerRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.GetSynchronizerIdRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ListConnectedSynchronizersRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ListRegisteredSynchronizersRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ListRegisteredSynchronizersResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ModifySynchronizerRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ReconnectSynchronizerRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ReconnectSynchronizersRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.SynchronizerConnectivityServiceGrpc;
import io.cantonrunbooks.cantonapi.admin.sequencer.v30.SequencerConnectionValidation;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Synchronizer connection commands of a participant, as the console's {@code synchronizers} group. */
public final class Synchronizers {

  private final NodeCalls calls;

  Synchronizers(NodeCalls calls) {
    this.calls = calls;
  }

  /**
   * Disconnects one synchronizer (console: {@code synchronizers.disconnect}). Disconnecting a
   * known synchronizer that is already disconnected succeeds.
   */
  public void disconnect(String alias) {
    calls.run(
        "synchronizers.disconnect",
        () ->
            calls
                .admin(SynchronizerConnectivityServiceGrpc::newBlockingStub)
                .disconnectSynchronizer(DisconnectSynchronizerRequest.newBuilder().setSynchronizerAlias(alias).build()));
  }

  /** Disconnects every synchronizer (console: {@code synchronizers.disconnect_all}). */
  public void disconnectAll() {
    calls.run(
        "synchronizers.disconnect_all",
        () ->
            calls
                .admin(SynchronizerConnectivityServiceGrpc::newBlockingStub)
                .disconnectAllSynchronizers(DisconnectAllSynchronizersRequest.getDefaultInstance()));
  }

  /**
   * Reconnects one synchronizer (console: {@code synchronizers.reconnect}), whatever its
   * manual-connect flag says.
   *
   * @param retry keep retrying while the synchronizer is unreachable (the call then waits up to
   *     {@code maxWait})
   * @return false if the synchronizer is offline
   */
  public boolean reconnect(String alias, boolean retry, Duration maxWait) {
    return calls.call(
        "synchronizers.reconnect",
        () ->
            calls
                .admin(SynchronizerConnectivityServiceGrpc::newBlockingStub, maxWait)
                .reconnectSynchronizer(
                    ReconnectSynchronizerRequest.newBuilder().setSynchronizerAlias(alias).setRetry(retry).build())
                .getConnectedSuccessfully());
  }

  /**
   * Reconnects every registered synchronizer (console: {@code synchronizers.reconnect_all}).
   * Beware: this also reconnects manual-connect synchronizers, which breaks the isolation of an
   * onboarding target.
   */
  public void reconnectAll(boolean ignoreFailures, Duration maxWait) {
    calls.run(
        "synchronizers.reconnect_all",
        () ->
            calls
                .admin(SynchronizerConnectivityServiceGrpc::newBlockingStub, maxWait)
                .reconnectSynchronizers(
                    ReconnectSynchronizersRequest.newBuilder().setIgnoreFailures(ignoreFailures).build()));
  }

  /**
   * Stored connections (console: {@code synchronizers.list_registered}).
   *
   * @param allStatuses include inactive (migrated, upgraded) connections; 3.4 nodes ignore this
   */
  public List<RegisteredSynchronizer> listRegistered(boolean allStatuses) {
    return calls.call("synchronizers.list_registered", () -> registered(allStatuses)).stream()
        .map(Synchronizers::fromProto)
        .toList();
  }

  /** Current connections (console: {@code synchronizers.list_connected}). */
  public List<ConnectedSynchronizer> listConnected() {
    return calls.call(
        "synchronizers.list_connected",
        () ->
            calls
                .admin(SynchronizerConnectivityServiceGrpc::newBlockingStub)
                .listConnectedSynchronizers(ListConnectedSynchronizersRequest.getDefaultInstance())
                .getConnectedSynchronizersList()
                .stream()
                .map(
                    r ->
                        new ConnectedSynchronizer(
                            r.getSynchronizerAlias(), r.getSynchronizerId(), r.getPhysicalSynchronizerId(), r.getHealthy()))
                .toList());
  }

  /** The ids behind an alias (console: {@code synchronizers.id_of}); needs an active connection. */
  public SynchronizerIds getSynchronizerId(String alias) {
    var reply =
        calls.call(
            "synchronizers.id_of",
            () ->
                calls
                    .admin(SynchronizerConnectivityServiceGrpc::newBlockingStub)
                    .getSynchronizerId(GetSynchronizerIdRequest.newBuilder().setSynchronizerAlias(alias).build()));
    return new SynchronizerIds(reply.getSynchronizerId(), reply.getPhysicalSynchronizerId());
  }

  /**
   * Sets the manual-connect flag of a stored connection (console: {@code synchronizers.modify}
   * with {@code _.copy(manualConnect = …)}).
   *
   * <p>A read-modify-write of the whole stored config: the parts we do not model (sequencer
   * connections, time tracker, anything a newer node adds) go back byte for byte. Validation is
   * disabled so it works while the node is disconnected, and the physical id is left unset so the
   * node picks the alias's active connection. Changing the flag connects or disconnects nothing.
   * Writes nothing if the flag already has the wanted value.
   *
   * @return the flag's previous value
   * @throws CantonCallException NOT_FOUND if the alias has no active stored connection
   */
  public boolean setManualConnect(String alias, boolean manualConnect) {
    String call = "synchronizers.modify";
    var stored =
        calls.call(call, () -> registered(false)).stream()
            .filter(r -> r.getConfig().getSynchronizerAlias().equals(alias))
            .filter(
                r ->
                    r.getStatus() == ListRegisteredSynchronizersResponse.Status.STATUS_ACTIVE
                        || r.getStatus() == ListRegisteredSynchronizersResponse.Status.STATUS_UNSPECIFIED)
            .toList();
    if (stored.size() != 1) {
      throw CantonErrors.toCallException(
          calls.node,
          call,
          Status.NOT_FOUND
              .withDescription(
                  stored.isEmpty()
                      ? "no active stored connection for synchronizer alias '" + alias + "'"
                      : "several active stored connections for synchronizer alias '" + alias + "'")
              .asRuntimeException());
    }
    var config = stored.get(0).getConfig();
    boolean previous = config.getManualConnect();
    if (previous == manualConnect) {
      return previous;
    }
    var request =
        ModifySynchronizerRequest.newBuilder()
            .setNewConfig(config.toBuilder().setManualConnect(manualConnect))
            .setSequencerConnectionValidation(
                SequencerConnectionValidation.SEQUENCER_CONNECTION_VALIDATION_DISABLED)
            .build();
    calls.run(
        call,
        () -> calls.admin(SynchronizerConnectivityServiceGrpc::newBlockingStub).modifySynchronizer(request));
    return previous;
  }

  private List<ListRegisteredSynchronizersResponse.Result> registered(boolean allStatuses) {
    return calls
        .admin(SynchronizerConnectivityServiceGrpc::newBlockingStub)
        .listRegisteredSynchronizers(
            ListRegisteredSynchronizersRequest.newBuilder().setAllStatuses(allStatuses).build())
        .getResultsList();
  }

  private static RegisteredSynchronizer fromProto(ListRegisteredSynchronizersResponse.Result r) {
    var status =
        switch (r.getStatus()) {
          case STATUS_ACTIVE -> RegisteredSynchronizer.Status.ACTIVE;
          case STATUS_HARD_MIGRATING_SOURCE -> RegisteredSynchronizer.Status.HARD_MIGRATING_SOURCE;
          case STATUS_HARD_MIGRATING_TARGET -> RegisteredSynchronizer.Status.HARD_MIGRATING_TARGET;
          case STATUS_LSU_SOURCE -> RegisteredSynchronizer.Status.LSU_SOURCE;
          case STATUS_LSU_TARGET -> RegisteredSynchronizer.Status.LSU_TARGET;
          case STATUS_INACTIVE -> RegisteredSynchronizer.Status.INACTIVE;
          default -> RegisteredSynchronizer.Status.UNSPECIFIED;
        };
    return new RegisteredSynchronizer(
        r.getConfig().getSynchronizerAlias(),
        r.getConnected(),
        r.getConfig().getManualConnect(),
        r.hasPhysicalSynchronizerId() ? Optional.of(r.getPhysicalSynchronizerId()) : Optional.empty(),
        r.getConfig().getPriority(),
        status);
  }
}
