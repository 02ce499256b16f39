package io.cantonrunbooks.cli.support;

import io.cantonrunbooks.activities.Permission;
import io.cantonrunbooks.activities.canton.HostingParticipant;
import io.cantonrunbooks.activities.canton.PartyToParticipantMapping;
import io.cantonrunbooks.activities.impl.NodeClients;
import io.cantonrunbooks.cantonapi.testbed.v1.AllocatePartyRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.ClearFaultsRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.Contract;
import io.cantonrunbooks.cantonapi.testbed.v1.CrashParticipantRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.CreateContractsRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.GetActiveContractsRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.InjectFaultRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.ListAlarmsRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.RestartParticipantRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.StartTrafficRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.StopTrafficRequest;
import io.cantonrunbooks.worker.TemporalConnection;
import io.cantonrunbooks.worker.config.RunbookConfig;
import io.cantonrunbooks.worker.config.RunbookConfigLoader;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplication;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationGate;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationInput;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationStep;
import io.cantonrunbooks.workflows.runbook.ApprovalPolicy;
import io.cantonrunbooks.workflows.runbook.GateDecision;
import io.cantonrunbooks.workflows.runbook.GateView;
import io.cantonrunbooks.workflows.runbook.Outcome;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.cantonrunbooks.workflows.runbook.StepView;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One source, one target and the worker in front of them, each in its own process, through which
 * replications are run and struck at a {@link KillPoint}: the worker is SIGKILLed and replaced, or
 * the target crashes and restarts. Then the run must still end with the correctness property of
 * the design: the target holds exactly the source's contracts of the party (traffic ran throughout),
 * none twice, the target hosts the party without the onboarding flag, and no alarm fired.
 *
 * <p>Lanes share the dev server and the testbed; each has its own nodes and its own task queue, so
 * that several can run at once without touching each other's runs.
 */
public final class CrashLane implements AutoCloseable {

  /**
   * The workers' {@code worker.activity-heartbeat-timeout}: a lost activity is retried after it.
   * System property {@code crash.heartbeat-timeout} (seconds) changes it; {@code runbook} leaves the
   * runbooks' own 30 s, to measure recovery as it is in production.
   */
  public static final Optional<Duration> HEARTBEAT_TIMEOUT =
      System.getProperty("crash.heartbeat-timeout", "5").equals("runbook")
          ? Optional.empty()
          : Optional.of(Duration.ofSeconds(Long.parseLong(System.getProperty("crash.heartbeat-timeout", "5"))));

  private static final int CONTRACTS = 5;
  private static final double TRAFFIC_PER_SECOND = 4;
  /** Long enough to strike in once bytes have moved; cleared at the strike. */
  private static final Duration CHUNK_DELAY = Duration.ofSeconds(4);
  private static final Duration RUN_LIMIT = Duration.ofMinutes(3);
  private static final String APPROVER = "crash-test-approver";

  private final String name;
  private final String source;
  private final String target;
  private final String counterparty;
  private final DevServerProcess server;
  private final TestbedProcess testbed;
  private final TemporalConnection temporal;
  private final Path config;
  private final NodeClients nodes;
  private WorkerProcess worker;
  private String lastKilledWorkerOutput = "";

