package io.cantonrunbooks.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cantonrunbooks.cli.RunbookCatalog.Runbook;
import io.cantonrunbooks.cli.RunbookInputReader.Read;
import io.cantonrunbooks.worker.TemporalConnection;
import io.cantonrunbooks.worker.config.RunbookConfig;
import io.cantonrunbooks.workflows.runbook.AbortRequest;
import io.cantonrunbooks.workflows.runbook.GateDecision;
import io.cantonrunbooks.workflows.runbook.GateView;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowQueryException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.util.Iterator;
import java.util.Map;

/**
 * The runbook operations the CLI performs on Temporal: start, decide at a gate, abort, and read a
 * runbook's status or final report. One instance per command, closed with its connection.
 */
final class RunbookClient implements AutoCloseable {

  private final RunbookConfig config;
  private final TemporalConnection temporal;

  private RunbookClient(RunbookConfig config, TemporalConnection temporal) {
    this.config = config;
    this.temporal = temporal;
  }

  /** Loads the configuration (exit 2 when invalid), then connects (exit 1 when unreachable). */
  static RunbookClient connect(ConnectionOptions options) throws Exception {
    RunbookConfig config = options.load();
    return new RunbookClient(config, TemporalConnection.open(config.temporal()));
  }

  /**
   * Starts a runbook with its deterministic id on the worker's task queue.
   *
   * @throws CommandFailure (usage) when a runbook with the same id is already running
   */
  <I> WorkflowExecution start(Runbook<I> runbook, Read<I> read) {
    String id = runbook.workflowId().apply(read.input());
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setTaskQueue(config.worker().taskQueue())
            .setStaticSummary(runbook.summary().apply(read.input()))
            .setStaticDetails(details(runbook, id, read.json()))
            .build();
    WorkflowStub stub = temporal.client().newUntypedWorkflowStub(runbook.workflowType(), options);
    try {
      // The JSON tree, not the record: the worker reads exactly what the operator wrote.
      return stub.start(read.json());
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw CommandFailure.usage(
          "already running: " + id,
          "See it with `runbook status " + id + "`; stop it with `runbook abort " + id + "`.");
    }
  }

  /** The Markdown the Temporal UI shows under the run: what was asked, by whom, and how to follow it. */
  private static String details(Runbook<?> runbook, String id, ObjectNode json) {
    var md = new StringBuilder();
    md.append("**").append(runbook.name()).append("**, started from the `runbook` CLI.\n\n");
    md.append("| input | value |\n|---|---|\n");
    for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = json.fields(); it.hasNext(); ) {
      var field = it.next();
      String value = field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString();
      md.append("| ").append(field.getKey()).append(" | `").append(value.replace("|", "\\|")).append("` |\n");
    }
    md.append("\nFollow: `runbook status ").append(id).append("`; approve: `runbook approve ").append(id)
        .append(" --gate GATE`; report: `runbook report ").append(id).append("`.\n");
    return md.toString();
  }

  /**
   * Sends an {@code approve} or {@code reject} update and returns the gate as it is afterwards.
   *
   * @throws CommandFailure (usage) with the runbook's reason when the decision is refused
   */
  GateView decide(String workflowId, String update, GateDecision decision) {
    try {
      return temporal.client().newUntypedWorkflowStub(workflowId).update(update, GateView.class, decision);
    } catch (WorkflowUpdateException e) {
      String reason =
          e.getCause() instanceof ApplicationFailure af ? af.getOriginalMessage() : String.valueOf(e.getCause());
      throw CommandFailure.usage(
          "refused: " + reason, "Nothing changed. See the gates with `runbook status " + workflowId + "`.");
    }
  }

  /** Sends the {@code abort} signal; the runbook runs its compensations and ends ABORTED. */
  void abort(String workflowId, AbortRequest request) {
    temporal.client().newUntypedWorkflowStub(workflowId).signal("abort", request);
  }

  /**
   * The runbook's status: the live query while it runs, the result once it succeeded, the report in
   * the failure's details once it failed. A run that was terminated or timed out has no report of
   * its own, so it is queried, which needs a worker.
   */
  RunbookStatus status(String workflowId) {
    WorkflowStub stub = temporal.client().newUntypedWorkflowStub(workflowId);
    WorkflowExecutionStatus state = stub.describe().getStatus();
    try {
      switch (state) {
        case WORKFLOW_EXECUTION_STATUS_COMPLETED:
          return stub.getResult(RunbookStatus.class);
        case WORKFLOW_EXECUTION_STATUS_FAILED:
          try {
            stub.getResult(RunbookStatus.class);
          } catch (WorkflowFailedException failed) {
            if (failed.getCause() instanceof ApplicationFailure af && af.getDetails().getSize() > 0) {
              return af.getDetails().get(RunbookStatus.class);
            }
          }
          return stub.query("status", RunbookStatus.class);
        default:
          return stub.query("status", RunbookStatus.class);
      }
    } catch (WorkflowQueryException e) {
      throw CommandFailure.failed(
          "cannot read the status of " + workflowId + " (" + state.name().replace("WORKFLOW_EXECUTION_STATUS_", "")
              .toLowerCase(java.util.Locale.ROOT) + "): " + e.getCause().getMessage(),
          "Is a worker running? Start one with `runbook worker --config FILE`.");
    }
  }

  @Override
  public void close() {
    temporal.close();
  }
}
