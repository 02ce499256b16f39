package io.cantonrunbooks.bench.soak;

import io.cantonrunbooks.activities.Permission;
import io.cantonrunbooks.bench.soak.RunResult.Verdict;
import io.cantonrunbooks.testbed.TestbedNetwork;
import io.cantonrunbooks.testbed.engine.Alarm;
import io.cantonrunbooks.testbed.engine.ConnectionConfig;
import io.cantonrunbooks.testbed.engine.Contract;
import io.cantonrunbooks.testbed.engine.HostingParticipant;
import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.testbed.engine.PruningSchedule;
import io.cantonrunbooks.testbed.grpc.FaultPlan;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplication;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationInput;
import io.cantonrunbooks.workflows.runbook.ApprovalPolicy;
import io.cantonrunbooks.workflows.runbook.CompensationView;
import io.cantonrunbooks.workflows.runbook.GateState;
import io.cantonrunbooks.workflows.runbook.Outcome;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.cantonrunbooks.workflows.runbook.StepState;
import io.cantonrunbooks.workflows.runbook.StepView;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs soak runs one after the other on one {@link SoakNetwork} and classifies each: completed
 * (and the correctness property holds), failed cleanly, or a violation.
 */
final class SoakRunner {

  static final String APPROVER = "soak-approver";
  /** How long an unapproved gate waits in a {@link FaultKind#GATE_TIMEOUT} run. */
  static final Duration GATE_TIMEOUT = Duration.ofSeconds(2);
  /** How long the checks wait for the two nodes to agree once traffic has stopped. */
  private static final Duration SETTLE = Duration.ofSeconds(10);

  private final SoakNetwork env;
  private final Duration deadline;
  private final Map<String, String> observers = new HashMap<>();
  /** Set when a run ended in a state the next run must not inherit (a hang): the lane starts a new network. */
  private boolean tainted;

  SoakRunner(SoakNetwork env, Duration deadline) {
    this.env = env;
    this.deadline = deadline;
  }

  boolean tainted() {
    return tainted;
  }

  private TestbedNetwork net() {
    return env.net;
  }

  /** What the checks compare the nodes with after the run. */
  private record Before(
      Optional<PruningSchedule> sourcePruning, List<String> targetConnections, int alarms, Set<String> initialContracts) {}

  /** How the runbook ended: its report, or why there is none. */
  private record Ending(RunbookStatus report, String noReport) {}

  RunResult run(RunPlan plan) {
    long started = System.nanoTime();
    try {
      return attempt(plan, started);
    } catch (RuntimeException e) {
      // The harness or the testbed broke: record it, and let the lane start a fresh network.
      tainted = true;
      return new RunResult(plan, Verdict.VIOLATION, null, null, null, List.of("the run broke off: " + e), List.of(), 0,
          false, null, Duration.ofNanos(System.nanoTime() - started), Map.of());
    }
  }

