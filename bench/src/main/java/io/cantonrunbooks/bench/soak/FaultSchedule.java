package io.cantonrunbooks.bench.soak;

import io.cantonrunbooks.bench.soak.RunPlan.FaultPoint;
import io.cantonrunbooks.bench.soak.RunPlan.Role;
import io.cantonrunbooks.testbed.engine.PruningSchedule;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationGate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Draws the soak's runs from one {@link Random} seeded with the soak's seed, so that a seed names
 * the same runs on every machine.
 *
 * <p>The first {@code FaultKind.values().length} runs take every kind once, in a seeded order; later
 * runs draw the kind uniformly. A shorter soak with the same seed is therefore a prefix of a longer
 * one, and any soak of at least that many runs covers every kind.
 */
final class FaultSchedule {

  private static final String SET_SCHEDULE = "SetSchedule";
  private static final String SET_PARTICIPANT_SCHEDULE = "SetParticipantSchedule";

  /**
   * RPCs the offline replication calls in every run, on the node named, with the fewest calls a
   * fault-free run made (counted with {@code FaultSoak --calls} over 60 runs). A fault lets a drawn
   * number of calls below that through before it strikes, so it reaches the middle of the procedure
   * and still fires whatever the other draws are.
   */
  static final List<FaultPoint> CALLED_EVERY_RUN = List.of(
      // preflight, the package check, the topology waits and the guards before the export
      new FaultPoint(Role.SOURCE, "ParticipantStatus", 1),
      new FaultPoint(Role.TARGET, "ParticipantStatus", 2),
      new FaultPoint(Role.SOURCE, "ListConnectedSynchronizers", 1),
      new FaultPoint(Role.TARGET, "ListConnectedSynchronizers", 4),
      new FaultPoint(Role.SOURCE, "ListRegisteredSynchronizers", 1),
      new FaultPoint(Role.TARGET, "ListRegisteredSynchronizers", 5),
      new FaultPoint(Role.SOURCE, "ListPartyToParticipant", 9),
      new FaultPoint(Role.TARGET, "ListPartyToParticipant", 8),
      new FaultPoint(Role.SOURCE, "ExportAcs", 2),
      new FaultPoint(Role.TARGET, "ListDars", 2),
      new FaultPoint(Role.TARGET, "ListVettedPackages", 2),
      new FaultPoint(Role.SOURCE, "GetParticipantSchedule", 1),
      new FaultPoint(Role.SOURCE, "ClearSchedule", 1),
      new FaultPoint(Role.TARGET, "Authorize", 1),
      new FaultPoint(Role.TARGET, "ModifySynchronizer", 2),
      new FaultPoint(Role.TARGET, "DisconnectAllSynchronizers", 1),
      new FaultPoint(Role.SOURCE, "GetLedgerEnd", 3),
      new FaultPoint(Role.SOURCE, "Authorize", 1),
      new FaultPoint(Role.SOURCE, "ExportPartyAcs", 1),
      // restoring the source's schedule (the plan gives the source the matching kind of schedule)
      new FaultPoint(Role.SOURCE, SET_SCHEDULE, 1),
      new FaultPoint(Role.SOURCE, SET_PARTICIPANT_SCHEDULE, 1),
      // import, reconnect, clearance and verification
      new FaultPoint(Role.TARGET, "ImportPartyAcs", 1),
      new FaultPoint(Role.TARGET, "GetLedgerEnd", 2),
      new FaultPoint(Role.TARGET, "ReconnectSynchronizer", 1),
      new FaultPoint(Role.TARGET, "ClearPartyOnboardingFlag", 1),
      new FaultPoint(Role.TARGET, "ExportAcs", 1),
      new FaultPoint(Role.TARGET, "LookupReceivedAcsCommitments", 1));

  /** RPCs whose every call may be slowed without the run taking minutes (called a few times per run). */
  static final List<FaultPoint> SLOWED = List.of(
      new FaultPoint(Role.SOURCE, "ParticipantStatus", 1),
      new FaultPoint(Role.SOURCE, "GetParticipantSchedule", 1),
      new FaultPoint(Role.TARGET, "Authorize", 1),
      new FaultPoint(Role.SOURCE, "Authorize", 1),
      new FaultPoint(Role.TARGET, "ModifySynchronizer", 2),
      new FaultPoint(Role.TARGET, "DisconnectAllSynchronizers", 1),
      new FaultPoint(Role.SOURCE, "ExportPartyAcs", 1),
      new FaultPoint(Role.TARGET, "ImportPartyAcs", 1),
      new FaultPoint(Role.TARGET, "ReconnectSynchronizer", 1),
      new FaultPoint(Role.TARGET, "ClearPartyOnboardingFlag", 1));

