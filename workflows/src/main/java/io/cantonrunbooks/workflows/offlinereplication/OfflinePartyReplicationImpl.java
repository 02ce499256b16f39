package io.cantonrunbooks.workflows.offlinereplication;

import static io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationGate.BEFORE_ACS_IMPORT;
import static io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationGate.BEFORE_PARTY_AUTHORIZATION;
import static io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationGate.BEFORE_TARGET_ISOLATION;
import static io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationStep.*;
import static io.cantonrunbooks.workflows.runbook.ActivityPolicies.ADMIN_CALL;
import static io.cantonrunbooks.workflows.runbook.ActivityPolicies.SINGLE_ATTEMPT_TRANSFER;
import static io.cantonrunbooks.workflows.runbook.ActivityPolicies.STREAM_TRANSFER;
import static io.cantonrunbooks.workflows.runbook.ActivityPolicies.TOPOLOGY_WAIT;
import static io.cantonrunbooks.workflows.runbook.ActivityPolicies.onNode;
import static io.cantonrunbooks.workflows.runbook.ActivityPolicies.waitingUpTo;

import io.cantonrunbooks.activities.AcsComparison;
import io.cantonrunbooks.activities.AcsFileRef;
import io.cantonrunbooks.activities.AcsSummary;
import io.cantonrunbooks.activities.BackupActivities;
import io.cantonrunbooks.activities.BackupRef;
import io.cantonrunbooks.activities.CommitmentCheck;
import io.cantonrunbooks.activities.CommitmentsActivities;
import io.cantonrunbooks.activities.Isolation;
import io.cantonrunbooks.activities.LedgerActivities;
import io.cantonrunbooks.activities.NodeFacts;
import io.cantonrunbooks.activities.OfflineReplicationPlan;
import io.cantonrunbooks.activities.OnboardingClearance;
import io.cantonrunbooks.activities.PackagesActivities;
import io.cantonrunbooks.activities.PartiesActivities;
import io.cantonrunbooks.activities.PartyHosting;
import io.cantonrunbooks.activities.PreflightActivities;
import io.cantonrunbooks.activities.PreflightReport;
import io.cantonrunbooks.activities.PruningActivities;
import io.cantonrunbooks.activities.RunbookError;
import io.cantonrunbooks.activities.SavedPruningSchedule;
import io.cantonrunbooks.activities.SynchronizersActivities;
import io.cantonrunbooks.activities.TopologyActivities;
import io.cantonrunbooks.activities.TopologyChange;
import io.cantonrunbooks.workflows.runbook.AbstractRunbook;
import io.cantonrunbooks.workflows.runbook.Compensations;
import io.cantonrunbooks.workflows.runbook.DurableWait;
import io.cantonrunbooks.workflows.runbook.ParticipantLocks;
import io.cantonrunbooks.workflows.runbook.RunbookState;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.cantonrunbooks.workflows.runbook.StepFacts;
import io.cantonrunbooks.workflows.runbook.Steps;
import io.cantonrunbooks.workflows.runbook.SummarizedActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.List;

/** The offline party replication procedure; see {@link OfflinePartyReplication}. */
public class OfflinePartyReplicationImpl extends AbstractRunbook implements OfflinePartyReplication {

  // Every call goes through doing("..."): its summary is what the Temporal UI shows on the activity.
  private final SummarizedActivities<PreflightActivities> preflight = activities(PreflightActivities.class, ADMIN_CALL);
  private final SummarizedActivities<PackagesActivities> packages = activities(PackagesActivities.class, ADMIN_CALL);
  private final SummarizedActivities<PruningActivities> pruning = activities(PruningActivities.class, ADMIN_CALL);
  private final SummarizedActivities<TopologyActivities> topology = activities(TopologyActivities.class, TOPOLOGY_WAIT);
  private final SummarizedActivities<SynchronizersActivities> synchronizers =
      activities(SynchronizersActivities.class, ADMIN_CALL);
  private final SummarizedActivities<LedgerActivities> ledger = activities(LedgerActivities.class, ADMIN_CALL);
  private final SummarizedActivities<PartiesActivities> parties = activities(PartiesActivities.class, ADMIN_CALL);
  private final SummarizedActivities<CommitmentsActivities> commitments = activities(CommitmentsActivities.class, ADMIN_CALL);
  private static final int ACS_COMPARISON_ROUNDS = 10;
  private java.time.Instant clearedAt;

