package io.cantonrunbooks.workflows.testing;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.cantonrunbooks.activities.AcsFileRef;
import io.cantonrunbooks.activities.AcsComparison;
import io.cantonrunbooks.activities.AcsSummary;
import io.cantonrunbooks.activities.BackupActivities;
import io.cantonrunbooks.activities.BackupRef;
import io.cantonrunbooks.activities.CommitmentCheck;
import io.cantonrunbooks.activities.HostingParticipant;
import io.cantonrunbooks.activities.Isolation;
import io.cantonrunbooks.activities.LedgerActivities;
import io.cantonrunbooks.activities.NodeFacts;
import io.cantonrunbooks.activities.OnboardingClearance;
import io.cantonrunbooks.activities.PackagesActivities;
import io.cantonrunbooks.activities.PartiesActivities;
import io.cantonrunbooks.activities.PartyHosting;
import io.cantonrunbooks.activities.Permission;
import io.cantonrunbooks.activities.PreflightActivities;
import io.cantonrunbooks.activities.PreflightReport;
import io.cantonrunbooks.activities.PruningActivities;
import io.cantonrunbooks.activities.PruningSchedule;
import io.cantonrunbooks.activities.SavedPruningSchedule;
import io.cantonrunbooks.activities.SynchronizersActivities;
import io.cantonrunbooks.activities.TopologyActivities;
import io.cantonrunbooks.activities.TopologyChange;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.mockito.InOrder;

/**
 * Mocked activities of two nodes that answer like a healthy source and target, so that each test
 * only bends the one answer it is about. Shared with the CLI's tests through this module's test
 * jar; the party is the one in the CLI's input template, so that template starts as is. Mocks are created without annotations, as the Temporal
 * worker would otherwise see two implementations of each activity method.
 */
public final class MockedNodes {

  public static final String PARTY = "alice::1220f8a5e1c9b0d7a3e4f6c2b1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0";
  public static final String SOURCE = "participant1";
  public static final String TARGET = "participant2";
  public static final String SOURCE_UID = "participant1::1220f00d";
  public static final String TARGET_UID = "participant2::1220beef";
  public static final String SYNC = "global";
  public static final Instant EFFECTIVE = Instant.parse("2026-11-24T10:00:00Z");
  public static final PruningSchedule SCHEDULE = new PruningSchedule("0 0 * * * ?", Duration.ofMinutes(30), Duration.ofDays(7));
  public static final AcsFileRef ACS = new AcsFileRef("canton-runbooks", "/acs/alice.gz", "ab12", 4096, 4, 42);
  public static final BackupRef BACKUP = new BackupRef(TARGET, "backup-1", "/backups/b1", "cd34", EFFECTIVE);
  public static final Isolation CONNECTED = new Isolation(TARGET, List.of(new Isolation.Connection(SYNC, true, false)));

  public final PreflightActivities preflight = mock(PreflightActivities.class, withSettings().withoutAnnotations());
  public final PackagesActivities packages = mock(PackagesActivities.class, withSettings().withoutAnnotations());
  public final PruningActivities pruning = mock(PruningActivities.class, withSettings().withoutAnnotations());
  public final TopologyActivities topology = mock(TopologyActivities.class, withSettings().withoutAnnotations());
  public final SynchronizersActivities synchronizers = mock(SynchronizersActivities.class, withSettings().withoutAnnotations());
  public final LedgerActivities ledger = mock(LedgerActivities.class, withSettings().withoutAnnotations());
  public final PartiesActivities parties = mock(PartiesActivities.class, withSettings().withoutAnnotations());
  public final BackupActivities backups = mock(BackupActivities.class, withSettings().withoutAnnotations());
  public final io.cantonrunbooks.activities.CommitmentsActivities commitments =
      mock(io.cantonrunbooks.activities.CommitmentsActivities.class, withSettings().withoutAnnotations());

  /** Whether the target has cleared its onboarding flag; the mapping the mocks report follows it. */
  public volatile boolean flagCleared;

