package io.cantonrunbooks.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cantonrunbooks.cli.RunbookCatalog.Runbook;
import io.cantonrunbooks.cli.RunbookInputReader.Read;
import io.cantonrunbooks.worker.TemporalConnection;
import io.cantonrunbooks.worker.config.RunbookConfig;
import io.cantonrunbooks.workflows.runbook.AbortRequest;
import io.cantonrunbooks.workflows.runbook.GateDecision;
import io.cantonrunbooks.workflows.runbook.GateView;
import io.cantonrunbooks.workflows.runbook.RunbookSearchAttributes;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowQueryException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.failure.ApplicationFailure;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

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
   * A started run, and whether it carries the runbook search attributes (false: the namespace does
   * not know them, as on the embedded server, and the run was started without).
   */
  record Started(WorkflowExecution execution, boolean withSearchAttributes) {}

  /**
   * Starts a runbook with its deterministic id on the worker's task queue, with the runbook search
   * attributes where the namespace knows them.
   *
   * @throws CommandFailure (usage) when a runbook with the same id is already running
   */
  <I> Started start(Runbook<I> runbook, Read<I> read) {
    String id = runbook.workflowId().apply(read.input());
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setTaskQueue(config.worker().taskQueue())
            .setStaticSummary(runbook.summary().apply(read.input()))
            .setStaticDetails(details(runbook, id, read.json()))
            .build();
    try {
      if (!namespaceMayKnowRunbookAttributes()) {
        return new Started(startWith(runbook, read, options), false);
      }
      try {
        WorkflowOptions withAttributes =
            options.toBuilder().setTypedSearchAttributes(searchAttributes(runbook, read.json())).build();
        return new Started(startWith(runbook, read, withAttributes), true);
      } catch (WorkflowServiceException e) {
        if (!unknownSearchAttribute(e)) {
          throw e;
        }
        // The namespace could not be asked (no permission, an API key the probe does not carry) and
        // refused the start, which a real server does before creating anything: start without them.
        // The workflow sees no RunbookName and so does not upsert its step either.
        return new Started(startWith(runbook, read, options), false);
      }
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw CommandFailure.usage(
          "already running: " + id,
          "See it with `runbook status " + id + "`; stop it with `runbook abort " + id + "`.");
    }
  }

  private WorkflowExecution startWith(Runbook<?> runbook, Read<?> read, WorkflowOptions options) {
    // The JSON tree, not the record: the worker reads exactly what the operator wrote.
    return temporal.client().newUntypedWorkflowStub(runbook.workflowType(), options).start(read.json());
  }

  /** The start attributes, read from the input fields every party runbook shares; absent fields are left out. */
  static SearchAttributes searchAttributes(Runbook<?> runbook, ObjectNode json) {
    return RunbookSearchAttributes.atStart(
        runbook.name(), text(json, "partyId"), text(json, "synchronizerAlias"), text(json, "sourceNode"), text(json, "targetNode"));
  }

  private static String text(ObjectNode json, String field) {
    var node = json.get(field);
    return node == null || !node.isTextual() ? null : node.asText();
  }

  /**
   * Whether the namespace knows every runbook search attribute, asked through the OperatorService;
   * true too when it cannot be asked (the start then tries and falls back). False when the server
   * has no such call (the embedded test server: it would also create the run before refusing an
   * unknown attribute, so trying there is not an option) or lacks a key.
   */
  private boolean namespaceMayKnowRunbookAttributes() {
    OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
        OperatorServiceStubsOptions.newBuilder().setChannel(temporal.stubs().getRawChannel()).validateAndBuildWithDefaults());
    try {
      var known = operator.blockingStub()
          .withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS)
          .listSearchAttributes(ListSearchAttributesRequest.newBuilder().setNamespace(config.temporal().namespace()).build())
          .getCustomAttributesMap();
      return RunbookSearchAttributes.ALL.stream().allMatch(key -> known.containsKey(key.getName()));
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode() != Status.Code.UNIMPLEMENTED;
    } finally {
      // The stubs borrow the connection's channel and leave it open.
      operator.shutdown();
    }
  }

  /** Whether the server refused the start because the namespace does not know a search attribute. */
  static boolean unknownSearchAttribute(WorkflowServiceException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof StatusRuntimeException s
          && s.getStatus().getCode() == Status.Code.INVALID_ARGUMENT
          && String.valueOf(s.getStatus().getDescription()).toLowerCase(java.util.Locale.ROOT).contains("search attribute")) {
        return true;
      }
    }
    return false;
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
    boolean signed = json.path("approvals").path("approverKeys").size() > 0;
    md.append("\nFollow: `runbook status ").append(id).append("`; approve: `runbook approve ").append(id)
        .append(" --gate GATE").append(signed ? " --key FILE" : "").append("`; report: `runbook report ").append(id)
        .append("`.\n");
    return md.toString();
  }

  /**
   * Sends an {@code approve} or {@code reject} update and returns the gate as it is afterwards.
   *
   * @param runId the run the decision was signed for, so that it goes to that run and no other;
   *     null for the current run
   * @throws CommandFailure (usage) with the runbook's reason when the decision is refused
   */
  GateView decide(String workflowId, String runId, String update, GateDecision decision) {
    try {
      return temporal.client()
          .newUntypedWorkflowStub(workflowId, Optional.ofNullable(runId), Optional.empty())
          .update(update, GateView.class, decision);
    } catch (WorkflowUpdateException e) {
      String reason =
          e.getCause() instanceof ApplicationFailure af ? af.getOriginalMessage() : String.valueOf(e.getCause());
      throw CommandFailure.usage(
          "refused: " + reason, "Nothing changed. See the gates with `runbook status " + workflowId + "`.");
    } catch (io.temporal.client.WorkflowNotFoundException e) {
      throw endedOr(workflowId, e);
    }
  }

  /**
   * A clear refusal for a message sent to a runbook that has already ended (Temporal answers "not
   * found" for a closed run); the original failure when there is no such runbook at all.
   */
  private RuntimeException endedOr(String workflowId, io.temporal.client.WorkflowNotFoundException notFound) {
    RunbookStatus report;
    try {
      report = status(workflowId);
    } catch (RuntimeException unknown) {
      return notFound;
    }
    if (report.outcome() == io.cantonrunbooks.workflows.runbook.Outcome.RUNNING) {
      return notFound;
    }
    return CommandFailure.usage(
        "refused: " + workflowId + " has ended (" + report.outcome() + "); it takes no more decisions or signals",
        "Nothing changed. Its report: `runbook report " + workflowId + "`.");
  }

  /** What the party's owners must sign, or a failure saying the runbook is not collecting signatures. */
  io.cantonrunbooks.workflows.simplereplication.SigningRequest signingRequest(String workflowId) {
    io.cantonrunbooks.workflows.simplereplication.SigningRequest request;
    try {
      request = temporal.client().newUntypedWorkflowStub(workflowId)
          .query("signingRequest", io.cantonrunbooks.workflows.simplereplication.SigningRequest.class);
    } catch (WorkflowQueryException e) {
      throw CommandFailure.usage("cannot read what " + workflowId + " needs signed: " + e.getCause().getMessage(),
          "Only simple-party-replication runs of parties whose key is held outside the nodes ask for signatures.");
    }
    if (request == null) {
      throw CommandFailure.usage(workflowId + " has not asked for owner signatures (yet)",
          "It asks in step PARTY_AUTHORIZES for a party whose key is held outside the nodes; see `runbook status "
              + workflowId + "`.");
    }
    return request;
  }

  /** Sends an owner's signature; the runbook verifies it before accepting it. */
  io.cantonrunbooks.workflows.simplereplication.SigningRequest submitSignature(
      String workflowId, io.cantonrunbooks.activities.OwnerSignature signature) {
    try {
      return temporal.client().newUntypedWorkflowStub(workflowId)
          .update("submitSignature", io.cantonrunbooks.workflows.simplereplication.SigningRequest.class, signature);
    } catch (WorkflowUpdateException e) {
      String reason =
          e.getCause() instanceof ApplicationFailure af ? af.getOriginalMessage() : String.valueOf(e.getCause());
      throw CommandFailure.usage("refused: " + reason, "Nothing changed. See `runbook show-tx " + workflowId + "`.");
    } catch (io.temporal.client.WorkflowNotFoundException e) {
      throw endedOr(workflowId, e);
    }
  }

  /** The ACS transfers the run has in flight, with their progress from heartbeats. */
  java.util.List<TransferProgressView.Transfer> transfers(String workflowId, RunbookStatus status) {
    return TransferProgressView.inFlight(temporal.client(), workflowId, status);
  }

  /** Sends the {@code abort} signal; the runbook runs its compensations and ends ABORTED. */
  void abort(String workflowId, AbortRequest request) {
    try {
      temporal.client().newUntypedWorkflowStub(workflowId).signal("abort", request);
    } catch (io.temporal.client.WorkflowNotFoundException e) {
      throw endedOr(workflowId, e);
    }
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