  private CrashLane(String name, DevServerProcess server, TestbedProcess testbed, String source, String target,
      String counterparty, Path dir) {
    this.name = name;
    this.server = server;
    this.testbed = testbed;
    this.source = source;
    this.target = target;
    this.counterparty = counterparty;
    try {
      Files.createDirectories(dir);
      config = Files.writeString(dir.resolve("worker.conf"), testbed.inventory(List.of(source, target), dir)
          + "worker.task-queue = \"" + name + "\"\n"
          + "nodes." + source + ".task-queue = \"" + name + "\"\n"
          + "nodes." + target + ".task-queue = \"" + name + "\"\n"
          + HEARTBEAT_TIMEOUT.map(t -> "worker.activity-heartbeat-timeout = " + t.toSeconds() + "s\n").orElse("")
          + "acs.directory = \"" + dir.resolve("acs") + "\"\n");
      RunbookConfig loaded = RunbookConfigLoader.load(Optional.of(config), Map.of(), List.of());
      nodes = new NodeClients(loaded.nodes(), dir.resolve("scratch"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("the lane's worker configuration is invalid", e);
    }
    temporal = server.connect();
  }

  /**
   * A lane replicating from {@code source} to {@code target}, with a worker already polling; its
   * traffic makes {@code counterparty} (hosted elsewhere) an observer of the party's contracts.
   */
  public static CrashLane start(String name, DevServerProcess server, TestbedProcess testbed, String source,
      String target, String counterparty, Path dir) {
    var lane = new CrashLane(name, server, testbed, source, target, counterparty, dir);
    lane.worker = lane.startWorker();
    return lane;
  }

  public String name() {
    return name;
  }

  /** Replicates a fresh party from source to target, with traffic running, and strikes at {@code point}. */
  public KillOutcome replicate(int number, KillPoint point) {
    String party = testbed.control(source)
        .allocateParty(AllocatePartyRequest.newBuilder().setPartyIdHint("crash" + number).build()).getPartyId();
    List<String> initial = testbed.control(source)
        .createContracts(CreateContractsRequest.newBuilder().setParty(party).setCount(CONTRACTS).setArgument("before").build())
        .getContractsList().stream().map(Contract::getContractId).toList();
    testbed.control(source).startTraffic(StartTrafficRequest.newBuilder()
        .setParty(party).setPerSecond(TRAFFIC_PER_SECOND).setCounterparty(counterparty).build());
    point.slowTransfer().ifPresent(slow -> testbed.control(slow.onTarget() ? target : source).injectFault(
        InjectFaultRequest.newBuilder().setRpc(slow.rpc()).setChunkDelay(protoDuration(CHUNK_DELAY)).build()));

    Instant started = Instant.now();
    WorkflowStub run = start(party, point.gate());
    List<String> problems = new ArrayList<>();
    Optional<Observation> at = awaitStrike(run, point);
    Instant struck = Instant.now();
    Struck strike = at.isPresent() ? strike(point.strike(), run) : Struck.MISSED;
    if (at.isEmpty()) {
      problems.add("the run ended before the kill point: nothing was struck");
    }
    point.gate().ifPresent(gate -> approve(run, gate, problems));
    Optional<Duration> resumed = at.isPresent() ? awaitResumed(run, struck, worker.pid()) : Optional.empty();
    RunbookStatus report = result(run, problems);
    Duration runTime = Duration.between(started, Instant.now());
    testbed.control(source).stopTraffic(StopTrafficRequest.newBuilder().setParty(party).build());

    String contracts = checkProperty(party, initial, problems);
    if (point.strike() == KillPoint.Strike.CRASH_TARGET) {
      checkRestoredBeforeRetry(report, problems);
    }
    List<String> alarms = alarmsSince(started);
    var outcome = new KillOutcome(number, name, point,
        at.isPresent() ? Duration.between(started, struck) : Duration.ZERO,
        at.map(o -> o.interruptedStep().name()).orElse("-"),
        strike.inFlight(),
        strike.workerUp(),
        resumed,
        at.flatMap(o -> endOf(report, o.interruptedStep())).map(end -> Duration.between(struck, end)),
        runTime, contracts, alarms, problems);
    if (!outcome.ok()) {
      System.out.printf("%n--- %s #%d %s: the killed worker's output ---%n%s%n--- the worker's output ---%n%s%n"
              + "--- the run's history ---%n%s%n",
          name, number, point, lastKilledWorkerOutput, worker.output(), history(run));
    }
    return outcome;
  }

  /** What a strike found in flight and, for a worker kill, how long the new worker took to start. */
  private record Struck(String inFlight, Optional<Duration> workerUp) {
    static final Struck MISSED = new Struck("-", Optional.empty());
  }

  /**
   * Kills the worker and starts another, or crashes the target and restarts it a second later as an
   * operator would. The slow transfer ends with the strike: what follows runs at full speed.
   */
  private Struck strike(KillPoint.Strike strike, WorkflowStub run) {
    Instant struck = Instant.now();
    if (strike == KillPoint.Strike.KILL_WORKER) {
      worker.kill();
      lastKilledWorkerOutput = worker.output();
      String inFlight = inFlight(run);
      clearFaults();
      worker = startWorker();
      return new Struck(inFlight, Optional.of(Duration.between(struck, Instant.now())));
    }
    testbed.control(target).crashParticipant(CrashParticipantRequest.getDefaultInstance());
    String inFlight = inFlight(run);
    clearFaults();
    sleep(Duration.ofSeconds(1));
    testbed.control(target).restartParticipant(RestartParticipantRequest.getDefaultInstance());
    return new Struck(inFlight, Optional.empty());
  }

  /** Starts the replication, with no approval gate or only {@code gate}. */
  private WorkflowStub start(String party, Optional<OfflinePartyReplicationGate> gate) {
    var approvals = new ApprovalPolicy(gate.map(g -> List.of(g.id())).orElse(List.of()), List.of(APPROVER), null, null,
        "crash-test", null, null);
    var input = new OfflinePartyReplicationInput(party, "global", source, target, Permission.SUBMISSION, approvals,
        Duration.ofMinutes(2), 3, Duration.ofMinutes(2), false, null);
    OfflinePartyReplication wf = temporal.client().newWorkflowStub(OfflinePartyReplication.class,
        WorkflowOptions.newBuilder().setWorkflowId(input.workflowId()).setTaskQueue(name).build());
    WorkflowClient.start(wf::run, input);
    return WorkflowStub.fromTyped(wf);
  }

  /** Approves the gate through the update, which the new worker has to take up after replaying the run. */
  private static void approve(WorkflowStub run, OfflinePartyReplicationGate gate, List<String> problems) {
    try {
      run.update("approve", GateView.class, new GateDecision(gate.id(), APPROVER, "the worker was replaced while waiting"));
    } catch (RuntimeException e) {
      problems.add("approving " + gate.id() + " after the strike failed: " + e);
    }
  }

  /** Watches the run (its status query and its pending activities) until the kill point is reached. */
  private Optional<Observation> awaitStrike(WorkflowStub run, KillPoint point) {
    long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      Observation observation;
      try {
        observation = new Observation(run.query("status", RunbookStatus.class), describe(run).getPendingActivitiesList());
      } catch (RuntimeException busy) {
        // A query can time out while the worker is busy; the next look will do.
        sleep(Duration.ofMillis(100));
        continue;
      }
      if (observation.status().outcome() != Outcome.RUNNING) {
        return Optional.empty();
      }
      if (point.when().test(observation)) {
        return Optional.of(observation);
      }
      sleep(Duration.ofMillis(20));
    }
    throw new AssertionError(point + " was not reached within " + RUN_LIMIT);
  }

  /**
   * From the strike until a live worker (process {@code pid}) starts a task of the run: an activity
   * attempt (seen pending, or in history once it ended) or a workflow task.
   */
  private Optional<Duration> awaitResumed(WorkflowStub run, Instant struck, long pid) {
    String identity = pid + "@";
    long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      DescribeWorkflowExecutionResponse described = describe(run);
      Stream<Instant> pendingStarts = described.getPendingActivitiesList().stream()
          .filter(a -> a.getLastWorkerIdentity().startsWith(identity) && a.hasLastStartedTime())
          .map(a -> instant(a.getLastStartedTime()));
      Stream<Instant> historyStarts = temporal.client().fetchHistory(run.getExecution().getWorkflowId()).getEvents()
          .stream()
          .filter(e -> startedBy(e).startsWith(identity))
          .map(e -> instant(e.getEventTime()));
      Optional<Instant> first = Stream.concat(pendingStarts, historyStarts).filter(t -> !t.isBefore(struck)).min(Instant::compareTo);
      if (first.isPresent()) {
        return Optional.of(Duration.between(struck, first.get()));
      }
      if (described.getWorkflowExecutionInfo().getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return Optional.empty();
      }
      sleep(Duration.ofMillis(50));
    }
    return Optional.empty();
  }