  public MockedNodes() {
    when(packages.ensureVetted(anyString(), anyString(), any())).thenReturn(List.of("pkg2"));
    when(pruning.getSchedule(SOURCE)).thenReturn(new SavedPruningSchedule(SOURCE, SCHEDULE));
    when(topology.proposeHosting(eq(TARGET), eq(PARTY), eq(SYNC), any(), eq(true)))
        .thenReturn(new TopologyChange(PARTY, 2, "hash2", false, null));
    when(synchronizers.connectivity(TARGET)).thenReturn(CONNECTED);
    when(ledger.ledgerEnd(SOURCE)).thenReturn(41L);
    when(ledger.ledgerEnd(TARGET)).thenReturn(77L);
    when(topology.authorizeHostingAsOwner(eq(SOURCE), eq(PARTY), eq(SYNC), eq(TARGET_UID), any(), eq(true)))
        .thenReturn(new TopologyChange(PARTY, 2, "hash2", true, EFFECTIVE));
    when(parties.exportPartyAcs(SOURCE, PARTY, SYNC, TARGET_UID, 41L)).thenReturn(ACS);
    when(backups.backup(TARGET)).thenReturn(BACKUP);
    when(topology.hosting(anyString(), eq(PARTY), eq(SYNC))).thenAnswer(call -> hosting(!flagCleared));
    when(parties.importPartyAcs(TARGET, PARTY, SYNC, ACS)).thenReturn(4L);
    when(parties.clearPartyOnboardingFlag(TARGET, PARTY, SYNC, 77L))
        .thenReturn(new OnboardingClearance(false, EFFECTIVE.plusSeconds(60)))
        .thenAnswer(call -> {
          flagCleared = true;
          return new OnboardingClearance(true, null);
        });
    when(parties.summarizeActiveContracts(anyString(), eq(PARTY), eq(SYNC)))
        .thenAnswer(call -> new AcsSummary(call.getArgument(0), PARTY, 90, 5, "digest5"));
    when(parties.compareActiveContracts(eq(SOURCE), eq(TARGET), eq(PARTY), eq(SYNC), anyInt(), any()))
        .thenAnswer(call -> new AcsComparison(
            new AcsSummary(SOURCE, PARTY, 90, 5, "digest5"), new AcsSummary(TARGET, PARTY, 90, 5, "digest5"), 1));
    when(commitments.commitmentsAfter(eq(TARGET), eq(SYNC), eq(SOURCE_UID), any(), any()))
        .thenAnswer(call -> matchedAfter(call.getArgument(3)));
  }

  /** The target compared the source's first period after {@code since}: a match, and no mismatch. */
  public static CommitmentCheck matchedAfter(Instant since) {
    return new CommitmentCheck(SOURCE_UID,
        List.of(new CommitmentCheck.Period(since.minusSeconds(30), since.plusSeconds(30), "MATCH")), List.of());
  }

  /** The party's mapping: hosted on the source, and on the target with or without the onboarding flag. */
  public static PartyHosting hosting(boolean targetOnboarding) {
    return new PartyHosting(PARTY, new PartyHosting.Mapping(2, 1, List.of(
        new HostingParticipant(SOURCE_UID, Permission.SUBMISSION, false),
        new HostingParticipant(TARGET_UID, Permission.SUBMISSION, targetOnboarding)), EFFECTIVE, "hash2"), List.of());
  }

  /** Registers the mocks; both nodes' workers are the test's worker, so node-routed activities reach it. */
  public void registerOn(Worker worker) {
    String queue = worker.getTaskQueue();
    when(preflight.offlinePartyReplication(any())).thenReturn(new PreflightReport(
        List.of(),
        new NodeFacts(SOURCE, SOURCE_UID, "3.5.10", queue, List.of(SYNC)),
        new NodeFacts(TARGET, TARGET_UID, "3.5.10", queue, List.of(SYNC)),
        "global::1220cafe",
        List.of("pkg1", "pkg2"),
        PreflightReport.TargetState.NOT_HOSTED,
        40));
    worker.registerActivitiesImplementations(preflight, packages, pruning, topology, synchronizers, ledger, parties, backups, commitments);
  }

  public InOrder inOrder() {
    return org.mockito.Mockito.inOrder(preflight, packages, pruning, topology, synchronizers, ledger, parties, backups);
  }

}