  /** Set before the party's authorization is sent: from then on, reconnecting the target is unsafe until the import. */
  private boolean partyMayBeAuthorized;
  private boolean imported;
  private Compensations.Compensation restorePruning;
  private Compensations.Compensation reconnectTarget;

  @WorkflowInit
  public OfflinePartyReplicationImpl(OfflinePartyReplicationInput input) {
    super(
        OfflinePartyReplicationInput.RUNBOOK,
        input,
        input == null ? null : input.approvals(),
        OfflinePartyReplicationStep.values(),
        OfflinePartyReplicationGate.values(),
        List.of(OfflinePartyReplicationGate.values()));
  }

  @Override
  public RunbookStatus run(OfflinePartyReplicationInput in) {
    return execute(() -> replicate(in));
  }

  private void replicate(OfflinePartyReplicationInput in) {
    requireValid(in);
    String party = in.partyId();
    String sync = in.synchronizerAlias();
    String source = in.sourceNode();
    String target = in.targetNode();

    PreflightReport plan = steps.run(PREFLIGHT, facts -> {
      PreflightReport report = preflight.doing("check " + source + ", " + target + ", " + party + " and " + sync)
          .offlinePartyReplication(
          new OfflineReplicationPlan(party, sync, source, target, in.permission(),
              in.approvalsOrDefault().approverKeysOrEmpty()));
      facts.fact("targetState", report.targetState()).fact("packages", report.packageIds().size());
      if (!report.passed()) {
        throw fail(RunbookError.PREFLIGHT_FAILED, String.join("; ", report.problems()));
      }
      facts.fact("source", report.source().participantUid() + " (" + report.source().version() + ")")
          .fact("target", report.target().participantUid() + " (" + report.target().version() + ")")
          .fact("synchronizerId", report.synchronizerId());
      return report;
    });
    String targetUid = plan.target().participantUid();
    String targetQueue = plan.target().taskQueue();
    SummarizedActivities<PartiesActivities> partiesOnTarget =
        activities(PartiesActivities.class, onNode(STREAM_TRANSFER, targetQueue));
    SummarizedActivities<PartiesActivities> importOnTarget =
        activities(PartiesActivities.class, onNode(SINGLE_ATTEMPT_TRANSFER, targetQueue));
    SummarizedActivities<BackupActivities> backups =
        activities(BackupActivities.class, onNode(STREAM_TRANSFER, targetQueue));

    // An earlier run stopped after the party's authorization, with the target left isolated: resume at the export.
    boolean resuming = plan.targetState() == PreflightReport.TargetState.ONBOARDING;

    // 1. Vet the packages on the target while it is still connected.
    if (resuming) {
      steps.skip(VET_PACKAGES, "resuming: vetted by the earlier run before the target was isolated");
    } else {
      steps.perform(VET_PACKAGES, facts ->
          facts.fact("vetted now", packages.doing("vet " + plan.packageIds().size() + " package(s) on " + target)
              .ensureVetted(target, sync, plan.packageIds()))
              .fact("needed", plan.packageIds()));
    }

    // 2. Keep the source's history long enough for the export; the compensation restores exactly what was read.
    SavedPruningSchedule sourcePruning = steps.run(PAUSE_SOURCE_PRUNING, facts -> {
      SavedPruningSchedule saved = pruning.doing("read " + source + "'s pruning schedule").getSchedule(source);
      facts.fact("schedule", saved.hadSchedule() ? saved.schedule() : "none");
      restorePruning = compensations.register(
          PAUSE_SOURCE_PRUNING, "restore the source's pruning schedule",
          () -> pruning.doing("restore " + source + "'s pruning schedule (compensation)").ensureSchedule(saved));
      pruning.doing("clear " + source + "'s pruning schedule").clearSchedule(source);
      return saved;
    });

    // 3. The target proposes; wait until the proposal is sequenced, or isolating would lose it.
    if (resuming) {
      steps.skip(TARGET_PROPOSES_HOSTING, "resuming: the target already hosts the party with the onboarding flag");
    } else {
      steps.perform(TARGET_PROPOSES_HOSTING, facts -> {
        TopologyChange change = topology.doing(target + " proposes to host " + party + " with the onboarding flag")
            .proposeHosting(target, party, sync, in.permission(), true);
        facts.fact("serial", change.serial()).fact("transactionHash", change.transactionHash());
      });
    }

    // 4. Isolate the target. Locks keep other runbooks off both nodes until the target reconnects:
    //    a second onboarding to the target loses shared contracts, and a source isolated by another
    //    runbook cannot authorize.
    gates.await(BEFORE_TARGET_ISOLATION);
    List<ParticipantLocks.Held> locks = ParticipantLocks.acquireAll(List.of(source, target), in.lockTimeoutOrDefault(), state);
    Compensations.Compensation releaseLocks = compensations.register(
        ISOLATE_TARGET, "release the locks on " + source + " and " + target, () -> ParticipantLocks.releaseAll(locks));
    Isolation connectivity = steps.run(ISOLATE_TARGET, facts -> {
      // When resuming, the target is already isolated; afterwards it goes back to the usual state.
      Isolation now = synchronizers.doing("read " + target + "'s synchronizer connections").connectivity(target);
      Isolation before = resuming ? usualConnectivity(now) : now;
      facts.fact("previous connections", before.connections());
      reconnectTarget = compensations.register(
          ISOLATE_TARGET, "reconnect the target and restore its auto-reconnect", () -> reconnectUnlessUnsafe(before, source, party, sync, targetUid));
      synchronizers.doing("disconnect " + target + " and set manual connect").isolate(target);
      return before;
    });

    // 5. Record the source's ledger end once, then the party authorizes — only while the target is isolated.
    long sourceLedgerEnd = resuming ? beginOffsetOfEarlierRun(source, target, party, sync, targetUid) : authorize(in, targetUid);

    // 6. Export at the activation offset, into a file next to the target's worker.
    AcsFileRef acs = steps.run(EXPORT_PARTY_ACS, facts -> {
      AcsFileRef file;
      try {
        file = partiesOnTarget.doing("export " + party + "'s ACS from " + source)
            .exportPartyAcs(source, party, sync, targetUid, sourceLedgerEnd);
      } catch (ActivityFailure failure) {
        if (historyPruned(failure)) {
          throw fail(RunbookError.SOURCE_HISTORY_PRUNED, source + " has pruned its history past offset " + sourceLedgerEnd
              + ", recorded before " + party + " authorized hosting on " + target + ", so the ACS at the activation"
              + " cannot be exported from it (" + Steps.describe(failure) + "). Expected: no prune of " + source
              + " between the authorization and the export. Remove " + target + "'s hosting of " + party
              + " and reconnect " + target + " before starting again: a new run resumes at this export and would fail the same way");
        }
        throw failure;
      }
      facts.fact("beginOffsetExclusive", file.beginOffsetExclusive()).fact("file", file.path()).fact("sha256", file.sha256())
          .fact("bytes", file.bytes()).fact("contracts", file.contracts());
      return file;
    });

    // 7. The export is done: the source may prune again.
    steps.perform(RESTORE_SOURCE_PRUNING, facts -> {
      pruning.doing("restore " + source + "'s pruning schedule").ensureSchedule(sourcePruning);
      restorePruning.discharge();
      facts.fact("schedule", sourcePruning.hadSchedule() ? sourcePruning.schedule() : "none");
    });

    // 8. Back up the target, so that an interrupted import can start over from a clean state.
    BackupRef backup = steps.run(BACKUP_TARGET, facts -> {
      BackupRef taken = backups.doing("back up " + target).backup(target);
      facts.fact("backupId", taken.backupId()).fact("sha256", taken.sha256());
      return taken;
    });

    // 9. Import, checking isolation and the onboarding flag first; restore and retry if interrupted.
    gates.await(BEFORE_ACS_IMPORT);
    steps.perform(IMPORT_PARTY_ACS, facts -> {
      for (int attempt = 1; ; attempt++) {
        // The three guards only read, so they run together.
        Promise<Void> isolated = Async.procedure(
            synchronizers.doing("check " + target + " is disconnected")::assertIsolated, target);
        Promise<PartyHosting> onTarget = Async.function(
            topology.doing("read " + party + "'s hosting on " + target)::hosting, target, party, sync);
        Promise<PartyHosting> onSource = Async.function(
            topology.doing("read " + party + "'s hosting on " + source)::hosting, source, party, sync);
        isolated.get();
        requireOnboardingFlag(onTarget.get(), targetUid, "the target's own store");
        requireOnboardingFlag(onSource.get(), targetUid, "the source's view");
        try {
          long contracts = importOnTarget.doing("import " + party + "'s ACS into " + target + " (attempt " + attempt + ")")
              .importPartyAcs(target, party, sync, acs);
          imported = true;
          facts.fact("contracts", contracts).fact("attempts", attempt);
          return;
        } catch (ActivityFailure failure) {
          facts.fact("attempt " + attempt, Steps.describe(failure));
          if (!interrupted(failure) || attempt >= in.importAttemptsOrDefault()) {
            throw fail(RunbookError.IMPORT_FAILED, "import failed after " + attempt + " attempt(s): "
                + Steps.describe(failure) + "; restore the target from backup " + backup.backupId() + " before retrying");
          }
          backups.doing("restore " + target + " from backup " + backup.backupId()).restore(backup);
          facts.fact("restored before attempt " + (attempt + 1), backup.backupId());
        }
      }
    });

    // 10. Record the target's ledger end (where clearance searches from), then reconnect it.
    long targetLedgerEnd = steps.run(RECONNECT_TARGET, facts -> {
      long end = ledger.doing("read " + target + "'s ledger end").ledgerEnd(target);
      facts.fact("targetLedgerEnd", end);
      synchronizers.doing("reconnect " + target + " and restore its auto-reconnect").restoreConnectivity(connectivity);
      reconnectTarget.discharge();
      return end;
    });
    ParticipantLocks.releaseAll(locks);
    releaseLocks.discharge();

    // 11. Clear the onboarding flag: ask, sleep durably until the node says it is safe, ask again.
    steps.perform(CLEAR_ONBOARDING_FLAG, facts -> {
      OnboardingClearance cleared = DurableWait.until(
          () -> parties.doing("clear " + party + "'s onboarding flag on " + target)
              .clearPartyOnboardingFlag(target, party, sync, targetLedgerEnd),
          OnboardingClearance::onboarded,
          OnboardingClearance::earliestRetry,
          Duration.ofSeconds(1),
          in.clearanceTimeoutOrDefault(),
          "the safe time to clear " + party + "'s onboarding flag on " + target,
          () -> fail(RunbookError.ONBOARDING_NOT_CLEARED,
              "the onboarding flag of " + party + " on " + target + " was not cleared within " + in.clearanceTimeoutOrDefault()));
      clearedAt = RunbookState.now();
      facts.fact("clearedAt", clearedAt).fact("onboarded", cleared.onboarded());
    });

    // 12. Verify in the mapping itself (a node can report "onboarded" wrongly after a restart) and compare the ACS.
    steps.perform(VERIFY, facts -> {
      PartyHosting hosting = topology.doing("read " + party + "'s hosting on " + target).hosting(target, party, sync);
      var host = hosting.effectiveHost(targetUid).orElseThrow(() -> fail(RunbookError.VERIFICATION_FAILED,
          "the target does not appear as a host of " + party + " in its effective mapping"));
      if (host.onboarding()) {
        throw fail(RunbookError.VERIFICATION_FAILED, "the target's mapping for " + party + " still carries the onboarding flag");
      }
      facts.fact("permission", host.permission()).fact("serial", hosting.effective().serial());
      AcsSummary[] pair = compareAcs(source, target, party, sync);
      facts.fact("source contracts", pair[0].contracts()).fact("target contracts", pair[1].contracts())
          .fact("digest", pair[1].digest());
      // Mismatches are expected while onboarding; one in a period ending after clearance is reported
      // for the operator to look at. Versioned: histories recorded before this check replay without
      // it, and those of version 1 with the single look that came too early to compare anything.
      int commitmentCheck = Workflow.getVersion("verify-acs-commitments", Workflow.DEFAULT_VERSION, 2);
      if (commitmentCheck == 1) {
        List<String> mismatches = commitments.doing("look for ACS commitment mismatches on " + target).mismatchesSince(target, sync, clearedAt);
        facts.fact("commitment mismatches after clearance", mismatches.isEmpty() ? "none" : mismatches);
      } else if (commitmentCheck == 2) {
        verifyCommitments(facts, plan.source(), target, sync, in.commitmentWaitOrDefault());
      }
      if (!Boolean.TRUE.equals(in.keepAcsFile())) {
        String retired = partiesOnTarget.doing("delete the ACS file " + acs.path()).deleteAcsFile(acs);
        // Histories recorded before the worker could keep verified files return nothing here.
        facts.fact("acsFile", retired == null ? "deleted" : retired);
      }
    });
  }

