package io.cantonrunbooks.cli;

import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Progress of the ACS transfers a runbook is running, from the bytes-done numbers their activities
 * heartbeat: a bar for an import (its total is the export's size, in the report), a running count
 * for an export (its size is known only at the end).
 */
final class TransferProgressView {

  /** One transfer in flight: its activity type, bytes done, and total bytes when known. */
  record Transfer(String activityType, long bytesDone, Optional<Long> totalBytes, int attempt) {}

  private static final int BAR_WIDTH = 30;

  private TransferProgressView() {}

  /** The ACS transfers among the run's pending activities, with the bytes their last heartbeat reported. */
  static List<Transfer> inFlight(WorkflowClient client, String workflowId, RunbookStatus status) {
    var described = client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
        DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
            .build());
    List<Transfer> transfers = new ArrayList<>();
    for (PendingActivityInfo pending : described.getPendingActivitiesList()) {
      String type = pending.getActivityType().getName();
      if (!type.equals("Parties_ExportPartyAcs") && !type.equals("Parties_ImportPartyAcs")) {
        continue;
      }
      long done = 0;
      if (pending.hasHeartbeatDetails() && pending.getHeartbeatDetails().getPayloadsCount() > 0) {
        done = bytesOf(client, pending.getHeartbeatDetails().getPayloads(0));
      }
      Optional<Long> total = type.equals("Parties_ImportPartyAcs") ? exportedBytes(status) : Optional.empty();
      transfers.add(new Transfer(type, done, total, pending.getAttempt()));
    }
    return transfers;
  }

  private static long bytesOf(WorkflowClient client, io.temporal.api.common.v1.Payload payload) {
    try {
      Long bytes = client.getOptions().getDataConverter().fromPayload(payload, Long.class, Long.class);
      return bytes == null ? 0 : bytes;
    } catch (RuntimeException notBytes) {
      return 0; // a heartbeat that carries something else (a liveness beat) has no progress to show
    }
  }

  private static Optional<Long> exportedBytes(RunbookStatus status) {
    return status.steps().stream()
        .filter(s -> s.name().equals("EXPORT_PARTY_ACS"))
        .map(s -> s.facts().get("bytes"))
        .filter(v -> v != null)
        .map(v -> Long.parseLong(String.valueOf(v)))
        .findFirst();
  }

  /** One line per transfer, e.g. {@code import  [#########.....]  64%  17.3 MB of 27.0 MB}. */
  static String render(List<Transfer> transfers) {
    var text = new StringBuilder();
    for (Transfer t : transfers) {
      String what = t.activityType().endsWith("ExportPartyAcs") ? "export" : "import";
      String attempt = t.attempt() > 1 ? "  (attempt " + t.attempt() + ")" : "";
      if (t.totalBytes().isPresent() && t.totalBytes().get() > 0) {
        long total = t.totalBytes().get();
        double fraction = Math.min(1.0, (double) t.bytesDone() / total);
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        text.append(String.format(Locale.ROOT, "%s  [%s%s] %3d%%  %s of %s%s%n", what, "#".repeat(filled),
            ".".repeat(BAR_WIDTH - filled), Math.round(fraction * 100), size(t.bytesDone()), size(total), attempt));
      } else {
        text.append(String.format(Locale.ROOT, "%s  %s so far%s%n", what, size(t.bytesDone()), attempt));
      }
    }
    return text.toString();
  }

  static String size(long bytes) {
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
    if (bytes < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.2f GB", bytes / (1024.0 * 1024 * 1024));
  }
}