  /**
   * What Temporal had handed out when the run was struck: activities (with the bytes their
   * heartbeats report), a workflow task, or nothing but a timer.
   */
  private String inFlight(WorkflowStub run) {
    List<String> parts = new ArrayList<>();
    List<PendingActivityInfo> activities = describe(run).getPendingActivitiesList();
    if (!activities.isEmpty()) {
      parts.add(Observation.describe(activities));
    }
    EventType lastTaskEvent = null;
    Set<String> openTimers = new HashSet<>();
    for (HistoryEvent e : temporal.client().fetchHistory(run.getExecution().getWorkflowId()).getEvents()) {
      switch (e.getEventType()) {
        case EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EVENT_TYPE_WORKFLOW_TASK_STARTED, EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
            EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT, EVENT_TYPE_WORKFLOW_TASK_FAILED -> lastTaskEvent = e.getEventType();
        case EVENT_TYPE_TIMER_STARTED -> openTimers.add(e.getTimerStartedEventAttributes().getTimerId());
        case EVENT_TYPE_TIMER_FIRED -> openTimers.remove(e.getTimerFiredEventAttributes().getTimerId());
        case EVENT_TYPE_TIMER_CANCELED -> openTimers.remove(e.getTimerCanceledEventAttributes().getTimerId());
        default -> { }
      }
    }
    if (lastTaskEvent == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) {
      parts.add("workflow task started");
    } else if (lastTaskEvent == EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) {
      parts.add("workflow task scheduled");
    }
    if (!openTimers.isEmpty()) {
      parts.add("timer");
    }
    return parts.isEmpty() ? "nothing" : String.join(", ", parts);
  }

