package io.cantonrunbooks.bench;

import io.cantonrunbooks.activities.Permission;
import io.cantonrunbooks.bench.soak.SoakNetwork;
import io.cantonrunbooks.testbed.TestbedNetwork;
import io.cantonrunbooks.testbed.engine.Contract;
import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.testbed.engine.Timings;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplication;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationInput;
import io.cantonrunbooks.workflows.runbook.ApprovalPolicy;
import io.cantonrunbooks.workflows.runbook.Outcome;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Figures of one offline party replication, gates approved up front: its history events and its
 * wall time minus the safety waits the procedure must sit out (the onboarding flag can only be
 * cleared a decision timeout after the activation). Runs the production worker and activities
 * against the testbed over gRPC, with Temporal's server embedded (real time), traffic running for
 * the party. Several decision timeouts show that the history does not grow with the wait.
 *
 * <pre>bench/run-replication [RUNS] [--decision-timeouts PT1S,PT30S] [--contracts N] [--traffic PER_SECOND]</pre>
 *
 * <p>Exits non-zero when a replication fails, the target's contracts differ from the source's once
 * traffic has stopped, or the testbed raised an alarm: a figure from a wrong run means nothing.
 */
public final class ReplicationBench {

  record Options(int runs, List<Duration> decisionTimeouts, int contracts, int trafficPerSecond) {}

  record Run(Duration decisionTimeout, int index, int events, int workflowTasks, int activities,
      Duration wall, Duration durableWaits, long contracts) {

    Duration busy() {
      return wall.minus(durableWaits);
    }
  }

  public static void main(String[] args) throws Exception {
    Options options = parse(args);
    Path dir = Files.createTempDirectory("replication-bench");
    List<Run> runs = new ArrayList<>();
    System.out.printf("offline party replication: %d run(s) per decision timeout %s, %d contracts, traffic %d/s%n",
        options.runs(), options.decisionTimeouts(), options.contracts(), options.trafficPerSecond());
    System.out.printf("%-10s %4s %7s %6s %6s %9s %9s %9s %9s%n",
        "decision", "run", "events", "wf-tasks", "acts", "wall s", "waits s", "busy s", "contracts");
    for (Duration decisionTimeout : options.decisionTimeouts()) {
      Timings timings = Timings.fast().withDecisionTimeout(decisionTimeout);
      try (SoakNetwork lane = SoakNetwork.start(dir.resolve("dt-" + decisionTimeout.toMillis()),
          TestbedNetwork.builder().timings(timings).seed(11))) {
        String observer = lane.net.participant("participant3").allocateParty("observer");
        for (int i = 1; i <= options.runs(); i++) {
          Run run = replicate(lane, decisionTimeout, i, options, observer);
          runs.add(run);
          System.out.printf("%-10s %4d %7d %6d %6d %9.2f %9.2f %9.2f %9d%n", decisionTimeout, i, run.events(),
              run.workflowTasks(), run.activities(), seconds(run.wall()), seconds(run.durableWaits()),
              seconds(run.busy()), run.contracts());
        }
      }
    }
    System.out.println();
    System.out.println("| decision timeout | runs | history events min / max | wall s (median) | durable waits s (median) | wall − waits s (median / max) |");
    System.out.println("|---|---:|---|---:|---:|---|");
    for (Duration decisionTimeout : options.decisionTimeouts()) {
      List<Run> mine = runs.stream().filter(r -> r.decisionTimeout().equals(decisionTimeout)).toList();
      System.out.printf("| %s | %d | %d / %d | %.2f | %.2f | %.2f / %.2f |%n", decisionTimeout, mine.size(),
          mine.stream().mapToInt(Run::events).min().orElse(0), mine.stream().mapToInt(Run::events).max().orElse(0),
          seconds(median(mine, Run::wall)), seconds(median(mine, Run::durableWaits)), seconds(median(mine, Run::busy)),
          seconds(mine.stream().map(Run::busy).max(Comparator.naturalOrder()).orElse(Duration.ZERO)));
    }
  }

