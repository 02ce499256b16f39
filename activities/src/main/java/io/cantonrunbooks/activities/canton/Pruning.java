package io.cantonrunbooks.activities.canton;

import io.cantonrunbooks.cantonapi.admin.participant.v30.GetSafePruningOffsetRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.PruneRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.PruningServiceGrpc;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.ClearScheduleRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.GetParticipantScheduleRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.GetScheduleRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.SetParticipantScheduleRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.SetScheduleRequest;
import io.cantonrunbooks.cantonapi.ledger.v2.admin.ParticipantPruningServiceGrpc;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Pruning commands, as the console's {@code pruning} group: manual prunes, the safe-offset query and
 * the automatic schedule. Runbooks read the schedule once, remember it, clear it, and restore
 * exactly what they read.
 */
public final class Pruning {

  private final NodeCalls calls;

  Pruning(NodeCalls calls) {
    this.calls = calls;
  }

  /**
   * The full prune (console: {@code pruning.prune}) through the Ledger API, so it carries the node's
   * token: history up to {@code upTo} is gone afterwards for ACS reads, update streams and exports.
   * {@code upTo} must be positive and below the ledger end ({@code OFFSET_OUT_OF_RANGE}); past the
   * safe offset it fails with {@code UNSAFE_TO_PRUNE}, whose cause names what blocks it. Pruning
   * what is already pruned succeeds.
   */
  public void prune(long upTo) {
    calls.run(
        "pruning.prune",
        () ->
            calls
                .ledger(ParticipantPruningServiceGrpc::newBlockingStub)
                .prune(io.cantonrunbooks.cantonapi.ledger.v2.admin.PruneRequest.newBuilder().setPruneUpTo(upTo).build()));
  }

  /**
   * Prunes Canton's internal stores only (console: {@code pruning.prune_internally}); Ledger API
   * reads are unaffected. Past the ledger end it fails with {@code INTERNAL_PRUNING_ERROR}, past the
   * safe offset with {@code UNSAFE_TO_PRUNE}. Only matched ACS commitment periods are pruned.
   */
  public void pruneInternally(long upTo) {
    calls.run(
        "pruning.prune_internally",
        () -> calls.admin(PruningServiceGrpc::newBlockingStub).prune(PruneRequest.newBuilder().setPruneUpTo(upTo).build()));
  }

  /**
   * The highest offset that may be pruned now (console: {@code pruning.find_safe_offset}), at most
   * {@code ledgerEnd} and among updates the node published at or before {@code beforeOrAt}; empty
   * when nothing may be pruned yet. Fails with {@code NO_INTERNAL_PARTICIPANT_DATA_BEFORE} when the
   * node holds nothing that old (typically: already pruned).
   */
  public OptionalLong safePruningOffset(Instant beforeOrAt, long ledgerEnd) {
    var reply =
        calls.call(
            "pruning.find_safe_offset",
            () ->
                calls
                    .admin(PruningServiceGrpc::newBlockingStub)
                    .getSafePruningOffset(
                        GetSafePruningOffsetRequest.newBuilder()
                            .setBeforeOrAt(Protos.timestamp(beforeOrAt))
                            .setLedgerEnd(ledgerEnd)
                            .build()));
    return reply.hasSafePruningOffset() ? OptionalLong.of(reply.getSafePruningOffset()) : OptionalLong.empty();
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
