package io.cantonrunbooks.activities.canton;

import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantStatusRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantStatusResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantStatusServiceGrpc;
import java.util.List;
import java.util.Optional;

/** Health commands of a participant, as the console's {@code health} group. */
public final class Health {

  private final NodeCalls calls;

  Health(NodeCalls calls) {
    this.calls = calls;
  }

  /** The participant's status (console: {@code health.status}); works before initialization. */
  public ParticipantStatus status() {
    ParticipantStatusResponse reply =
        calls.call(
            "health.status",
            () ->
                calls
                    .admin(ParticipantStatusServiceGrpc::newBlockingStub)
                    .participantStatus(ParticipantStatusRequest.getDefaultInstance()));
    if (reply.hasStatus()) {
      var s = reply.getStatus();
      var common = s.getCommonStatus();
      return new ParticipantStatus(
          true,
          common.getUid(),
          common.getVersion(),
          s.getActive(),
          common.hasUptime() ? Optional.of(Protos.duration(common.getUptime())) : Optional.empty(),
          s.getConnectedSynchronizersList().stream()
              .map(
                  c ->
                      new ParticipantStatus.SynchronizerHealth(
                          c.getPhysicalSynchronizerId(),
                          c.getHealth()
                              == io.cantonrunbooks.cantonapi.admin.participant.v30.ConnectedSynchronizer.Health
                                  .HEALTH_HEALTHY))
              .toList(),
          s.getSupportedProtocolVersionsList());
    }
    var n = reply.getNotInitialized();
    return new ParticipantStatus(false, "", n.getVersion(), n.getActive(), Optional.empty(), List.of(), List.of());
  }

  /**
   * The node's Canton release, read from its status.
   *
   * @throws IllegalStateException if the node does not report a usable version (a 3.4 node that
   *     is not initialized reports none)
   */
  public CantonVersion version() {
    String raw = status().version();
    try {
      return CantonVersion.parse(raw);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          calls.node + " reports no usable Canton version ('" + raw + "')", e);
    }
  }
}
