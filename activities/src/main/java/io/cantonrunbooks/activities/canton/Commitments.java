package io.cantonrunbooks.activities.canton;

import io.cantonrunbooks.cantonapi.admin.participant.v30.Interval;
import io.cantonrunbooks.cantonapi.admin.participant.v30.LookupReceivedAcsCommitmentsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.LookupSentAcsCommitmentsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantInspectionServiceGrpc;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ReceivedCommitmentState;
import io.cantonrunbooks.cantonapi.admin.participant.v30.SentCommitmentState;
import io.cantonrunbooks.cantonapi.admin.participant.v30.SynchronizerTimeRange;
import io.cantonrunbooks.cantonapi.admin.participant.v30.TimeRange;
import java.util.ArrayList;
import java.util.List;

/**
 * ACS commitment lookups, as the console's {@code commitments} group. Mismatches are expected
 * while a party's onboarding flag is set; one that persists after clearance means the replicated
 * ACS differs.
 */
public final class Commitments {

  private final NodeCalls calls;

  Commitments(NodeCalls calls) {
    this.calls = calls;
  }

  /** Commitments received from counter-participants (console: {@code commitments.lookup_received_acs_commitments}). */
  public List<AcsCommitment> lookupReceived(CommitmentQuery query) {
    var request =
        LookupReceivedAcsCommitmentsRequest.newBuilder()
            .addAllTimeRanges(ranges(query))
            .addAllCounterParticipantIds(query.counterParticipants());
    for (CommitmentState state : query.states()) {
      request.addCommitmentState(ReceivedCommitmentState.valueOf(wanted("RECEIVED_COMMITMENT_STATE_", state, ReceivedCommitmentState.class)));
    }
    var reply =
        calls.call(
            "commitments.lookup_received_acs_commitments",
            () -> calls.admin(ParticipantInspectionServiceGrpc::newBlockingStub).lookupReceivedAcsCommitments(request.build()));
    var result = new ArrayList<AcsCommitment>();
    for (var perSync : reply.getReceivedList()) {
      for (var c : perSync.getReceivedList()) {
        result.add(
            commitment(
                perSync.getSynchronizerId(),
                c.getOriginCounterParticipantUid(),
                c.getInterval(),
                strip(c.getState().name(), "RECEIVED_COMMITMENT_STATE_")));
      }
    }
    return result;
  }

  /** Commitments this node sent (console: {@code commitments.lookup_sent_acs_commitments}). */
  public List<AcsCommitment> lookupSent(CommitmentQuery query) {
    var request =
        LookupSentAcsCommitmentsRequest.newBuilder()
            .addAllTimeRanges(ranges(query))
            .addAllCounterParticipantIds(query.counterParticipants());
    for (CommitmentState state : query.states()) {
      request.addCommitmentState(SentCommitmentState.valueOf(wanted("SENT_COMMITMENT_STATE_", state, SentCommitmentState.class)));
    }
    var reply =
        calls.call(
            "commitments.lookup_sent_acs_commitments",
            () -> calls.admin(ParticipantInspectionServiceGrpc::newBlockingStub).lookupSentAcsCommitments(request.build()));
    var result = new ArrayList<AcsCommitment>();
    for (var perSync : reply.getSentList()) {
      for (var c : perSync.getSentList()) {
        result.add(
            commitment(
                perSync.getSynchronizerId(),
                c.getDestCounterParticipantUid(),
                c.getInterval(),
                strip(c.getState().name(), "SENT_COMMITMENT_STATE_")));
      }
    }
    return result;
  }

  private static String strip(String name, String prefix) {
    return name.startsWith(prefix) ? name.substring(prefix.length()) : "UNSPECIFIED";
  }

  private static <E extends Enum<E>> String wanted(String prefix, CommitmentState state, Class<E> type) {
    String name = prefix + state.name();
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(name)) {
        return name;
      }
    }
    throw new IllegalArgumentException(
        state + " does not apply to this direction of commitments");
  }

  private static List<SynchronizerTimeRange> ranges(CommitmentQuery query) {
    if (query.synchronizerId().isEmpty()) {
      return List.of();
    }
    var range = SynchronizerTimeRange.newBuilder().setSynchronizerId(query.synchronizerId().get());
    if (query.fromExclusive().isPresent()) {
      range.setInterval(
          TimeRange.newBuilder()
              .setFromExclusive(Protos.timestamp(query.fromExclusive().get()))
              .setToInclusive(Protos.timestamp(query.toInclusive().orElseThrow())));
    }
    return List.of(range.build());
  }

  private static AcsCommitment commitment(String synchronizerId, String counterParticipant, Interval interval, String state) {
    CommitmentState mapped;
    try {
      mapped = CommitmentState.valueOf(state);
    } catch (IllegalArgumentException e) {
      mapped = CommitmentState.UNSPECIFIED;
    }
    return new AcsCommitment(
        synchronizerId,
        counterParticipant,
        Protos.instant(interval.getStartTickExclusive()),
        Protos.instant(interval.getEndTickInclusive()),
        mapped);
  }
}