  /**
   * Step 12's commitment check: waits, inside one activity, until the target has compared a period
   * from the source that ends after the clearance, and records what it compared. A mismatch is
   * reported, not failed; when nothing was compared in time, the facts say so and what to check.
   */
  private void verifyCommitments(StepFacts facts, NodeFacts source, String target, String sync, Duration wait) {
    CommitmentCheck check = activities(CommitmentsActivities.class, waitingUpTo(ADMIN_CALL, wait))
        .doing("wait up to " + wait + " after the clearance for " + target + " to compare a commitment from " + source.node())
        .commitmentsAfter(target, sync, source.participantUid(), clearedAt, wait);
    facts.fact("commitment periods from the source after clearance", check.periods().isEmpty() ? "none" : check.periods())
        .fact("commitment mismatches after clearance", check.mismatches().isEmpty() ? "none" : check.mismatches());
    if (!check.compared()) {
      facts.fact("commitments not compared", "no ACS commitment period from " + source.node() + " (" + source.participantUid()
          + ") ended within " + wait + " of the clearance at " + clearedAt + " and was compared on " + target
          + ", so nothing was compared; check the commitments later with " + target
          + ".commitments.lookup_received_acs_commitments (counter-participant " + source.participantUid()
          + ", periods after " + clearedAt + ")");
    }
  }

