package io.cantonrunbooks.activities.canton;

import io.cantonrunbooks.cantonapi.ledger.v2.GetConnectedSynchronizersRequest;
import io.cantonrunbooks.cantonapi.ledger.v2.GetLatestPrunedOffsetsRequest;
import io.cantonrunbooks.cantonapi.ledger.v2.GetLedgerEndRequest;
import io.cantonrunbooks.cantonapi.ledger.v2.StateServiceGrpc;
import java.util.List;

/** Ledger API state queries of a participant; these calls carry the node's bearer token. */
public final class Ledger {

  private final NodeCalls calls;

  Ledger(NodeCalls calls) {
    this.calls = calls;
  }

  /**
   * The participant's current ledger end (console: {@code ledger_api.state.end}); 0 for an empty
   * ledger. Offsets are per participant.
   */
  public long ledgerEnd() {
    return calls.call(
        "ledger_api.state.end",
        () ->
            calls
                .ledger(StateServiceGrpc::newBlockingStub)
                .getLedgerEnd(GetLedgerEndRequest.getDefaultInstance())
                .getOffset());
  }

  /**
   * The offset the participant's history was pruned up to, inclusive ({@code
   * StateService.GetLatestPrunedOffsets}); 0 if never pruned. Reads of updates that start at or
   * below it, an ACS export among them, are refused.
   */
  public long latestPrunedOffset() {
    return calls.call(
        "ledger_api.state.latest_pruned_offsets",
        () ->
            calls
                .ledger(StateServiceGrpc::newBlockingStub)
                .getLatestPrunedOffsets(GetLatestPrunedOffsetsRequest.getDefaultInstance())
                .getParticipantPrunedUpToInclusive());
  }

  /** Aliases and logical ids of the synchronizers the participant is connected to. */
  public List<SynchronizerRef> connectedSynchronizers() {
    return calls.call(
        "ledger_api.state.connected_synchronizers",
        () ->
            calls
                .ledger(StateServiceGrpc::newBlockingStub)
                .getConnectedSynchronizers(GetConnectedSynchronizersRequest.getDefaultInstance())
                .getConnectedSynchronizersList()
                .stream()
                .map(c -> new SynchronizerRef(c.getSynchronizerAlias(), c.getSynchronizerId()))
                .toList());
  }
}
