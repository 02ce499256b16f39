package io.cantonrunbooks.workflows.runbook;

import java.time.Instant;
import java.util.List;

/**
 * The live state of a runbook (status query) and, once it has ended, its audit report.
 *
 * @param input the runbook's input exactly as it was given
 * @param currentStep the step running or waiting now, null when none
 * @param waitingGate the gate waiting for approval now, null when none
 * @param failureType the error id when the runbook did not succeed (see RunbookError or Canton's ids)
 * @param refusedDecisions decisions that arrived as signals and were refused, with why
 */
public record RunbookStatus(
    String runbook,
    String workflowId,
    String runId,
    Object input,
    Outcome outcome,
    String currentStep,
    String waitingGate,
    Instant startedAt,
    Instant endedAt,
    List<StepView> steps,
    List<GateView> gates,
    List<CompensationView> compensations,
    List<RefusedDecision> refusedDecisions,
    String failureType,
    String failureMessage) {}
