package io.cantonrunbooks.testbed;

import static io.cantonrunbooks.testbed.support.CantonAssertions.assertCantonError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Timestamp;
import com.google.rpc.ErrorInfo;
import io.cantonrunbooks.cantonapi.admin.participant.v30.DisconnectAllSynchronizersRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.GetSafePruningOffsetRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.GetSafePruningOffsetResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.PruneRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ReconnectSynchronizersRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.SafeToPruneCommitmentState;
import io.cantonrunbooks.cantonapi.testbed.v1.GetActiveContractsRequest;
import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.testbed.engine.Timings;
import io.cantonrunbooks.testbed.support.CantonAssertions;
import io.cantonrunbooks.testbed.support.Node;
import io.cantonrunbooks.testbed.support.Procedure;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two served prune calls and the safe-offset query answer as a Canton 3.5 participant does. */
class PruningCallsTest {

  private static io.cantonrunbooks.cantonapi.ledger.v2.admin.PruneRequest ledgerPrune(long upTo) {
    return io.cantonrunbooks.cantonapi.ledger.v2.admin.PruneRequest.newBuilder().setPruneUpTo(upTo).build();
  }

  private static PruneRequest adminPrune(long upTo) {
    return PruneRequest.newBuilder().setPruneUpTo(upTo).build();
  }

  private static GetSafePruningOffsetRequest safeOffsetQuery(long ledgerEnd) {
    Instant now = Instant.now();
    return GetSafePruningOffsetRequest.newBuilder()
        .setBeforeOrAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
        .setLedgerEnd(ledgerEnd)
        .build();
  }

