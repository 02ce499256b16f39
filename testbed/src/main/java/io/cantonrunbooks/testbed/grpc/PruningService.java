package io.cantonrunbooks.testbed.grpc;

import io.cantonrunbooks.cantonapi.admin.participant.v30.GetSafePruningOffsetRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.GetSafePruningOffsetResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.PruneRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.PruneResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.PruningServiceGrpc;
import io.cantonrunbooks.cantonapi.admin.participant.v30.SafeToPruneCommitmentState;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.ClearScheduleRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.ClearScheduleResponse;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.GetParticipantScheduleRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.GetParticipantScheduleResponse;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.GetScheduleRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.GetScheduleResponse;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.ParticipantPruningSchedule;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.SetCronRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.SetCronResponse;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.SetMaxDurationRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.SetMaxDurationResponse;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.SetParticipantScheduleRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.SetParticipantScheduleResponse;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.SetRetentionRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.SetRetentionResponse;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.SetScheduleRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.SetScheduleResponse;
import io.cantonrunbooks.testbed.engine.CantonError;
import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.testbed.engine.PrunableCommitments;
import io.cantonrunbooks.testbed.engine.PruningSchedule;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * Admin PruningService: the internal prune, the safe-offset query and the automatic pruning schedule
 * (get, set, clear and field setters). The full prune is {@link ParticipantPruningService}.
 */
final class PruningService extends PruningServiceGrpc.PruningServiceImplBase {
  private final Participant participant;

  PruningService(Participant participant) {
    this.participant = participant;
  }

  /**
   * The commitment rule a request asks for: unset means matched periods only; an explicit
   * UNSPECIFIED (or an unknown number) is not a rule, and Canton refuses it.
   */
  private static PrunableCommitments commitmentRule(boolean set, SafeToPruneCommitmentState state) {
    if (!set) {
      return PrunableCommitments.MATCHED;
    }
    return switch (state) {
      case SAFE_TO_PRUNE_COMMITMENT_STATE_MATCH -> PrunableCommitments.MATCHED;
      case SAFE_TO_PRUNE_COMMITMENT_STATE_MATCH_MISMATCH -> PrunableCommitments.MATCHED_OR_MISMATCHED;
      case SAFE_TO_PRUNE_COMMITMENT_STATE_ALL -> PrunableCommitments.ALL;
      default ->
          throw new IllegalArgumentException(
              "counter_participants_commitments_state " + state + " is not a commitment state");
    };
  }