  private RunResult attempt(RunPlan plan, long started) {
    List<String> violations = new ArrayList<>();
    Participant source = net().participant(plan.source());
    Participant target = net().participant(plan.target());

    String observer = observers.computeIfAbsent(plan.observerNode(),
        node -> net().participant(node).allocateParty("observer-" + node));
    String party = source.allocateParty("soak-" + plan.index());
    if (plan.sourcePruning() == null) {
      source.clearPruningSchedule();
    } else {
      source.setPruningSchedule(plan.sourcePruning());
    }
    Set<String> initial = new HashSet<>();
    for (int i = 0; i < plan.contracts(); i++) {
      List<String> observedBy = i < plan.privateContracts() ? List.of() : List.of(observer);
      initial.add(net().engine().createContract(source, party, observedBy, "soak-" + plan.index() + "-" + i).contractId());
    }
    Before before = new Before(source.pruningSchedule(), connections(target), net().alarms().size(), initial);
    net().engine().startTraffic(party, plan.trafficPerSecond(), observer);

    for (String node : net().nodeNames()) {
      net().server(node).faults().clear();
    }
    FaultPlan faults = inject(plan);
    OfflinePartyReplicationInput input = input(plan, party);
    Ending ending = runToEnd(input);
    net().engine().stopTraffic(party);
    int fired = faults == null ? 0 : faults.fired(plan.kind() == FaultKind.CRASH_MID_IMPORT ? "ImportPartyAcs" : plan.point().rpc());
    Map<String, Map<String, Integer>> calls = Map.of(
        "source", net().server(plan.source()).faults().served(), "target", net().server(plan.target()).faults().served());
    for (String node : net().nodeNames()) {
      net().server(node).faults().clear();
    }

    RunbookStatus report = ending.report();
    if (plan.kind() == FaultKind.GATE_TIMEOUT && report != null) {
      fired = (int) report.gates().stream()
          .filter(g -> g.name().equals(plan.gate()) && g.state() == GateState.TIMED_OUT).count();
    }
    boolean leftIsolated = false;
    Boolean resumed = null;
    if (report == null) {
      violations.add(ending.noReport());
    } else {
      if (plan.kind() != FaultKind.NONE && fired == 0) {
        violations.add("harness: the fault (" + plan.describeFault() + ") never took effect");
      }
      if (report.outcome() == Outcome.SUCCEEDED) {
        if (plan.kind().expect != FaultKind.Expect.COMPLETE) {
          violations.add("completed although a fault that must stop it took effect " + fired + " time(s): " + plan.describeFault());
        }
        checkCompleted(plan, party, report, before, violations);
        if (plan.kind() == FaultKind.CRASH_MID_IMPORT && !restoredFromBackup(report)) {
          violations.add("completed after the target crashed mid-import, but the report shows no restore from the backup");
        }
      } else {
        leftIsolated = checkFailedCleanly(plan, party, report, before, fired, violations);
        if (leftIsolated) {
          // What the report tells the operator: start the runbook again to finish the import.
          Ending again = runToEnd(input(plan, party, null));
          net().engine().stopTraffic(party);
          resumed = again.report() != null && again.report().outcome() == Outcome.SUCCEEDED;
          if (!resumed) {
            violations.add("started again as the report says, the runbook did not complete: "
                + (again.report() == null ? again.noReport() : again.report().failureType() + ": " + again.report().failureMessage()));
          } else {
            checkCompleted(plan, party, again.report(), before, violations);
          }
        }
      }
    }
    List<Alarm> alarms = new ArrayList<>(net().alarms().subList(before.alarms(), net().alarms().size()));
    for (Alarm alarm : alarms) {
      violations.add("alarm: " + alarm);
    }
    for (String node : net().nodeNames()) {
      if (net().participant(node).isCrashed()) {
        violations.add(node + " is left crashed");
        net().participant(node).restart();
      }
    }
    Verdict verdict = !violations.isEmpty() ? Verdict.VIOLATION
        : report.outcome() == Outcome.SUCCEEDED ? Verdict.COMPLETED : Verdict.FAILED_CLEANLY;
    return new RunResult(plan, verdict, report == null ? null : report.outcome(),
        report == null ? null : report.failureType(), report == null ? null : report.failureMessage(),
        violations, alarms, fired, leftIsolated, resumed, Duration.ofNanos(System.nanoTime() - started), calls);
  }

  private FaultPlan inject(RunPlan plan) {
    String message = "injected by the fault soak (run " + plan.index() + ")";
    return switch (plan.kind()) {
      case NONE, GATE_TIMEOUT -> null;
      case CRASH_MID_IMPORT -> {
        FaultPlan faults = net().server(plan.target()).faults();
        faults.inject("ImportPartyAcs", new FaultPlan.Fault(0, null, null, null, Duration.ZERO, plan.crashAfterContracts()));
        yield faults;
      }
      case SLOW_CALL -> {
        FaultPlan faults = net().server(plan.node(plan.point().role())).faults();
        faults.inject(plan.point().rpc(), new FaultPlan.Fault(0, null, null, null, plan.delay(), 0));
        yield faults;
      }
      default -> {
        FaultPlan faults = net().server(plan.node(plan.point().role())).faults();
        faults.inject(plan.point().rpc(), new FaultPlan.Fault(plan.failures(), plan.kind().code, null, message, Duration.ZERO, 0,
            Duration.ZERO, plan.passFirst()));
        yield faults;
      }
    };
  }

  private OfflinePartyReplicationInput input(RunPlan plan, String party) {
    ApprovalPolicy approvals = plan.gate() == null
        ? new ApprovalPolicy(List.of(), null, null, null, "soak", null, null)
        : new ApprovalPolicy(List.of(plan.gate()), List.of(APPROVER), 1, false, "soak", Map.of(plan.gate(), GATE_TIMEOUT), null);
    return input(plan, party, approvals);
  }

  private OfflinePartyReplicationInput input(RunPlan plan, String party, ApprovalPolicy approvals) {
    if (approvals == null) {
      approvals = new ApprovalPolicy(List.of(), null, null, null, "soak", null, null);
    }
    return new OfflinePartyReplicationInput(party, net().engine().synchronizerAlias(), plan.source(), plan.target(),
        Permission.SUBMISSION, approvals, Duration.ofMinutes(2), FaultSchedule.IMPORT_ATTEMPTS, Duration.ofMinutes(1), false, null);
  }

