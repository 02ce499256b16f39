package io.cantonrunbooks.workflows.runbook;

import io.cantonrunbooks.activities.RunbookError;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.util.Arrays;
import java.util.List;

/**
 * The shared body of every runbook: the approval, abort and status handlers, and
 * {@link #execute}, which runs the procedure, and on failure, rejection, timeout or abort runs the
 * compensations and ends the workflow with a failure that carries the report.
 *
 * <p>A runbook extends this class, declares its steps and gates as enums, and writes its procedure
 * as one method that reads like the documentation, using {@link #steps}, {@link #gates} and
 * {@link #compensations}.
 */
public abstract class AbstractRunbook implements RunbookControl {

  protected final RunbookState state;
  protected final Steps steps;
  protected final ApprovalGates gates;
  protected final Compensations compensations;
  private CancellationScope procedureScope;
  private AbortRequest abortRequest;

  protected AbstractRunbook(
      String runbook,
      Object input,
      ApprovalPolicy policy,
      RunbookStep[] allSteps,
      RunbookGate[] allGates,
      List<? extends RunbookGate> defaultGates) {
    this.state = new RunbookState(runbook, input, Arrays.asList(allSteps));
    this.steps = new Steps(state);
    this.gates = new ApprovalGates(state, steps, policy == null ? emptyPolicy() : policy, Arrays.asList(allGates), defaultGates);
    this.compensations = new Compensations(state, steps);
  }

  private static ApprovalPolicy emptyPolicy() {
    return new ApprovalPolicy(null, null, null, null, null, null, null);
  }

  /**
   * Runs the procedure. Returns the report when it succeeds. Otherwise runs the compensations and
   * throws a non-retryable failure whose type is the error id and whose details hold the report.
   */
  protected final RunbookStatus execute(Runnable procedure) {
    procedureScope = Workflow.newCancellationScope(procedure);
    RunbookMetrics.started(state.runbook());
    try {
      if (abortRequest != null) {
        procedureScope.cancel("aborted before the procedure started");
      }
      procedureScope.run();
      state.end(Outcome.SUCCEEDED, null, null);
      RunbookMetrics.ended(state.runbook(), Outcome.SUCCEEDED, state.elapsed());
      Workflow.await(Workflow::isEveryHandlerFinished);
      return state.snapshot();
    } catch (CanceledFailure | ActivityFailure | ApplicationFailure | ChildWorkflowFailure e) {
      Outcome outcome;
      String type;
      String message;
      if (abortRequest != null) {
        outcome = Outcome.ABORTED;
        type = RunbookError.ABORTED.id();
        message = "aborted by " + abortRequest.by()
            + (abortRequest.reason() == null || abortRequest.reason().isBlank() ? "" : ": " + abortRequest.reason());
      } else {
        type = failureType(e);
        message = Steps.describe(e);
        outcome = switch (type) {
          case "GATE_REJECTED" -> Outcome.REJECTED;
          case "GATE_TIMED_OUT" -> Outcome.TIMED_OUT;
          default -> Outcome.FAILED;
        };
      }
      compensations.runAll();
      state.end(outcome, type, message);
      RunbookMetrics.ended(state.runbook(), outcome, state.elapsed());
      throw ApplicationFailure.newBuilder()
          .setType(type)
          .setMessage(outcome + ": " + message)
          .setDetails(state.snapshot())
          .setNonRetryable(true)
          .build();
    }
  }

  private static String failureType(Throwable e) {
    Throwable cause = e;
    while ((cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ApplicationFailure af && af.getType() != null) {
      return af.getType();
    }
    return cause.getClass().getSimpleName();
  }

  /**
   * The activities of {@code activities} with {@code options}, each call to be made through {@link
   * SummarizedActivities#doing} so that it carries a summary for the Temporal UI.
   */
  protected static <T> SummarizedActivities<T> activities(Class<T> activities, ActivityOptions options) {
    return new SummarizedActivities<>(activities, options);
  }

  /** Refuses an invalid input before any node is asked, naming every problem at once. */
  protected static void requireValid(RunbookInput input) {
    List<String> problems = input == null ? List.of("input: expected a JSON object") : input.problems();
    if (!problems.isEmpty()) {
      throw fail(RunbookError.INVALID_INPUT, String.join("; ", problems));
    }
  }

  /** Fails the current step with an error from the catalogue. */
  protected static ApplicationFailure fail(RunbookError error, String message) {
    return error.failure(message);
  }

  @Override
  public GateView approve(GateDecision decision) {
    return gates.decide(decision, Decision.APPROVE, "update");
  }

  @Override
  public void validateApprove(GateDecision decision) {
    gates.validate(decision, Decision.APPROVE);
  }

  @Override
  public GateView reject(GateDecision decision) {
    return gates.decide(decision, Decision.REJECT, "update");
  }

  @Override
  public void validateReject(GateDecision decision) {
    gates.validate(decision, Decision.REJECT);
  }

  @Override
  public void approveSignal(GateDecision decision) {
    gates.decideFromSignal(decision, Decision.APPROVE);
  }

  @Override
  public void rejectSignal(GateDecision decision) {
    gates.decideFromSignal(decision, Decision.REJECT);
  }

  @Override
  public void abort(AbortRequest request) {
    if (abortRequest != null || state.outcome() != Outcome.RUNNING) {
      return;
    }
    abortRequest = request == null ? new AbortRequest("unknown", null) : request;
    if (procedureScope != null) {
      procedureScope.cancel("aborted by " + abortRequest.by());
    }
  }

  @Override
  public RunbookStatus status() {
    return state.snapshot();
  }
}
