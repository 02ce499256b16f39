package io.cantonrunbooks.cli;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.cantonrunbooks.worker.TemporalConnection;
import io.cantonrunbooks.worker.config.RunbookConfig;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsResponse;
import io.temporal.client.WorkflowExecutionMetadata;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runbook list}: the workflows Temporal knows, newest first.
 *
 * <p>It asks the visibility API first (real clusters, Temporal Cloud). The embedded test server
 * does not implement it, so on {@code UNIMPLEMENTED} it falls back to the older list-open and
 * list-closed RPCs, which the test server does answer.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {"List workflows, newest first: open and closed ones unless --open or --closed."})
final class ListCommand implements Callable<Integer> {

  /** One workflow as listed. */
  record Row(String workflowId, String runId, String type, String status, Instant started) {}

  static final class Which {
    @Option(names = "--open", description = "Only running workflows.")
    boolean open;

    @Option(names = "--closed", description = "Only finished workflows (completed, failed, …).")
    boolean closed;
  }

  private static final int PAGE_SIZE = 100;

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @ArgGroup(exclusive = true)
  Which which = new Which();

  @Option(names = "--limit", defaultValue = "50", description = "At most this many (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() throws Exception {
    RunbookConfig config = connection.load();
    boolean open = !which.closed;
    boolean closed = !which.open;
    List<Row> rows;
    try (TemporalConnection temporal = TemporalConnection.open(config.temporal())) {
      try {
        rows = fromVisibility(temporal, open, closed);
      } catch (RuntimeException e) {
        if (!isUnimplemented(e)) {
          throw e;
        }
        rows = fromStandardVisibility(temporal, open, closed);
      }
    }
    print(rows.stream().sorted(Comparator.comparing(Row::started).reversed()).limit(limit).toList());
    return RunbookCli.OK;
  }

  private List<Row> fromVisibility(TemporalConnection temporal, boolean open, boolean closed) {
    String query =
        open && closed ? "" : open ? "ExecutionStatus=\"Running\"" : "ExecutionStatus!=\"Running\"";
    return temporal.client().listExecutions(query).limit(limit).map(ListCommand::row).toList();
  }

  private List<Row> fromStandardVisibility(TemporalConnection temporal, boolean open, boolean closed) {
    var rows = new ArrayList<Row>();
    var stub = temporal.stubs().blockingStub();
    String namespace = temporal.settings().namespace();
    if (open) {
      ByteString token = ByteString.EMPTY;
      do {
        ListOpenWorkflowExecutionsResponse page =
            stub.listOpenWorkflowExecutions(
                ListOpenWorkflowExecutionsRequest.newBuilder()
                    .setNamespace(namespace)
                    .setMaximumPageSize(PAGE_SIZE)
                    .setNextPageToken(token)
                    .build());
        page.getExecutionsList().forEach(info -> rows.add(row(info)));
        token = page.getNextPageToken();
      } while (!token.isEmpty() && rows.size() < limit);
    }
    if (closed) {
      ByteString token = ByteString.EMPTY;
      do {
        ListClosedWorkflowExecutionsResponse page =
            stub.listClosedWorkflowExecutions(
                ListClosedWorkflowExecutionsRequest.newBuilder()
                    .setNamespace(namespace)
                    .setMaximumPageSize(PAGE_SIZE)
                    .setNextPageToken(token)
                    .build());
        page.getExecutionsList().forEach(info -> rows.add(row(info)));
        token = page.getNextPageToken();
      } while (!token.isEmpty() && rows.size() < 2 * limit);
    }
    return rows;
  }

  private void print(List<Row> rows) {
    PrintWriter out = spec.commandLine().getOut();
    if (rows.isEmpty()) {
      out.println("No workflows.");
      out.flush();
      return;
    }
    int idWidth = Math.max("WORKFLOW ID".length(), rows.stream().mapToInt(r -> r.workflowId().length()).max().orElse(0));
    int typeWidth = Math.max("TYPE".length(), rows.stream().mapToInt(r -> r.type().length()).max().orElse(0));
    String format = "%-" + idWidth + "s  %-" + typeWidth + "s  %-16s  %s%n";
    out.printf(format, "WORKFLOW ID", "TYPE", "STATUS", "STARTED");
    rows.forEach(r -> out.printf(format, r.workflowId(), r.type(), r.status(), r.started()));
    out.flush();
  }

  private static Row row(WorkflowExecutionMetadata m) {
    return new Row(
        m.getExecution().getWorkflowId(),
        m.getExecution().getRunId(),
        m.getWorkflowType(),
        status(m.getStatus()),
        m.getStartTime());
  }

  private static Row row(WorkflowExecutionInfo info) {
    return new Row(
        info.getExecution().getWorkflowId(),
        info.getExecution().getRunId(),
        info.getType().getName(),
        status(info.getStatus()),
        instant(info.getStartTime()));
  }

  private static String status(WorkflowExecutionStatus status) {
    return status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(Locale.ROOT);
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  private static boolean isUnimplemented(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return true;
      }
    }
    return false;
  }
}
