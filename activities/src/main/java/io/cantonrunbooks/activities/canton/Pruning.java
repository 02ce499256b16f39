package io.cantonrunbooks.activities.canton;

import io.cantonrunbooks.cantonapi.admin.participant.v30.PruningServiceGrpc;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.ClearScheduleRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.GetParticipantScheduleRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.GetScheduleRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.SetParticipantScheduleRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.SetScheduleRequest;
import java.util.Optional;

/**
 * Automatic pruning schedule commands, as the console's {@code pruning} group. Runbooks read the
 * schedule once, remember it, clear it, and restore exactly what they read.
 */
public final class Pruning {

  private final NodeCalls calls;

  Pruning(NodeCalls calls) {
    this.calls = calls;
  }

  /** The schedule (console: {@code pruning.get_schedule}); empty when none is set. */
  public Optional<PruningSchedule> getSchedule() {
    var reply =
        calls.call(
            "pruning.get_schedule",
            () -> calls.admin(PruningServiceGrpc::newBlockingStub).getSchedule(GetScheduleRequest.getDefaultInstance()));
    return reply.hasSchedule() ? Optional.of(fromProto(reply.getSchedule())) : Optional.empty();
  }

  /** Sets the schedule (console: {@code pruning.set_schedule}). */
  public void setSchedule(PruningSchedule schedule) {
    calls.run(
        "pruning.set_schedule",
        () ->
            calls
                .admin(PruningServiceGrpc::newBlockingStub)
                .setSchedule(SetScheduleRequest.newBuilder().setSchedule(toProto(schedule)).build()));
  }

  /** Switches automatic pruning off (console: {@code pruning.clear_schedule}); idempotent. */
  public void clearSchedule() {
    calls.run(
        "pruning.clear_schedule",
        () -> calls.admin(PruningServiceGrpc::newBlockingStub).clearSchedule(ClearScheduleRequest.getDefaultInstance()));
  }

  /** The participant-specific schedule; empty when none is set. */
  public Optional<ParticipantPruningSchedule> getParticipantSchedule() {
    var reply =
        calls.call(
            "pruning.get_participant_schedule",
            () ->
                calls
                    .admin(PruningServiceGrpc::newBlockingStub)
                    .getParticipantSchedule(GetParticipantScheduleRequest.getDefaultInstance()));
    if (!reply.hasSchedule() || !reply.getSchedule().hasSchedule()) {
      return Optional.empty();
    }
    return Optional.of(
        new ParticipantPruningSchedule(
            fromProto(reply.getSchedule().getSchedule()), reply.getSchedule().getPruneInternallyOnly()));
  }

  /** Sets the participant-specific schedule. */
  public void setParticipantSchedule(ParticipantPruningSchedule schedule) {
    var proto =
        io.cantonrunbooks.cantonapi.admin.pruning.v30.ParticipantPruningSchedule.newBuilder()
            .setSchedule(toProto(schedule.schedule()))
            .setPruneInternallyOnly(schedule.pruneInternallyOnly());
    calls.run(
        "pruning.set_participant_schedule",
        () ->
            calls
                .admin(PruningServiceGrpc::newBlockingStub)
                .setParticipantSchedule(SetParticipantScheduleRequest.newBuilder().setSchedule(proto).build()));
  }

  private static PruningSchedule fromProto(io.cantonrunbooks.cantonapi.admin.pruning.v30.PruningSchedule s) {
    return new PruningSchedule(s.getCron(), Protos.duration(s.getMaxDuration()), Protos.duration(s.getRetention()));
  }

  private static io.cantonrunbooks.cantonapi.admin.pruning.v30.PruningSchedule toProto(PruningSchedule s) {
    return io.cantonrunbooks.cantonapi.admin.pruning.v30.PruningSchedule.newBuilder()
        .setCron(s.cron())
        .setMaxDuration(Protos.duration(s.maxDuration()))
        .setRetention(Protos.duration(s.retention()))
        .build();
  }
}
