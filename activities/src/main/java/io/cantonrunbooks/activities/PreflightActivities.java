package io.cantonrunbooks.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Read-only checks that run before a runbook changes anything. */
@ActivityInterface(namePrefix = "Preflight_")
public interface PreflightActivities {

  /**
   * Checks that an offline party replication can start, and collects every problem rather than
   * stopping at the first: both nodes reachable and different, the source hosts the party, the
   * synchronizer is registered on both, the packages the party's contracts use are known on the
   * target, and the source's pruning cannot overtake the export. Reports how far an earlier run got
   * on the target. Only reads; safe to retry.
   */
  @ActivityMethod
  PreflightReport offlinePartyReplication(OfflineReplicationPlan plan);

  /**
   * Checks that a simple party replication can start, listing every problem: nodes reachable and
   * different, the synchronizer registered and connected everywhere, the source hosts the party and
   * no target does, the party is a stakeholder of no contract on the source (otherwise only the
   * offline replication is safe), the packages are uploaded on every target, who signs for the
   * party, and that the permission and threshold suit it. Only reads; safe to retry.
   */
  @ActivityMethod
  SimplePreflightReport simplePartyReplication(SimpleReplicationPlan plan);
}
