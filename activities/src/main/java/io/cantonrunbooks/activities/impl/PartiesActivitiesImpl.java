package io.cantonrunbooks.activities.impl;

import io.cantonrunbooks.activities.AcsFileRef;
import io.cantonrunbooks.activities.AcsSummary;
import io.cantonrunbooks.activities.OnboardingClearance;
import io.cantonrunbooks.activities.PartiesActivities;
import io.cantonrunbooks.activities.acs.AcsSnapshotFile;
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
import java.util.Optional;

/**
 * {@link PartiesActivities} over the party management service. Snapshot files live in the
 * worker's ACS directory; transfers heartbeat the bytes done so that the Temporal UI shows progress
 * and a dead worker is noticed, and count what they moved in {@link ActivityMetrics}.
 */
public final class PartiesActivitiesImpl implements PartiesActivities {

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
      AcsSnapshotFile snapshot = nodes.client(sourceNode).parties().exportPartyAcs(
          new PartyAcsExport(partyId, nodes.synchronizerId(sourceNode, synchronizerAlias), targetParticipantUid,
              beginOffsetExclusive, Optional.empty()),
          file,
          Heartbeats::progress);
      ActivityMetrics.acsMoved(ctx, ActivityMetrics.Direction.EXPORT, snapshot.bytes(), snapshot.contracts());
      return new AcsFileRef(ctx.getInfo().getActivityTaskQueue(), snapshot.path().toString(), snapshot.sha256(),
          snapshot.bytes(), snapshot.contracts(), beginOffsetExclusive);
    });
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
      OnboardingFlagStatus status = nodes.client(node).parties().clearPartyOnboardingFlag(
          partyId, nodes.synchronizerId(node, synchronizerAlias), beginOffsetExclusive, Optional.of(Duration.ofSeconds(30)));
      return new OnboardingClearance(status.onboarded(), status.earliestRetry().orElse(null));
    });
  }

  @Override
  public AcsSummary summarizeActiveContracts(String node, String partyId, String synchronizerAlias) {
    return Failures.guard(() -> {
      ParticipantClient client = nodes.client(node);
      long end = client.ledger().ledgerEnd();
      ActiveContractScan scan = ActiveContractScan.of(
          client, partyId, nodes.synchronizerId(node, synchronizerAlias), end, nodes.acsDirectory().resolve("scratch"));
      return new AcsSummary(node, partyId, end, scan.contracts(), scan.digest());
    });
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
