package io.cantonrunbooks.testbed.grpc;

import io.cantonrunbooks.cantonapi.ledger.v2.admin.ParticipantPruningServiceGrpc;
import io.cantonrunbooks.cantonapi.ledger.v2.admin.PruneRequest;
import io.cantonrunbooks.cantonapi.ledger.v2.admin.PruneResponse;
import io.cantonrunbooks.testbed.engine.Participant;
import io.grpc.stub.StreamObserver;

/**
 * Ledger API ParticipantPruningService: the full prune, served on the Ledger API port. On a node
 * with {@link LedgerApiAuth} it needs a {@code participant_admin} token. The submission id and the divulged-contracts flag change nothing here: the testbed
 * has no divulged contracts.
 */
final class ParticipantPruningService extends ParticipantPruningServiceGrpc.ParticipantPruningServiceImplBase {
  private final Participant participant;

  ParticipantPruningService(Participant participant) {
    this.participant = participant;
  }

  @Override
  public void prune(PruneRequest request, StreamObserver<PruneResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          participant.prune(request.getPruneUpTo());
          return PruneResponse.getDefaultInstance();
        });
  }
}