  private static Run replicate(SoakNetwork lane, Duration decisionTimeout, int index, Options options, String observer)
      throws Exception {
    Participant source = lane.net.participant("participant1");
    String party = source.allocateParty("bench-" + decisionTimeout.toMillis() + "-" + index);
    for (int c = 0; c < options.contracts(); c++) {
      lane.net.engine().createContract(source, party, List.of(observer), "bench-" + index + "-" + c);
    }
    lane.net.engine().startTraffic(party, options.trafficPerSecond(), observer);
    OfflinePartyReplicationInput input = new OfflinePartyReplicationInput(party, lane.net.engine().synchronizerAlias(),
        "participant1", "participant2", Permission.SUBMISSION,
        new ApprovalPolicy(List.of(), null, null, null, "bench", null, null),
        decisionTimeout.multipliedBy(4).plus(Duration.ofMinutes(1)), 3, Duration.ofMinutes(1), false, null);
    OfflinePartyReplication wf = lane.client().newWorkflowStub(OfflinePartyReplication.class,
        WorkflowOptions.newBuilder().setWorkflowId(input.workflowId()).setTaskQueue(lane.taskQueue()).build());
    WorkflowClient.start(wf::run, input);
    RunbookStatus report = WorkflowStub.fromTyped(wf).getResult(RunbookStatus.class);
    lane.net.engine().stopTraffic(party);
    if (report.outcome() != Outcome.SUCCEEDED) {
      throw new IllegalStateException("replication " + input.workflowId() + " ended " + report.outcome());
    }
    long contracts = requireSameContracts(lane, party);
    if (!lane.net.alarms().isEmpty()) {
      throw new IllegalStateException("the testbed raised alarms: " + lane.net.alarms());
    }

    WorkflowExecutionHistory history = lane.client().fetchHistory(input.workflowId());
    List<HistoryEvent> events = history.getEvents();
    Map<Long, Duration> timers = new HashMap<>();
    Duration waited = Duration.ZERO;
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED) {
        var timeout = e.getTimerStartedEventAttributes().getStartToFireTimeout();
        timers.put(e.getEventId(), Duration.ofSeconds(timeout.getSeconds(), timeout.getNanos()));
      } else if (e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED) {
        waited = waited.plus(timers.getOrDefault(e.getTimerFiredEventAttributes().getStartedEventId(), Duration.ZERO));
      }
    }
    Duration wall = Duration.between(time(events.get(0)), time(events.get(events.size() - 1)));
    int workflowTasks = (int) events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).count();
    int activities = (int) events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).count();
    return new Run(decisionTimeout, index, events.size(), workflowTasks, activities, wall, waited, contracts);
  }

  /** With traffic stopped and in-flight transactions delivered, both nodes hold the same contracts. */
  private static long requireSameContracts(SoakNetwork lane, String party) throws InterruptedException {
    Set<String> onSource = Set.of();
    Set<String> onTarget = Set.of();
    for (int i = 0; i < 100; i++) {
      onSource = ids(lane.net.participant("participant1").activeContracts(party));
      onTarget = ids(lane.net.participant("participant2").activeContracts(party));
      if (onSource.equals(onTarget)) {
        return onTarget.size();
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the correctness property does not hold for " + party + ": source has "
        + onSource.size() + " contracts, target " + onTarget.size());
  }

  private static Set<String> ids(List<Contract> contracts) {
    return contracts.stream().map(Contract::contractId).collect(Collectors.toSet());
  }

  private static Instant time(HistoryEvent event) {
    return Instant.ofEpochSecond(event.getEventTime().getSeconds(), event.getEventTime().getNanos());
  }

  private static Duration median(List<Run> runs, java.util.function.Function<Run, Duration> figure) {
    List<Duration> sorted = runs.stream().map(figure).sorted().toList();
    return sorted.isEmpty() ? Duration.ZERO : sorted.get(sorted.size() / 2);
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  static Options parse(String[] args) {
    int runs = 3;
    List<Duration> decisionTimeouts = List.of(Duration.ofSeconds(1), Duration.ofSeconds(30));
    int contracts = 50;
    int traffic = 20;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--decision-timeouts" -> decisionTimeouts = List.of(value(args, ++i, arg).split(",")).stream()
            .map(s -> parseDuration(s.trim(), arg)).toList();
        case "--contracts" -> contracts = positive(value(args, ++i, arg), arg, true);
        case "--traffic" -> traffic = positive(value(args, ++i, arg), arg, true);
        default -> {
          if (arg.startsWith("-")) {
            throw usage("unknown option " + arg);
          }
          runs = positive(arg, "RUNS", false);
        }
      }
    }
    return new Options(runs, decisionTimeouts, contracts, traffic);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw usage(option + " needs a value");
    }
    return args[i];
  }

  private static Duration parseDuration(String text, String option) {
    try {
      Duration d = Duration.parse(text);
      if (d.isNegative() || d.isZero()) {
        throw usage(option + ": expected a positive ISO-8601 duration such as PT1S, got " + text);
      }
      return d;
    } catch (java.time.format.DateTimeParseException e) {
      throw usage(option + ": expected an ISO-8601 duration such as PT1S or PT30S, got " + text);
    }
  }

  private static int positive(String text, String what, boolean zeroAllowed) {
    try {
      int n = Integer.parseInt(text);
      if (n < 0 || (n == 0 && !zeroAllowed)) {
        throw usage(what + ": expected a " + (zeroAllowed ? "non-negative" : "positive") + " number, got " + text);
      }
      return n;
    } catch (NumberFormatException e) {
      throw usage(what + ": expected a number, got " + text);
    }
  }

  private static IllegalArgumentException usage(String message) {
    return new IllegalArgumentException(message
        + "\nusage: bench/run-replication [RUNS] [--decision-timeouts PT1S,PT30S] [--contracts N] [--traffic PER_SECOND]");
  }
}