  private static Map<String, String> errorMetadata(CantonAssertions.Call call) {
    StatusRuntimeException e = catchThrowableOfType(call::run, StatusRuntimeException.class);
    return StatusProto.fromThrowable(e).getDetailsList().stream()
        .filter(d -> d.is(ErrorInfo.class))
        .map(d -> {
          try {
            return d.unpack(ErrorInfo.class).getMetadataMap();
          } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
            throw new AssertionError(ex);
          }
        })
        .findFirst()
        .orElseThrow();
  }

  /** Waits (without holding the engine lock during an RPC) until {@code offset} may be pruned. */
  private static void awaitSafe(TestbedNetwork net, Participant p, long offset) {
    net.engine().awaitCondition(() -> p.safePruningOffset() >= offset, Duration.ofSeconds(5), "offset " + offset + " to be safe");
  }

  @Test
  void the_ledger_api_prune_removes_history_below_it_and_refuses_with_cantons_ids() throws Exception {
    try (TestbedNetwork net = TestbedNetwork.builder().participants(1).build(); Node p1 = new Node(net, "participant1")) {
      Procedure run = new Procedure(net, p1, p1);
      run.allocateParty("alice");
      run.createContracts(p1, "A", 2);
      // Disconnected, the ledger end stays where it is while the refusals are checked.
      p1.connectivity.disconnectAllSynchronizers(DisconnectAllSynchronizersRequest.getDefaultInstance());
      long end = p1.ledgerEnd();

      assertCantonError(() -> p1.ledgerPruning.prune(ledgerPrune(0)), "INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT);
      assertCantonError(() -> p1.ledgerPruning.prune(ledgerPrune(-3)), "NON_POSITIVE_OFFSET", Status.Code.INVALID_ARGUMENT);
      assertCantonError(() -> p1.ledgerPruning.prune(ledgerPrune(end)), "OFFSET_OUT_OF_RANGE", Status.Code.FAILED_PRECONDITION);
      p1.connectivity.reconnectSynchronizers(ReconnectSynchronizersRequest.getDefaultInstance());

      Participant engine = net.participant("participant1");
      awaitSafe(net, engine, end - 1);
      GetSafePruningOffsetResponse answer = p1.pruning.getSafePruningOffset(safeOffsetQuery(p1.ledgerEnd()));
      assertThat(answer.getSafePruningOffset()).isGreaterThanOrEqualTo(end - 1);
      long upTo = answer.getSafePruningOffset();
      p1.ledgerPruning.prune(ledgerPrune(upTo));

      assertThat(engine.prunedUpTo()).isEqualTo(upTo);
      assertCantonError(
          () -> p1.control.getActiveContracts(
              GetActiveContractsRequest.newBuilder().setParty(run.party).setActiveAtOffset(upTo - 1).build()),
          "PARTICIPANT_PRUNED_DATA_ACCESSED", Status.Code.FAILED_PRECONDITION);
      p1.ledgerPruning.prune(ledgerPrune(upTo)); // nothing left to prune: success, so retries are harmless
      p1.ledgerPruning.prune(ledgerPrune(1));
      assertThat(engine.prunedUpTo()).isEqualTo(upTo);
    }
  }

  @Test
  void the_admin_prune_is_internal_only_and_never_reaches_the_update_just_processed() throws Exception {
    try (TestbedNetwork net = TestbedNetwork.builder().participants(1).build(); Node p1 = new Node(net, "participant1")) {
      Procedure run = new Procedure(net, p1, p1);
      run.allocateParty("alice");
      run.createContracts(p1, "A", 2);
      long end = p1.ledgerEnd();

      assertCantonError(() -> p1.pruning.prune(adminPrune(0)), "INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT);
      assertCantonError(
          () -> p1.pruning.prune(adminPrune(1).toBuilder()
              .setCounterParticipantsCommitmentsState(SafeToPruneCommitmentState.SAFE_TO_PRUNE_COMMITMENT_STATE_UNSPECIFIED)
              .build()),
          "INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT);
      assertCantonError(() -> p1.pruning.prune(adminPrune(end + 5)), "INTERNAL_PRUNING_ERROR", Status.Code.INTERNAL);
      // Disconnected, the node's ledger end stays the update it processed last.
      p1.connectivity.disconnectAllSynchronizers(DisconnectAllSynchronizersRequest.getDefaultInstance());
      long last = p1.ledgerEnd();
      String unsafe = assertCantonError(() -> p1.pruning.prune(adminPrune(last)), "UNSAFE_TO_PRUNE", Status.Code.FAILED_PRECONDITION);
      assertThat(unsafe).contains("Last safe offset is");
      assertThat(errorMetadata(() -> p1.pruning.prune(adminPrune(last)))).containsKey("safe_offset");
      p1.connectivity.reconnectSynchronizers(ReconnectSynchronizersRequest.getDefaultInstance());

      Participant engine = net.participant("participant1");
      awaitSafe(net, engine, end - 1);
      p1.pruning.prune(adminPrune(end - 1));
      assertThat(engine.prunedUpTo()).as("the Ledger API history stays").isZero();
      assertThat(p1.control.getActiveContracts(
              GetActiveContractsRequest.newBuilder().setParty(run.party).setActiveAtOffset(end).build())
          .getContractsList()).hasSize(2);
      p1.pruning.prune(adminPrune(end - 1)); // again: still fine
    }
  }

  @Test
  void before_any_commitment_period_covers_the_history_there_is_no_safe_offset_whatever_the_commitment_state()
      throws Exception {
    Timings hourly = Timings.fast().withReconciliationInterval(Duration.ofHours(1));
    try (TestbedNetwork net = TestbedNetwork.builder().participants(1).timings(hourly).build();
        Node p1 = new Node(net, "participant1")) {
      Procedure run = new Procedure(net, p1, p1);
      run.allocateParty("alice");
      run.createContracts(p1, "A", 2);
      long end = p1.ledgerEnd();

      assertThat(p1.pruning.getSafePruningOffset(safeOffsetQuery(end)).hasNoSafePruningOffset()).isTrue();
      assertThat(p1.pruning.getSafePruningOffset(safeOffsetQuery(end).toBuilder()
              .setCounterParticipantsCommitmentsState(SafeToPruneCommitmentState.SAFE_TO_PRUNE_COMMITMENT_STATE_ALL)
              .build())
          .hasNoSafePruningOffset()).isTrue();
      String cause = assertCantonError(
          () -> p1.ledgerPruning.prune(ledgerPrune(end - 1)), "UNSAFE_TO_PRUNE", Status.Code.FAILED_PRECONDITION);
      assertThat(cause).contains("ACS commitments: computed only up to");
      assertThat(errorMetadata(() -> p1.ledgerPruning.prune(ledgerPrune(end - 1)))).containsEntry("safe_offset", "none");
      assertCantonError(
          () -> p1.pruning.prune(adminPrune(1).toBuilder()
              .setCounterParticipantsCommitmentsState(SafeToPruneCommitmentState.SAFE_TO_PRUNE_COMMITMENT_STATE_ALL)
              .build()),
          "UNSAFE_TO_PRUNE", Status.Code.FAILED_PRECONDITION);
    }
  }

  @Test
  void the_safe_offset_query_checks_its_arguments_and_stays_within_the_given_bounds() throws Exception {
    try (TestbedNetwork net = TestbedNetwork.builder().participants(1).build(); Node p1 = new Node(net, "participant1")) {
      Procedure run = new Procedure(net, p1, p1);
      run.allocateParty("alice");
      run.createContracts(p1, "A", 2);
      awaitSafe(net, net.participant("participant1"), 3);

      StatusRuntimeException noTime = catchThrowableOfType(
          () -> p1.pruning.getSafePruningOffset(GetSafePruningOffsetRequest.newBuilder().setLedgerEnd(3).build()),
          StatusRuntimeException.class);
      assertThat(noTime.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(StatusProto.fromThrowable(noTime).getDetailsList()).as("a plain status, without an error id").isEmpty();
      assertThat(noTime.getStatus().getDescription()).startsWith("Invalid GetSafePruningOffsetRequest");
      StatusRuntimeException noEnd = catchThrowableOfType(
          () -> p1.pruning.getSafePruningOffset(safeOffsetQuery(0)), StatusRuntimeException.class);
      assertThat(noEnd.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      StatusRuntimeException unspecified = catchThrowableOfType(
          () -> p1.pruning.getSafePruningOffset(safeOffsetQuery(3).toBuilder()
              .setCounterParticipantsCommitmentsState(SafeToPruneCommitmentState.SAFE_TO_PRUNE_COMMITMENT_STATE_UNSPECIFIED)
              .build()),
          StatusRuntimeException.class);
      assertThat(unspecified.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);

      assertCantonError(
          () -> p1.pruning.getSafePruningOffset(safeOffsetQuery(3).toBuilder().setBeforeOrAt(Timestamp.newBuilder().setSeconds(1)).build()),
          "NO_INTERNAL_PARTICIPANT_DATA_BEFORE", Status.Code.FAILED_PRECONDITION);
      assertThat(p1.pruning.getSafePruningOffset(safeOffsetQuery(2)).getSafePruningOffset())
          .as("never above the given ledger end")
          .isEqualTo(2);
    }
  }
}
