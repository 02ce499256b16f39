package io.cantonrunbooks.cli;

import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplication;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationInput;
import io.cantonrunbooks.workflows.simplereplication.SimplePartyReplication;
import io.cantonrunbooks.workflows.simplereplication.SimplePartyReplicationInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The runbooks the CLI can start, by the name operators type: each one's workflow type, input
 * record, workflow id, input checks and template.
 *
 * <p>To add a runbook, add one {@link Runbook#of} line to {@link #ALL} and its template and field
 * guide under {@code resources/io/cantonrunbooks/cli/templates/}. The worker's own list is {@code
 * io.cantonrunbooks.worker.Runbooks}.
 */
final class RunbookCatalog {

  /** Every runbook, in the order an operator meets them in the docs. */
  static final List<Runbook<?>> ALL =
      List.of(
          Runbook.of(
              OfflinePartyReplicationInput.RUNBOOK,
              OfflinePartyReplicationInput.WORKFLOW_TYPE,
              OfflinePartyReplication.class,
              OfflinePartyReplicationInput.class,
              OfflinePartyReplicationInput::workflowId,
              OfflinePartyReplicationInput::problems,
              in ->
                  "Replicate " + in.partyId() + " from " + in.sourceNode() + " to " + in.targetNode()
                      + " on " + in.synchronizerAlias()),
          Runbook.of(
              SimplePartyReplicationInput.RUNBOOK,
              SimplePartyReplicationInput.WORKFLOW_TYPE,
              SimplePartyReplication.class,
              SimplePartyReplicationInput.class,
              SimplePartyReplicationInput::workflowId,
              SimplePartyReplicationInput::problems,
              in ->
                  "Host " + in.partyId() + " (no contracts yet) on " + in.targetsOrEmpty() + " as well as "
                      + in.sourceNode() + " on " + in.synchronizerAlias()));

  private RunbookCatalog() {}

  /** The runbook called {@code name}, if there is one. */
  static Optional<Runbook<?>> find(String name) {
    return ALL.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /** The names, for help texts and "expected one of" messages. */
  static List<String> names() {
    return ALL.stream().map(Runbook::name).toList();
  }

  /**
   * One runbook as the CLI sees it.
   *
   * @param name what operators type, e.g. {@code offline-party-replication}
   * @param workflowType the Temporal workflow type the worker registers
   * @param workflowInterface the workflow interface, for readers of the catalogue
   * @param inputType the record the JSON input binds to
   * @param workflowId the deterministic workflow id, so a second start of the same operation fails
   * @param problems every problem with an input, each naming its field; empty when valid
   * @param summary the one-line summary the Temporal UI shows for the run
   */
  record Runbook<I>(
      String name,
      String workflowType,
      Class<?> workflowInterface,
      Class<I> inputType,
      Function<I, String> workflowId,
      Function<I, List<String>> problems,
      Function<I, String> summary) {

    static <I> Runbook<I> of(
        String name,
        String workflowType,
        Class<?> workflowInterface,
        Class<I> inputType,
        Function<I, String> workflowId,
        Function<I, List<String>> problems,
        Function<I, String> summary) {
      return new Runbook<>(name, workflowType, workflowInterface, inputType, workflowId, problems, summary);
    }

    /** The template input: valid JSON that {@code runbook start} accepts as is. */
    String template() {
      return resource(name + ".json");
    }

    /** What each field of the template means, for humans (JSON has no comments). */
    String fieldGuide() {
      return resource(name + ".txt");
    }

    private static String resource(String file) {
      try (InputStream in = RunbookCatalog.class.getResourceAsStream("templates/" + file)) {
        if (in == null) {
          throw new IllegalStateException("missing resource templates/" + file);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
