package io.cantonrunbooks.activities;

import java.util.List;

/**
 * The result of a preflight: every problem found (empty when the runbook may start) and the facts
 * the runbook needs afterwards. A preflight changes nothing.
 *
 * @param problems every problem found, each a sentence that names what is wrong
 * @param synchronizerId the logical synchronizer id behind the alias, as the source reports it
 * @param packageIds the packages the party's contracts on the source use
 * @param targetState how far the target already is with this party
 * @param sourceLedgerEnd the source's ledger end when the preflight ran (informational only)
 */
public record PreflightReport(
    List<String> problems,
    NodeFacts source,
    NodeFacts target,
    String synchronizerId,
    List<String> packageIds,
    TargetState targetState,
    long sourceLedgerEnd) {

  public boolean passed() {
    return problems.isEmpty();
  }

  /** How far an earlier attempt got with hosting the party on the target. */
  public enum TargetState {
    /** The target neither hosts the party nor has proposed to. */
    NOT_HOSTED,
    /** The target has proposed to host the party with the onboarding flag; the party has not signed. */
    PROPOSED,
    /** The target hosts the party with the onboarding flag: an earlier run stopped after authorization. */
    ONBOARDING,
    /** The target hosts the party without the flag: nothing to replicate. */
    HOSTED
  }
}