  /** Step 5: record the source's ledger end once, then the party authorizes, only while the target is isolated. */
  private long authorize(OfflinePartyReplicationInput in, String targetUid) {
    String source = in.sourceNode();
    String target = in.targetNode();
    String party = in.partyId();
    String sync = in.synchronizerAlias();
    gates.await(BEFORE_PARTY_AUTHORIZATION);
    return steps.run(PARTY_AUTHORIZES_HOSTING, facts -> {
      synchronizers.doing("check " + target + " is disconnected").assertIsolated(target);
      long end = ledger.doing("read " + source + "'s ledger end").ledgerEnd(source);
      facts.fact("sourceLedgerEnd", end);
      partyMayBeAuthorized = true;
      TopologyChange authorized =
          topology.doing(party + " authorizes hosting on " + target + " with the onboarding flag")
              .authorizeHostingAsOwner(source, party, sync, targetUid, in.permission(), true);
      facts.fact("serial", authorized.serial()).fact("effectiveAt", authorized.validFrom());
      return end;
    });
  }

  /**
   * Step 5 when resuming: the party authorized in an earlier run whose recorded begin offset is lost.
   * Every update before the activation's effective time has an offset below the activation's, so
   * the export searches from the highest of those.
   */
  private long beginOffsetOfEarlierRun(String source, String target, String party, String sync, String targetUid) {
    return steps.run(PARTY_AUTHORIZES_HOSTING, facts -> {
      synchronizers.doing("check " + target + " is disconnected").assertIsolated(target);
      partyMayBeAuthorized = true;
      PartyHosting hosting = topology.doing("read " + party + "'s hosting on " + source).hosting(source, party, sync);
      if (hosting.effective() == null || !hosting.effectiveHost(targetUid).map(h -> h.onboarding()).orElse(false)) {
        throw fail(RunbookError.ONBOARDING_FLAG_MISSING, "cannot resume: the source's mapping no longer lists " + targetUid
            + " with the onboarding flag");
      }
      long begin = parties.doing("find " + source + "'s offset before the activation")
          .offsetBefore(source, sync, hosting.effective().validFrom());
      facts.fact("resumed", "the party authorized in an earlier run")
          .fact("effectiveAt", hosting.effective().validFrom())
          .fact("sourceLedgerEnd", begin)
          .fact("serial", hosting.effective().serial());
      return begin;
    });
  }

