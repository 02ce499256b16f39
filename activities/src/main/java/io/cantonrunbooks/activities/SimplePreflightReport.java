package io.cantonrunbooks.activities;

import java.util.List;

/**
 * The result of the simple party replication preflight: every problem found, and what the runbook
 * needs afterwards. Changes nothing.
 *
 * @param owner who signs for the party; null when it could not be determined (then a problem says why)
 * @param current the party's effective mapping on the source, or null when it has none
 */
public record SimplePreflightReport(
    List<String> problems,
    NodeFacts source,
    List<NodeFacts> targets,
    String synchronizerId,
    PartyOwnership owner,
    PartyHosting.Mapping current) {

  public SimplePreflightReport {
    problems = List.copyOf(problems);
    targets = List.copyOf(targets);
  }

  public boolean passed() {
    return problems.isEmpty();
  }
}
