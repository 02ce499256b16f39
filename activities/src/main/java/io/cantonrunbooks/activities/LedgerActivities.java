package io.cantonrunbooks.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Ledger state reads: the Ledger API's state service. */
@ActivityInterface(namePrefix = "Ledger_")
public interface LedgerActivities {

  /**
   * The node's current ledger end (Ledger API {@code GetLedgerEnd}). Offsets are per node. A
   * runbook records this once in history and never recomputes it on retry.
   */
  @ActivityMethod
  long ledgerEnd(String node);
}
