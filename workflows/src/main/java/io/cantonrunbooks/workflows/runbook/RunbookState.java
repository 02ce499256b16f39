package io.cantonrunbooks.workflows.runbook;

import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a runbook has done so far: steps with their facts, gates with their decisions,
 * compensations and refused decisions. The status query, the Temporal UI's current details and
 * the final report are all read from here. Workflow-side only: time comes from Temporal.
 */
public final class RunbookState {

  private final String runbook;
  private final Object input;
  private final Instant startedAt;
  private final Map<String, StepEntry> steps = new LinkedHashMap<>();
  private final Map<String, GateEntry> gates = new LinkedHashMap<>();
  private final List<CompensationEntry> compensations = new ArrayList<>();
  private final List<RefusedDecision> refused = new ArrayList<>();
  private Outcome outcome = Outcome.RUNNING;
  private String currentStep;
  private String waitingGate;
  private String waitingFor;
  private Instant endedAt;
  private String failureType;
  private String failureMessage;

  public RunbookState(String runbook, Object input, List<? extends RunbookStep> allSteps) {
    this.runbook = runbook;
    this.input = input;
    this.startedAt = now();
    int number = 1;
    for (RunbookStep step : allSteps) {
      steps.put(step.name(), new StepEntry(step.numbered() ? number++ : 0, step));
    }
  }

  /** Workflow time, from Temporal: the same on replay. */
  public static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  public String runbook() {
    return runbook;
  }

  StepEntry step(RunbookStep step) {
    StepEntry entry = steps.get(step.name());
    if (entry == null) {
      throw new IllegalArgumentException("step " + step.name() + " is not a step of " + runbook);
    }
    return entry;
  }

  void addGate(GateEntry gate) {
    gates.put(gate.gate.id(), gate);
  }

  GateEntry gate(String id) {
    return gates.get(id);
  }

  List<String> gateIds() {
    return List.copyOf(gates.keySet());
  }

  /** The accepted decision, at any gate of this run, that carries {@code signature}; null when none. */
  ApprovalRecord decisionSignedWith(String signature) {
    return gates.values().stream()
        .flatMap(g -> g.approvals.stream())
        .filter(a -> signature.equals(a.signature()))
        .findFirst()
        .orElse(null);
  }

  void addCompensation(CompensationEntry entry) {
    compensations.add(entry);
  }

  List<CompensationEntry> compensations() {
    return compensations;
  }

  void refuse(RefusedDecision decision) {
    refused.add(decision);
  }

  void setCurrentStep(String step) {
    this.currentStep = step;
  }

  void setWaiting(String gate, String what) {
    this.waitingGate = gate;
    this.waitingFor = what;
    publish();
  }

  /** Says in the status what the runbook is waiting for outside a gate (a lock, a safe time). */
  public void waitingFor(String what) {
    this.waitingFor = what;
    publish();
  }

  void end(Outcome outcome, String failureType, String failureMessage) {
    this.outcome = outcome;
    this.failureType = failureType;
    this.failureMessage = failureMessage;
    this.currentStep = null;
    this.waitingGate = null;
    this.waitingFor = null;
    this.endedAt = now();
    publish();
  }

  public Outcome outcome() {
    return outcome;
  }

  /** Workflow time from the start to the end, or to now while the runbook runs. */
  Duration elapsed() {
    return Duration.between(startedAt, endedAt == null ? now() : endedAt);
  }

  /** Rewrites the current details that the Temporal UI shows. */
  void publish() {
    Workflow.setCurrentDetails(StatusMarkdown.render(snapshot(), waitingFor));
  }

  public RunbookStatus snapshot() {
    var info = Workflow.getInfo();
    return new RunbookStatus(
        runbook,
        info.getWorkflowId(),
        info.getRunId(),
        input,
        outcome,
        currentStep,
        waitingGate,
        startedAt,
        endedAt,
        steps.values().stream().map(StepEntry::view).toList(),
        gates.values().stream().map(GateEntry::view).toList(),
        compensations.stream().map(CompensationEntry::view).toList(),
        List.copyOf(refused),
        failureType,
        failureMessage);
  }

  /** A step's mutable record. */
  static final class StepEntry {
    final int number;
    final RunbookStep step;
    StepState state = StepState.PENDING;
    Instant startedAt;
    Instant endedAt;
    final Map<String, String> facts = new LinkedHashMap<>();
    String error;
    int attempts;

    StepEntry(int number, RunbookStep step) {
      this.number = number;
      this.step = step;
    }

    StepView view() {
      return new StepView(number, step.name(), step.title(), state, startedAt, endedAt,
          java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts)), error, attempts);
    }
  }

  /** A gate's mutable record. */
  static final class GateEntry {
    final RunbookGate gate;
    final boolean required;
    final int requiredApprovals;
    final List<String> allowedApprovers;
    final boolean signaturesRequired;
    final List<ApprovalRecord> approvals = new ArrayList<>();
    GateState state;
    Instant waitingSince;
    Instant deadline;

    GateEntry(
        RunbookGate gate, boolean required, int requiredApprovals, List<String> allowedApprovers, boolean signaturesRequired) {
      this.gate = gate;
      this.required = required;
      this.requiredApprovals = requiredApprovals;
      this.allowedApprovers = List.copyOf(allowedApprovers);
      this.signaturesRequired = signaturesRequired;
      this.state = required ? GateState.NOT_REACHED : GateState.NOT_REQUIRED;
    }

    long approvalsCount() {
      return approvals.stream().filter(a -> a.decision() == Decision.APPROVE).count();
    }

    boolean rejected() {
      return approvals.stream().anyMatch(a -> a.decision() == Decision.REJECT);
    }

    GateView view() {
      return new GateView(
          gate.id(), gate.beforeStep().name(), state, requiredApprovals, allowedApprovers,
          List.copyOf(approvals), waitingSince, deadline, signaturesRequired);
    }
  }

  /** A compensation's mutable record. */
  static final class CompensationEntry {
    final String description;
    final RunbookStep registeredBy;
    final Compensations.Undo undo;
    CompensationView.State state = CompensationView.State.REGISTERED;
    String detail;

    CompensationEntry(String description, RunbookStep registeredBy, Compensations.Undo undo) {
      this.description = description;
      this.registeredBy = registeredBy;
      this.undo = undo;
    }

    CompensationView view() {
      return new CompensationView(description, registeredBy.name(), state, detail);
    }
  }
}
