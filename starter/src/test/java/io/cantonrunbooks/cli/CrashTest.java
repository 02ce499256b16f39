package io.cantonrunbooks.cli;

import static io.cantonrunbooks.cli.support.KillPoint.ends;
import static io.cantonrunbooks.cli.support.KillPoint.midExport;
import static io.cantonrunbooks.cli.support.KillPoint.midImport;
import static io.cantonrunbooks.cli.support.KillPoint.starts;
import static io.cantonrunbooks.cli.support.KillPoint.targetCrashMidImport;
import static io.cantonrunbooks.cli.support.KillPoint.waitsAt;
import static io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationGate.BEFORE_ACS_IMPORT;
import static io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationStep.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.cantonapi.testbed.v1.AllocatePartyRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.ListAlarmsRequest;
import io.cantonrunbooks.cli.support.CrashLane;
import io.cantonrunbooks.cli.support.DevServerProcess;
import io.cantonrunbooks.cli.support.KillOutcome;
import io.cantonrunbooks.cli.support.KillPoint;
import io.cantonrunbooks.cli.support.TestbedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * "An operator can lose the machine running a runbook at any moment and lose nothing." The dev
 * server, the testbed and the workers each run in their own process; every row of {@link
 * #KILL_POINTS} replicates a fresh party, with traffic running, and strikes once: the worker gets
 * SIGKILL at a step boundary or half way through the export or the import and a new worker takes
 * over, or the target participant crashes half way through the import and is restarted. Every run
 * must still end with the correctness property (see {@link CrashLane}) and no alarm. The table of
 * kill points, recovery times and outcomes is printed (target/surefire-reports/*CrashTest-output.txt).
 *
 * <p>Runs go to several lanes at once (system property {@code crash.lanes}, default 3), each with
 * its own worker and nodes, so the suite stays short on a small machine; {@code crash.only}, a
 * regular expression, runs only the kill points whose name it finds; {@code crash.heartbeat-timeout}
 * (seconds, default 5, or {@code runbook} for the runbooks' own 30 s) sets the workers' activity
 * heartbeat timeout. Run it alone with {@code mvn
 * -B -o verify -pl starter -am -Dtest=CrashTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class CrashTest {

  static final String LANES_PROPERTY = "crash.lanes";
  /** A regular expression: only the kill points whose name it finds run (for a quick look at one). */
  static final String ONLY_PROPERTY = "crash.only";

  /**
   * Where each run is struck, in the order of the procedure. VERIFY has no "ends": the workflow
   * task that ends it also ends the run, and after that there is nothing left to lose.
   */
  static final List<KillPoint> KILL_POINTS = List.of(
      starts(PREFLIGHT), ends(PREFLIGHT),
      starts(VET_PACKAGES), ends(VET_PACKAGES),
      starts(PAUSE_SOURCE_PRUNING), ends(PAUSE_SOURCE_PRUNING),
      starts(TARGET_PROPOSES_HOSTING), ends(TARGET_PROPOSES_HOSTING),
      starts(ISOLATE_TARGET), ends(ISOLATE_TARGET),
      starts(PARTY_AUTHORIZES_HOSTING), ends(PARTY_AUTHORIZES_HOSTING),
      starts(EXPORT_PARTY_ACS), midExport(), ends(EXPORT_PARTY_ACS),
      starts(RESTORE_SOURCE_PRUNING), ends(RESTORE_SOURCE_PRUNING),
      starts(BACKUP_TARGET), ends(BACKUP_TARGET),
      waitsAt(BEFORE_ACS_IMPORT), starts(IMPORT_PARTY_ACS), midImport(), ends(IMPORT_PARTY_ACS),
      starts(RECONNECT_TARGET), ends(RECONNECT_TARGET),
      starts(CLEAR_ONBOARDING_FLAG), ends(CLEAR_ONBOARDING_FLAG),
      starts(VERIFY),
      targetCrashMidImport());

  @TempDir static Path dir;
  private DevServerProcess server;
  private TestbedProcess testbed;
  private final List<CrashLane> lanes = new ArrayList<>();

  @BeforeAll
  void startTheProcesses() throws Exception {
    int laneCount = Integer.getInteger(LANES_PROPERTY, 3);
    server = DevServerProcess.start();
    // Two nodes per lane, and one more that hosts the counterparty of every party's traffic.
    testbed = TestbedProcess.start(2 * laneCount + 1);
    List<String> nodes = testbed.nodeNames();
    String observer = nodes.get(nodes.size() - 1);
    String counterparty = testbed.control(observer)
        .allocateParty(AllocatePartyRequest.newBuilder().setPartyIdHint("counterparty").build()).getPartyId();
    ExecutorService starting = Executors.newFixedThreadPool(laneCount);
    try {
      List<Future<CrashLane>> started = IntStream.range(0, laneCount)
          .mapToObj(i -> starting.submit(() -> CrashLane.start("crash-lane-" + (i + 1), server, testbed,
              nodes.get(2 * i), nodes.get(2 * i + 1), counterparty, dir.resolve("lane-" + (i + 1)))))
          .toList();
      for (Future<CrashLane> lane : started) {
        lanes.add(lane.get());
      }
    } finally {
      starting.shutdownNow();
    }
  }

  @AfterAll
  void stopTheProcesses() {
    lanes.forEach(CrashLane::close);
    if (testbed != null) {
      testbed.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void every_run_struck_at_a_kill_point_ends_with_the_source_contracts_on_the_target_and_no_alarm() throws Exception {
    Instant began = Instant.now();
    List<KillOutcome> outcomes = runOnFreeLanes();
    Duration wallTime = Duration.between(began, Instant.now());

    System.out.println(KillOutcome.table(outcomes));
    System.out.println("recovery: " + KillOutcome.recoverySummary(outcomes));
    System.out.printf("%d runs on %d lanes in %d s (activity heartbeat timeout %s)%n", outcomes.size(), lanes.size(),
        wallTime.toSeconds(), CrashLane.HEARTBEAT_TIMEOUT.map(t -> t.toSeconds() + " s").orElse("the runbooks' own"));

    if (System.getProperty(ONLY_PROPERTY) == null) {
      assertThat(outcomes).as("kill points").hasSizeGreaterThanOrEqualTo(20);
    }
    assertThat(outcomes).filteredOn(o -> !o.ok()).as(KillOutcome.table(outcomes)).isEmpty();
    assertThat(testbed.control(testbed.nodeNames().get(0)).listAlarms(ListAlarmsRequest.getDefaultInstance())
        .getAlarmsList()).as("alarms anywhere in the network").isEmpty();
  }

  /** Each kill point in turn takes the next free lane; a run that breaks off becomes a failed row. */
  private List<KillOutcome> runOnFreeLanes() throws Exception {
    BlockingQueue<CrashLane> free = new LinkedBlockingQueue<>(lanes);
    ExecutorService pool = Executors.newFixedThreadPool(lanes.size());
    try {
      List<Future<KillOutcome>> runs = new ArrayList<>();
      Pattern only = Pattern.compile(System.getProperty(ONLY_PROPERTY, ""));
      for (int i = 0; i < KILL_POINTS.size(); i++) {
        int number = i + 1;
        KillPoint point = KILL_POINTS.get(i);
        if (!only.matcher(point.name()).find()) {
          continue;
        }
        runs.add(pool.submit(() -> {
          CrashLane lane = free.take();
          KillOutcome outcome;
          try {
            outcome = lane.replicate(number, point);
          } catch (RuntimeException | AssertionError e) {
            outcome = KillOutcome.broken(number, lane.name(), point, e);
          } finally {
            free.put(lane);
          }
          // As it happens, so that a suite cut short still shows what it did.
          System.out.print(lane.name() + ": " + outcome.row() + (outcome.ok() ? "" : outcome.why()));
          return outcome;
        }));
      }
      List<KillOutcome> outcomes = new ArrayList<>();
      for (Future<KillOutcome> run : runs) {
        outcomes.add(run.get());
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }
}