  /** The source's pruning schedule before a run: none, or one of these (all far from pruning anything). */
  static final List<PruningSchedule> SCHEDULES = List.of(
      new PruningSchedule("0 0 3 * * ?", Duration.ofHours(2), Duration.ofDays(30), false),
      new PruningSchedule("0 */30 * * * ?", Duration.ofMinutes(10), Duration.ofDays(7), false),
      // a participant schedule that prunes internally only (set with set_participant_schedule)
      new PruningSchedule("0 0 4 * * ?", Duration.ofHours(1), Duration.ofDays(14), true));

  /** The import is attempted this often (the runbook's default). */
  static final int IMPORT_ATTEMPTS = 3;

  private FaultSchedule() {}

  /** The first {@code runs} runs of the soak with this seed, over participants named {@code nodes}. */
  static List<RunPlan> draw(long seed, int runs, List<String> nodes) {
    Random random = new Random(seed);
    List<FaultKind> firstRound = new ArrayList<>(Arrays.asList(FaultKind.values()));
    Collections.shuffle(firstRound, random);
    List<RunPlan> plans = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      FaultKind kind = i < firstRound.size() ? firstRound.get(i) : pick(random, FaultKind.values());
      plans.add(plan(random, i + 1, kind, nodes));
    }
    return plans;
  }

  private static RunPlan plan(Random random, int index, FaultKind kind, List<String> nodes) {
    List<String> order = new ArrayList<>(nodes);
    Collections.shuffle(order, random);
    String source = order.get(0);
    String target = order.get(1);
    String observerNode = random.nextInt(3) == 0 ? target : order.get(2);
    int contracts = 3 + random.nextInt(6);
    int privateContracts = 1 + random.nextInt(contracts);
    double traffic = 5 + random.nextInt(21);
    PruningSchedule schedule = pick(random, SCHEDULES.toArray(PruningSchedule[]::new));
    boolean withSchedule = random.nextInt(3) != 0;
    FaultPoint point = null;
    int failures = 0;
    Duration delay = Duration.ZERO;
    int crashAfter = 0;
    String gate = null;
    int passFirst = 0;
    switch (kind) {
      case NONE -> { }
      case SLOW_CALL -> {
        point = pick(random, SLOWED.toArray(FaultPoint[]::new));
        delay = Duration.ofMillis(200 + 100L * random.nextInt(14));
      }
      case CRASH_MID_IMPORT -> crashAfter = 1 + random.nextInt(privateContracts);
      case GATE_TIMEOUT -> gate = pick(random, OfflinePartyReplicationGate.values()).id();
      default -> {
        point = pick(random, CALLED_EVERY_RUN.toArray(FaultPoint[]::new));
        if (kind.expect == FaultKind.Expect.COMPLETE) {
          int most = withinImportAttempt(point) ? IMPORT_ATTEMPTS - 1 : 3;
          failures = 1 + random.nextInt(most);
        } else {
          failures = 1;
        }
        passFirst = random.nextInt(point.callsPerRun());
      }
    }
    // The restore sets a plain schedule with SetSchedule, an internal-only one with SetParticipantSchedule.
    PruningSchedule pruning = withSchedule ? schedule : null;
    if (point != null && point.rpc().equals(SET_SCHEDULE)) {
      pruning = SCHEDULES.get(0);
    } else if (point != null && point.rpc().equals(SET_PARTICIPANT_SCHEDULE)) {
      pruning = SCHEDULES.get(2);
    }
    return new RunPlan(index, kind, source, target, observerNode, contracts, privateContracts, traffic, pruning,
        point, passFirst, failures, delay, crashAfter, gate);
  }

  /**
   * Whether failures of this RPC can fall inside an import attempt, which Temporal does not retry:
   * the runbook restores the backup and imports again, at most {@link #IMPORT_ATTEMPTS} times, so
   * more consecutive failures than that end the run even when each is retryable. The import reads
   * the target's status (its version decides 3.4 or 3.5 import) before it streams.
   */
  static boolean withinImportAttempt(FaultPoint point) {
    return point.role() == Role.TARGET && (point.rpc().equals("ImportPartyAcs") || point.rpc().equals("ParticipantStatus"));
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... options) {
    return options[random.nextInt(options.length)];
  }
}