  @Override
  public void prune(PruneRequest request, StreamObserver<PruneResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          long upTo = request.getPruneUpTo();
          if (upTo <= 0) {
            throw Errors.invalid("INVALID_ARGUMENT", "prune_up_to " + upTo + " is not a positive offset");
          }
          PrunableCommitments rule;
          try {
            rule =
                commitmentRule(
                    request.hasCounterParticipantsCommitmentsState(),
                    request.getCounterParticipantsCommitmentsState());
          } catch (IllegalArgumentException e) {
            throw Errors.invalid("INVALID_ARGUMENT", e.getMessage());
          }
          participant.pruneInternally(upTo, rule);
          return PruneResponse.getDefaultInstance();
        });
  }

  /** Argument errors here are plain INVALID_ARGUMENT statuses without an error id, as in Canton. */
  @Override
  public void getSafePruningOffset(
      GetSafePruningOffsetRequest request, StreamObserver<GetSafePruningOffsetResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          if (!request.hasBeforeOrAt()) {
            throw new IllegalArgumentException("Invalid GetSafePruningOffsetRequest: before_or_at is required");
          }
          if (request.getLedgerEnd() <= 0) {
            throw new IllegalArgumentException(
                "Invalid GetSafePruningOffsetRequest: ledger_end " + request.getLedgerEnd() + " is not a positive offset");
          }
          PrunableCommitments rule =
              commitmentRule(
                  request.hasCounterParticipantsCommitmentsState(),
                  request.getCounterParticipantsCommitmentsState());
          OptionalLong safe =
              participant.safePruningOffset(Protos.instant(request.getBeforeOrAt()), request.getLedgerEnd(), rule);
          var b = GetSafePruningOffsetResponse.newBuilder();
          if (safe.isPresent()) {
            b.setSafePruningOffset(safe.getAsLong());
          } else {
            b.setNoSafePruningOffset(GetSafePruningOffsetResponse.NoSafePruningOffset.getDefaultInstance());
          }
          return b.build();
        });
  }

  private static PruningSchedule fromProto(
      io.cantonrunbooks.cantonapi.admin.pruning.v30.PruningSchedule s, boolean internalOnly) {
    if (!s.hasMaxDuration() || !s.hasRetention()) {
      throw new CantonError("PROTO_DESERIALIZATION_FAILURE", 8, "max_duration and retention are required");
    }
    return new PruningSchedule(
        s.getCron(), Protos.duration(s.getMaxDuration()), Protos.duration(s.getRetention()), internalOnly);
  }

  private static io.cantonrunbooks.cantonapi.admin.pruning.v30.PruningSchedule toProto(PruningSchedule s) {
    return io.cantonrunbooks.cantonapi.admin.pruning.v30.PruningSchedule.newBuilder()
        .setCron(s.cron())
        .setMaxDuration(Protos.duration(s.maxDuration()))
        .setRetention(Protos.duration(s.retention()))
        .build();
  }

  @Override
  public void setSchedule(SetScheduleRequest request, StreamObserver<SetScheduleResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          if (!request.hasSchedule()) {
            throw new CantonError("PROTO_DESERIALIZATION_FAILURE", 8, "Field schedule is required");
          }
          participant.setPruningSchedule(fromProto(request.getSchedule(), false));
          return SetScheduleResponse.getDefaultInstance();
        });
  }

  @Override
  public void setParticipantSchedule(
      SetParticipantScheduleRequest request, StreamObserver<SetParticipantScheduleResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          if (!request.hasSchedule() || !request.getSchedule().hasSchedule()) {
            throw new CantonError("PROTO_DESERIALIZATION_FAILURE", 8, "Field schedule is required");
          }
          ParticipantPruningSchedule s = request.getSchedule();
          participant.setPruningSchedule(fromProto(s.getSchedule(), s.getPruneInternallyOnly()));
          return SetParticipantScheduleResponse.getDefaultInstance();
        });
  }

  @Override
  public void getSchedule(GetScheduleRequest request, StreamObserver<GetScheduleResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          var b = GetScheduleResponse.newBuilder();
          participant.pruningSchedule().ifPresent(s -> b.setSchedule(toProto(s)));
          return b.build();
        });
  }

  @Override
  public void getParticipantSchedule(
      GetParticipantScheduleRequest request, StreamObserver<GetParticipantScheduleResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          var b = GetParticipantScheduleResponse.newBuilder();
          participant
              .pruningSchedule()
              .ifPresent(
                  s ->
                      b.setSchedule(
                          ParticipantPruningSchedule.newBuilder()
                              .setSchedule(toProto(s))
                              .setPruneInternallyOnly(s.pruneInternallyOnly())));
          return b.build();
        });
  }

  @Override
  public void clearSchedule(ClearScheduleRequest request, StreamObserver<ClearScheduleResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          participant.clearPruningSchedule();
          return ClearScheduleResponse.getDefaultInstance();
        });
  }

  @Override
  public void setCron(SetCronRequest request, StreamObserver<SetCronResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          update(s -> new PruningSchedule(request.getCron(), s.maxDuration(), s.retention(), s.pruneInternallyOnly()));
          return SetCronResponse.getDefaultInstance();
        });
  }

  @Override
  public void setMaxDuration(SetMaxDurationRequest request, StreamObserver<SetMaxDurationResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          update(
              s ->
                  new PruningSchedule(
                      s.cron(), Protos.duration(request.getMaxDuration()), s.retention(), s.pruneInternallyOnly()));
          return SetMaxDurationResponse.getDefaultInstance();
        });
  }

  @Override
  public void setRetention(SetRetentionRequest request, StreamObserver<SetRetentionResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          update(
              s ->
                  new PruningSchedule(
                      s.cron(), s.maxDuration(), Protos.duration(request.getRetention()), s.pruneInternallyOnly()));
          return SetRetentionResponse.getDefaultInstance();
        });
  }

  private void update(UnaryOperator<PruningSchedule> change) {
    PruningSchedule current =
        participant
            .pruningSchedule()
            .orElseThrow(
                () ->
                    Status.INVALID_ARGUMENT
                        .withDescription("No pruning schedule is set; use set_schedule first")
                        .asRuntimeException());
    participant.setPruningSchedule(change.apply(current));
  }
}