  /** The state an isolated target returns to: connected to each registered synchronizer, automatically. */
  private static Isolation usualConnectivity(Isolation now) {
    return new Isolation(now.node(), now.connections().stream()
        .map(c -> new Isolation.Connection(c.synchronizerAlias(), true, false))
        .toList());
  }

  /**
   * Undoes the isolation, unless the party may be authorized on the target while its ACS is not
   * imported: a connected target would then process the party's transactions without the contracts.
   */
  private void reconnectUnlessUnsafe(Isolation before, String source, String party, String sync, String targetUid) {
    if (partyMayBeAuthorized && !imported && hostsOrMayHost(source, party, sync, targetUid)) {
      throw new Compensations.LeftInPlace(
          "the target was left disconnected with manual connect on: the party may already be authorized on it"
              + " while its ACS is not imported, and a connected target would process the party's transactions"
              + " without its contracts. Either finish the import (start the runbook again) or remove the"
              + " target's hosting of the party, then reconnect it.");
    }
    synchronizers.doing("reconnect " + before.node() + " and restore its auto-reconnect (compensation)")
        .restoreConnectivity(before);
  }

  /**
   * Whether the source's mapping lists the target, or cannot be read: when the authorization
   * failed before reaching the synchronizer, the target is no host and may safely reconnect.
   */
  private boolean hostsOrMayHost(String source, String party, String sync, String targetUid) {
    try {
      return topology.doing("read " + party + "'s hosting on " + source).hosting(source, party, sync).isHostedOn(targetUid);
    } catch (ActivityFailure unreadable) {
      return true;
    }
  }

