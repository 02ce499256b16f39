package io.cantonrunbooks.activities.canton;

import io.cantonrunbooks.cantonapi.ledger.v2.GetConnectedSynchronizersRequest;
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