  private Ending runToEnd(OfflinePartyReplicationInput input) {
    OfflinePartyReplication wf = env.client().newWorkflowStub(OfflinePartyReplication.class,
        WorkflowOptions.newBuilder().setWorkflowId(input.workflowId()).setTaskQueue(env.taskQueue()).build());
    WorkflowClient.start(wf::run, input);
    WorkflowStub stub = WorkflowStub.fromTyped(wf);
    try {
      return new Ending(stub.getResult(deadline.toMillis(), TimeUnit.MILLISECONDS, RunbookStatus.class), null);
    } catch (TimeoutException e) {
      tainted = true;
      String where = describeWaiting(wf);
      stub.terminate("the fault soak's deadline of " + deadline + " passed");
      return new Ending(null, "no end within " + deadline + " (" + where + ")");
    } catch (WorkflowFailedException e) {
      if (e.getCause() instanceof ApplicationFailure failure) {
        try {
          return new Ending(failure.getDetails().get(RunbookStatus.class), null);
        } catch (RuntimeException unreadable) {
          return new Ending(null, "failed without a readable report: " + failure.getType() + ": " + failure.getOriginalMessage());
        }
      }
      return new Ending(null, "failed without a report: " + e.getCause());
    }
  }

  private static String describeWaiting(OfflinePartyReplication wf) {
    try {
      RunbookStatus status = wf.status();
      return "at step " + status.currentStep() + (status.waitingGate() == null ? "" : ", gate " + status.waitingGate());
    } catch (RuntimeException e) {
      return "status unreadable: " + e.getMessage();
    }
  }

  /** The correctness property and the nodes' state after a completed run. */
  private void checkCompleted(RunPlan plan, String party, RunbookStatus report, Before before, List<String> violations) {
    Participant target = net().participant(plan.target());
    for (CompensationView c : report.compensations()) {
      if (c.state() != CompensationView.State.DISCHARGED) {
        violations.add("completed, but compensation '" + c.description() + "' is " + c.state());
      }
    }
    for (StepView step : report.steps()) {
      if (step.state() != StepState.DONE && step.state() != StepState.SKIPPED) {
        violations.add("completed, but step " + step.name() + " is " + step.state());
      }
    }
    Optional<HostingParticipant> host = net().engine().currentMapping(party).flatMap(m -> m.host(target.uid()));
    if (host.isEmpty()) {
      violations.add("completed, but the mapping of " + party + " does not list the target");
    } else if (host.get().onboarding()) {
      violations.add("completed, but the target's hosting of " + party + " still carries the onboarding flag");
    }
    settled(plan, party, violations).ifPresent(onTarget -> {
      Set<String> missing = new HashSet<>(before.initialContracts());
      missing.removeAll(onTarget);
      if (!missing.isEmpty()) {
        violations.add("the target lacks contracts the party held before the run: " + missing);
      }
    });
    if (!target.isConnected()) {
      violations.add("completed, but the target is not connected");
    }
    checkConnections(target, before, violations);
    checkPruning(plan, before, violations);
  }