  private static void requireOnboardingFlag(PartyHosting hosting, String targetUid, String where) {
    boolean flagged = hosting.effectiveHost(targetUid).map(h -> h.onboarding()).orElse(false)
        || hosting.proposals().stream().anyMatch(p -> p.host(targetUid).map(h -> h.onboarding()).orElse(false));
    if (!flagged) {
      throw fail(RunbookError.ONBOARDING_FLAG_MISSING,
          "no PartyToParticipant mapping or proposal for " + hosting.partyId() + " lists " + targetUid
              + " with the onboarding flag in " + where + "; refusing to import");
    }
  }

  /**
   * Compares the party's contracts on both nodes. With traffic running the two nodes are rarely at
   * the same point at the same instant, so a difference is re-checked a few times before it counts.
   */
  private AcsSummary[] compareAcs(String source, String target, String party, String sync) {
    // Histories recorded before the comparison moved into one activity replay the old loop.
    if (Workflow.getVersion("compare-acs-in-one-activity", Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return compareAcsRoundByRound(source, target, party, sync);
    }
    AcsComparison comparison = parties.doing("compare " + party + "'s contracts on " + source + " and " + target)
        .compareActiveContracts(source, target, party, sync, ACS_COMPARISON_ROUNDS, Duration.ofSeconds(2));
    if (!comparison.same()) {
      throw contractsDiffer(comparison.source(), comparison.target());
    }
    return new AcsSummary[] {comparison.source(), comparison.target()};
  }

  private AcsSummary[] compareAcsRoundByRound(String source, String target, String party, String sync) {
    AcsSummary onSource = null;
    AcsSummary onTarget = null;
    for (int check = 1; check <= ACS_COMPARISON_ROUNDS; check++) {
      Promise<AcsSummary> fromSource = Async.function(
          parties.doing("summarize " + party + "'s contracts on " + source)::summarizeActiveContracts, source, party, sync);
      Promise<AcsSummary> fromTarget = Async.function(
          parties.doing("summarize " + party + "'s contracts on " + target)::summarizeActiveContracts, target, party, sync);
      onSource = fromSource.get();
      onTarget = fromTarget.get();
      if (onSource.sameContractsAs(onTarget)) {
        return new AcsSummary[] {onSource, onTarget};
      }
      DurableWait.sleep(Duration.ofSeconds(2), "wait 2s before comparing the contracts again (check " + check + ")");
    }
    throw contractsDiffer(onSource, onTarget);
  }

  private static ApplicationFailure contractsDiffer(AcsSummary onSource, AcsSummary onTarget) {
    return fail(RunbookError.VERIFICATION_FAILED, "the party's contracts differ: source has " + onSource.contracts()
        + " (digest " + onSource.digest() + "), target has " + onTarget.contracts() + " (digest " + onTarget.digest() + ")");
  }

  /**
   * Whether an export failed because the source pruned the history it reads: the export activity
   * compares the source's pruned offset with the begin offset when Canton refuses the export.
   */
  private static boolean historyPruned(ActivityFailure failure) {
    return failure.getCause() instanceof ApplicationFailure af
        && (RunbookError.SOURCE_HISTORY_PRUNED.id().equals(af.getType())
            || "PARTICIPANT_PRUNED_DATA_ACCESSED".equals(af.getType()));
  }

  /** An import that was cut off (node or worker crash, connection loss) rather than refused. */
  private static boolean interrupted(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    if (cause instanceof TimeoutFailure) {
      return true;
    }
    return cause instanceof ApplicationFailure af && !af.isNonRetryable();
  }
}