  /** The run's history, one event a line, for a failure message. */
  private String history(WorkflowStub run) {
    StringBuilder out = new StringBuilder();
    for (HistoryEvent e : temporal.client().fetchHistory(run.getExecution().getWorkflowId()).getEvents()) {
      out.append(e.getEventId()).append(' ').append(instant(e.getEventTime())).append(' ')
          .append(e.getEventType().name().replace("EVENT_TYPE_", ""));
      if (e.hasActivityTaskScheduledEventAttributes()) {
        out.append(' ').append(e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
      }
      String who = startedBy(e);
      if (!who.isEmpty()) {
        out.append(" by ").append(who);
      }
      if (e.hasActivityTaskFailedEventAttributes()) {
        out.append(": ").append(e.getActivityTaskFailedEventAttributes().getFailure().getMessage());
      }
      if (e.hasActivityTaskTimedOutEventAttributes()) {
        out.append(": ").append(e.getActivityTaskTimedOutEventAttributes().getFailure().getMessage());
      }
      if (e.hasWorkflowTaskFailedEventAttributes()) {
        out.append(": ").append(e.getWorkflowTaskFailedEventAttributes().getFailure().getMessage());
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String startedBy(HistoryEvent e) {
    if (e.hasWorkflowTaskStartedEventAttributes()) {
      return e.getWorkflowTaskStartedEventAttributes().getIdentity();
    }
    if (e.hasActivityTaskStartedEventAttributes()) {
      return e.getActivityTaskStartedEventAttributes().getIdentity();
    }
    return "";
  }

  private RunbookStatus result(WorkflowStub run, List<String> problems) {
    try {
      RunbookStatus report = run.getResult(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS, RunbookStatus.class);
      if (report.outcome() != Outcome.SUCCEEDED) {
        problems.add("the runbook ended " + report.outcome() + ": " + report.failureMessage());
      }
      return report;
    } catch (Exception e) {
      problems.add("the runbook did not succeed: " + e + (e.getCause() == null ? "" : " / " + e.getCause()));
      terminateLeftovers(run);
      return null;
    }
  }

  /**
   * Ends a run that is still going, and the locks it holds (the test server does not apply their
   * parent-close policy), so that the lane's next run does not wait for them.
   */
  private void terminateLeftovers(WorkflowStub run) {
    List<String> ids = List.of(run.getExecution().getWorkflowId(), "participant-lock/" + source, "participant-lock/" + target);
    for (String id : ids) {
      try {
        temporal.client().newUntypedWorkflowStub(id).terminate("crash test: the run did not end in time");
      } catch (RuntimeException notRunning) {
        // Already ended, or never started.
      }
    }
  }

  /** When the report says the step ended (workflow time, which follows the clock). */
  private static Optional<Instant> endOf(RunbookStatus report, OfflinePartyReplicationStep step) {
    if (report == null) {
      return Optional.empty();
    }
    return report.steps().stream().filter(s -> s.name().equals(step.name())).map(StepView::endedAt)
        .filter(t -> t != null).findFirst();
  }

  /**
   * The correctness property, read from the nodes themselves: once traffic has stopped and the
   * last transactions are delivered, the target holds exactly the source's contracts of the party,
   * including those created before the run, none twice; and it hosts the party without the
   * onboarding flag. Returns "source = target" counts for the table.
   */
  private String checkProperty(String party, List<String> initial, List<String> problems) {
    Set<String> onSource = Set.of();
    Set<String> onTarget = Set.of();
    for (int i = 0; i < 100; i++) {
      onSource = activeContracts(source, party, problems);
      onTarget = activeContracts(target, party, problems);
      if (onSource.equals(onTarget)) {
        break;
      }
      sleep(Duration.ofMillis(100));
    }
    if (!onSource.equals(onTarget)) {
      Set<String> missing = new HashSet<>(onSource);
      missing.removeAll(onTarget);
      Set<String> extra = new HashSet<>(onTarget);
      extra.removeAll(onSource);
      problems.add("the target's contracts differ from the source's: " + missing.size() + " missing " + sample(missing)
          + ", " + extra.size() + " extra " + sample(extra));
    }
    if (!onTarget.containsAll(initial)) {
      problems.add("contracts created before the run are not on the target: " + sample(initial));
    }
    String sync = nodes.synchronizerId(target, "global");
    String targetUid = nodes.participantUid(target);
    Optional<HostingParticipant> host = nodes.client(target).topology().partyToParticipant(sync, party)
        .flatMap(m -> m.host(targetUid));
    if (host.isEmpty()) {
      problems.add("the target's mapping does not list it as a host of " + party);
    } else if (host.get().onboarding()) {
      problems.add("the target still hosts " + party + " with the onboarding flag");
    }
    boolean sourceHosts = nodes.client(source).topology().partyToParticipant(sync, party)
        .map(PartyToParticipantMapping::participants).orElse(List.of()).stream()
        .anyMatch(h -> h.participantUid().equals(nodes.participantUid(source)));
    if (!sourceHosts) {
      problems.add("the source no longer hosts " + party);
    }
    return onSource.size() + " = " + onTarget.size();
  }

  private static String sample(java.util.Collection<String> ids) {
    return ids.stream().limit(3).toList() + (ids.size() > 3 ? "…" : "");
  }

  /** A node's active contracts of the party; a contract listed twice is a problem. */
  private Set<String> activeContracts(String node, String party, List<String> problems) {
    List<String> ids = testbed.control(node)
        .getActiveContracts(GetActiveContractsRequest.newBuilder().setParty(party).build())
        .getContractsList().stream().map(Contract::getContractId).toList();
    Set<String> unique = new HashSet<>(ids);
    if (unique.size() != ids.size()) {
      problems.add(node + " lists a contract of " + party + " twice");
    }
    return unique;
  }

  /** The node crash must have taken the designed path: restore the backup, then import again. */
  private static void checkRestoredBeforeRetry(RunbookStatus report, List<String> problems) {
    if (report == null) {
      return;
    }
    Map<String, String> facts = report.steps().stream()
        .filter(s -> s.name().equals(OfflinePartyReplicationStep.IMPORT_PARTY_ACS.name()))
        .findFirst().map(StepView::facts).orElse(Map.of());
    if (facts.keySet().stream().noneMatch(k -> k.startsWith("restored before attempt"))) {
      problems.add("the import was not retried after restoring the target's backup: " + facts);
    }
  }

  /** Alarms the testbed raised on this lane's nodes since {@code since}. */
  private List<String> alarmsSince(Instant since) {
    return testbed.control(source).listAlarms(ListAlarmsRequest.getDefaultInstance()).getAlarmsList().stream()
        .filter(a -> a.getParticipant().equals(source) || a.getParticipant().equals(target))
        .filter(a -> !instant(a.getAt()).isBefore(since))
        .map(a -> a.getKind() + " on " + a.getParticipant() + ": " + a.getMessage())
        .toList();
  }

  private void clearFaults() {
    for (String node : List.of(source, target)) {
      testbed.control(node).clearFaults(ClearFaultsRequest.getDefaultInstance());
    }
  }

  private DescribeWorkflowExecutionResponse describe(WorkflowStub run) {
    WorkflowExecution execution = run.getExecution();
    return temporal.stubs().blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
        .setNamespace(temporal.settings().namespace())
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(execution.getWorkflowId()))
        .build());
  }

  private WorkerProcess startWorker() {
    return WorkerProcess.start(server.address(), "--config", config.toString());
  }

  private static com.google.protobuf.Duration protoDuration(Duration d) {
    return com.google.protobuf.Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
  }

  private static Instant instant(com.google.protobuf.Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Stops the lane's worker as an operator would (SIGTERM) and closes the connections. */
  @Override
  public void close() {
    try {
      if (worker != null && worker.isAlive()) {
        worker.stop(Duration.ofSeconds(30));
      }
    } finally {
      if (worker != null) {
        worker.close();
      }
      nodes.close();
      temporal.close();
    }
  }
}