  /**
   * The checks of a run that did not complete. Returns whether the report says it left the target
   * isolated on purpose (and the target is indeed isolated).
   */
  private boolean checkFailedCleanly(RunPlan plan, String party, RunbookStatus report, Before before, int fired,
      List<String> violations) {
    switch (plan.kind().expect) {
      case COMPLETE -> violations.add("did not complete although " + plan.describeFault()
          + " must be survived: " + report.outcome() + " " + report.failureType());
      case FAIL -> {
        if (report.outcome() != Outcome.FAILED) {
          violations.add("expected outcome FAILED, got " + report.outcome());
        }
        if (!reportText(report).contains("injected by the fault soak")) {
          violations.add("the report does not name the injected " + plan.kind().code + " anywhere");
        }
      }
      case TIME_OUT -> {
        if (report.outcome() != Outcome.TIMED_OUT || !"GATE_TIMED_OUT".equals(report.failureType())) {
          violations.add("expected TIMED_OUT with GATE_TIMED_OUT, got " + report.outcome() + " " + report.failureType());
        }
      }
    }
    if (blank(report.failureType()) || blank(report.failureMessage())) {
      violations.add("a failure without a reason: type '" + report.failureType() + "', message '" + report.failureMessage() + "'");
    }
    boolean leftIsolated = false;
    for (CompensationView c : report.compensations()) {
      switch (c.state()) {
        case DONE, DISCHARGED -> { }
        case NOT_UNDONE -> {
          if (blank(c.detail())) {
            violations.add("compensation '" + c.description() + "' left in place without a reason");
          }
          if (c.description().contains("reconnect")) {
            leftIsolated = true;
          } else {
            violations.add("compensation '" + c.description() + "' left in place: " + c.detail());
          }
        }
        default -> violations.add("compensation '" + c.description() + "' is " + c.state()
            + (c.detail() == null ? "" : ": " + c.detail()));
      }
    }
    Participant target = net().participant(plan.target());
    if (leftIsolated) {
      if (target.isConnected() || target.connectionConfigs().stream().anyMatch(c -> !c.manualConnect())) {
        violations.add("the report says the target was left disconnected with manual connect on, but it is "
            + (target.isConnected() ? "connected" : "set to reconnect automatically"));
      }
    } else {
      if (!target.isConnected()) {
        violations.add("the target is left disconnected, and the report does not say so");
      }
      checkConnections(target, before, violations);
      // A connected host of the party must hold exactly its contracts, whatever the runbook did.
      boolean hosts = net().engine().currentMapping(party).flatMap(m -> m.host(target.uid())).isPresent();
      if (hosts && target.isConnected()) {
        settled(plan, party, violations);
      }
    }
    checkPruning(plan, before, violations);
    return leftIsolated;
  }

  private void checkPruning(RunPlan plan, Before before, List<String> violations) {
    Optional<PruningSchedule> now = net().participant(plan.source()).pruningSchedule();
    if (!now.equals(before.sourcePruning())) {
      violations.add("the source's pruning schedule is " + now.map(Object::toString).orElse("none")
          + ", it was " + before.sourcePruning().map(Object::toString).orElse("none"));
    }
  }

  private void checkConnections(Participant target, Before before, List<String> violations) {
    List<String> now = connections(target);
    if (!now.equals(before.targetConnections())) {
      violations.add("the target's synchronizer connections are " + now + ", they were " + before.targetConnections());
    }
  }

  private static List<String> connections(Participant p) {
    return p.connectionConfigs().stream()
        .map((ConnectionConfig c) -> c.alias() + (c.manualConnect() ? " (manual connect)" : " (auto)") + " priority " + c.priority())
        .sorted()
        .toList();
  }

  /**
   * Waits until source and target hold the same contracts of the party, none twice; returns the
   * target's, or records the difference as a violation.
   */
  private Optional<Set<String>> settled(RunPlan plan, String party, List<String> violations) {
    long until = System.nanoTime() + SETTLE.toNanos();
    Set<String> onSource = Set.of();
    Set<String> onTarget = Set.of();
    while (true) {
      try {
        onSource = ids(plan.source(), party);
        onTarget = ids(plan.target(), party);
      } catch (IllegalStateException duplicate) {
        violations.add(duplicate.getMessage());
        return Optional.empty();
      }
      if (onSource.equals(onTarget)) {
        return Optional.of(onTarget);
      }
      if (System.nanoTime() > until) {
        break;
      }
      sleep(50);
    }
    Set<String> missing = new HashSet<>(onSource);
    missing.removeAll(onTarget);
    Set<String> extra = new HashSet<>(onTarget);
    extra.removeAll(onSource);
    violations.add("the correctness property fails: the target misses " + missing + " and has extra " + extra);
    return Optional.empty();
  }

  private Set<String> ids(String node, String party) {
    List<String> ids = net().participant(node).activeContracts(party).stream().map(Contract::contractId).toList();
    Set<String> unique = new HashSet<>(ids);
    if (unique.size() != ids.size()) {
      throw new IllegalStateException(node + " holds a contract of " + party + " twice");
    }
    return unique;
  }

  private static boolean restoredFromBackup(RunbookStatus report) {
    return report.steps().stream().anyMatch(step -> step.name().equals("IMPORT_PARTY_ACS")
        && step.facts().keySet().stream().anyMatch(k -> k.startsWith("restored before attempt")));
  }

  /** Everything the report says in words: the failure, each step's error and facts, each compensation's detail. */
  private static String reportText(RunbookStatus report) {
    StringBuilder b = new StringBuilder().append(report.failureType()).append(' ').append(report.failureMessage());
    for (StepView step : report.steps()) {
      b.append(' ').append(step.error()).append(' ').append(step.facts());
    }
    for (CompensationView c : report.compensations()) {
      b.append(' ').append(c.detail());
    }
    return b.toString();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
