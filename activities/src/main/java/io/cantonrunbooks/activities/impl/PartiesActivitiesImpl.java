package io.cantonrunbooks.activities.impl;

import io.cantonrunbooks.activities.AcsComparison;
import io.cantonrunbooks.activities.AcsFileRef;
import io.cantonrunbooks.activities.AcsSummary;
import io.cantonrunbooks.activities.OnboardingClearance;
import io.cantonrunbooks.activities.PartiesActivities;
import io.cantonrunbooks.activities.RunbookError;
import io.cantonrunbooks.activities.acs.AcsSnapshotFile;
import io.cantonrunbooks.activities.canton.CantonCallException;
import io.cantonrunbooks.activities.canton.OnboardingFlagStatus;
import io.cantonrunbooks.activities.canton.ParticipantClient;
import io.cantonrunbooks.activities.canton.PartyAcsExport;
import io.cantonrunbooks.activities.canton.PartyAcsImport;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@link PartiesActivities} over the party management service. Snapshot files live in the
 * worker's ACS directory; transfers heartbeat the bytes done so that the Temporal UI shows progress
 * and a dead worker is noticed, and count what they moved in {@link ActivityMetrics}.
 */
public final class PartiesActivitiesImpl implements PartiesActivities {

  /** How long a clearance call waits for a clearing the node has proposed to become effective. */
  static final Duration CLEARING_SETTLE = Duration.ofSeconds(30);
  private static final Duration SETTLE_POLL = Duration.ofMillis(250);
  /** Summaries of the source run here while the activity's own thread summarizes the target. */
  private static final ExecutorService SUMMARIES = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "acs-summaries");
    thread.setDaemon(true);
    return thread;
  });

  private final NodeClients nodes;
  private final VerifiedAcsFiles verified;

  public PartiesActivitiesImpl(NodeClients nodes) {
    this(nodes, java.time.Duration.ZERO);
  }

  /** @param acsRetention how long verified snapshots are kept before deletion; zero deletes at once */
  public PartiesActivitiesImpl(NodeClients nodes, java.time.Duration acsRetention) {
    this.nodes = nodes;
    this.verified = new VerifiedAcsFiles(nodes.acsDirectory(), acsRetention);
  }

  @Override
  public AcsFileRef exportPartyAcs(
      String sourceNode, String partyId, String synchronizerAlias, String targetParticipantUid, long beginOffsetExclusive) {
    return Failures.guard(() -> {
      ActivityExecutionContext ctx = Activity.getExecutionContext();
      Path file = nodes.acsDirectory().resolve(safeName(ctx.getInfo().getWorkflowId()) + ".acs.gz");
      createDirectories(file.getParent());
      ParticipantClient source = nodes.client(sourceNode);
      AcsSnapshotFile snapshot;
      try {
        snapshot = source.parties().exportPartyAcs(
            new PartyAcsExport(partyId, nodes.synchronizerId(sourceNode, synchronizerAlias), targetParticipantUid,
                beginOffsetExclusive, Optional.empty()),
            file,
            Heartbeats::progress);
      } catch (CantonCallException e) {
        throw historyPrunedPast(source, sourceNode, beginOffsetExclusive, e);
      }
      ActivityMetrics.acsMoved(ctx, ActivityMetrics.Direction.EXPORT, snapshot.bytes(), snapshot.contracts());
      return new AcsFileRef(ctx.getInfo().getActivityTaskQueue(), snapshot.path().toString(), snapshot.sha256(),
          snapshot.bytes(), snapshot.contracts(), beginOffsetExclusive);
    });
  }

  /**
   * A refused export whose begin offset the source has since pruned becomes {@link
   * RunbookError#SOURCE_HISTORY_PRUNED}: Canton reports it under the export's own error ids, with
   * the pruned-data text only as cause, so the source's pruned offset decides rather than the text.
   * Any other failure, or one whose pruned offset cannot be read, is returned as it was.
   */
  private static RuntimeException historyPrunedPast(
      ParticipantClient source, String sourceNode, long beginOffsetExclusive, CantonCallException failure) {
    if (failure.retryable()) {
      return failure;
    }
    long prunedUpTo;
    try {
      prunedUpTo = source.ledger().latestPrunedOffset();
    } catch (CantonCallException unreadable) {
      failure.addSuppressed(unreadable);
      return failure;
    }
    if (prunedUpTo <= beginOffsetExclusive) {
      return failure;
    }
    return Failures.fail(RunbookError.SOURCE_HISTORY_PRUNED, sourceNode + " has pruned its history up to offset "
        + prunedUpTo + ", past the export's begin offset " + beginOffsetExclusive + ": " + failure.getMessage());
  }

  @Override
  public long offsetBefore(String node, String synchronizerAlias, java.time.Instant time) {
    return Failures.guard(() -> nodes.client(node).parties().getHighestOffsetByTimestamp(
        nodes.synchronizerId(node, synchronizerAlias), time.minusNanos(1000), true));
  }

  @Override
  public long importPartyAcs(String targetNode, String partyId, String synchronizerAlias, AcsFileRef file) {
    return Failures.guard(() -> {
      AcsSnapshotFile imported = nodes.client(targetNode).parties().importPartyAcs(
          PartyAcsImport.of(nodes.synchronizerId(targetNode, synchronizerAlias), partyId),
          Path.of(file.path()),
          file.sha256(),
          Heartbeats::progress);
      // The file was verified against its reference before the upload, so its size is what went.
      ActivityMetrics.acsMoved(Activity.getExecutionContext(), ActivityMetrics.Direction.IMPORT, file.bytes(), imported.contracts());
      return imported.contracts();
    });
  }

  @Override
  public OnboardingClearance clearPartyOnboardingFlag(
      String node, String partyId, String synchronizerAlias, long beginOffsetExclusive) {
    return Failures.guard(() -> {
      String synchronizerId = nodes.synchronizerId(node, synchronizerAlias);
      Instant settleUntil = Instant.now().plus(CLEARING_SETTLE);
      while (true) {
        OnboardingFlagStatus status = nodes.client(node).parties().clearPartyOnboardingFlag(
            partyId, synchronizerId, beginOffsetExclusive, Optional.of(Duration.ofSeconds(30)));
        Instant retry = status.earliestRetry().orElse(null);
        // Before the safe time the workflow sleeps durably; after it, the node is only waiting for
        // its clearing to become effective, which takes a topology change delay: wait for it here.
        boolean clearing = retry == null || !retry.isAfter(Instant.now().plus(SETTLE_POLL));
        if (status.onboarded() || !clearing || Instant.now().isAfter(settleUntil)) {
          return new OnboardingClearance(status.onboarded(), retry);
        }
        Heartbeats.progress("waiting for the clearing of " + partyId + "'s onboarding flag on " + node + " to become effective");
        pause(SETTLE_POLL);
      }
    });
  }

  @Override
  public AcsSummary summarizeActiveContracts(String node, String partyId, String synchronizerAlias) {
    return Failures.guard(() -> summarize(node, partyId, synchronizerAlias));
  }

  @Override
  public AcsComparison compareActiveContracts(
      String sourceNode, String targetNode, String partyId, String synchronizerAlias, int rounds, Duration pause) {
    return Failures.guard(() -> {
      for (int round = 1; ; round++) {
        // Both at once: the closer in time the two summaries, the likelier they match under traffic.
        CompletableFuture<AcsSummary> onSource = CompletableFuture.supplyAsync(
            () -> summarize(sourceNode, partyId, synchronizerAlias), SUMMARIES);
        AcsSummary onTarget = summarize(targetNode, partyId, synchronizerAlias);
        AcsComparison comparison = new AcsComparison(join(onSource), onTarget, round);
        if (comparison.same() || round >= rounds) {
          return comparison;
        }
        Heartbeats.progress("round " + round + ": " + sourceNode + " has " + comparison.source().contracts() + " contracts, "
            + targetNode + " has " + onTarget.contracts() + "; comparing again in " + pause);
        pause(pause);
      }
    });
  }

  private AcsSummary summarize(String node, String partyId, String synchronizerAlias) {
    ParticipantClient client = nodes.client(node);
    long end = client.ledger().ledgerEnd();
    ActiveContractScan scan = ActiveContractScan.of(
        client, partyId, nodes.synchronizerId(node, synchronizerAlias), end, nodes.acsDirectory().resolve("scratch"));
    return new AcsSummary(node, partyId, end, scan.contracts(), scan.digest());
  }

  private static AcsSummary join(CompletableFuture<AcsSummary> summary) {
    try {
      return summary.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Sleeps inside an activity; an interrupt (the worker shutting down) ends the activity. */
  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }

  @Override
  public String deleteAcsFile(AcsFileRef file) {
    return Failures.guard(() -> verified.retire(Path.of(file.path()), java.time.Instant.now()));
  }

  static String safeName(String workflowId) {
    return workflowId.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }
}
