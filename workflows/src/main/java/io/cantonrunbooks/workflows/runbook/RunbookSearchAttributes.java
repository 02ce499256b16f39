package io.cantonrunbooks.workflows.runbook;

import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * The search attributes of a runbook run: what it is ({@link #RUNBOOK_NAME}), whom and where it
 * concerns (party, synchronizer, source and target node, set once at start by whoever starts it)
 * and the step it is at ({@link #RUNBOOK_STEP}, kept current by the workflow).
 *
 * <p>A namespace knows these keys only after an operator registered them (see
 * docs/temporal-ui.md); the embedded test server never knows them, and there an upsert of an
 * unknown key fails the workflow task over and over. The workflow therefore upserts the step only
 * when its run was started with {@link #RUNBOOK_NAME}: a starter sets that only where the keys are
 * registered, and the start's attributes are in the history, so replay takes the same decision.
 */
public final class RunbookSearchAttributes {

  /** The runbook's CLI name, e.g. {@code offline-party-replication}. */
  public static final SearchAttributeKey<String> RUNBOOK_NAME = SearchAttributeKey.forKeyword("RunbookName");
  /** The party the runbook acts on. */
  public static final SearchAttributeKey<String> PARTY = SearchAttributeKey.forKeyword("Party");
  /** The synchronizer alias. */
  public static final SearchAttributeKey<String> SYNCHRONIZER = SearchAttributeKey.forKeyword("Synchronizer");
  /** The node the runbook reads from. */
  public static final SearchAttributeKey<String> SOURCE_NODE = SearchAttributeKey.forKeyword("SourceNode");
  /** The node the runbook changes. */
  public static final SearchAttributeKey<String> TARGET_NODE = SearchAttributeKey.forKeyword("TargetNode");
  /** The step the runbook is at (the step's enum name), upserted by the workflow. */
  public static final SearchAttributeKey<String> RUNBOOK_STEP = SearchAttributeKey.forKeyword("RunbookStep");

  /** Every key, in the order the registration commands list them. */
  public static final List<SearchAttributeKey<String>> ALL =
      List.of(RUNBOOK_NAME, PARTY, SYNCHRONIZER, SOURCE_NODE, TARGET_NODE, RUNBOOK_STEP);

  private RunbookSearchAttributes() {}

  /**
   * The attributes to start a run with; null values are left out.
   *
   * @param runbook the runbook's CLI name
   */
  public static SearchAttributes atStart(
      String runbook, String party, String synchronizer, String sourceNode, String targetNode) {
    SearchAttributes.Builder builder = SearchAttributes.newBuilder().set(RUNBOOK_NAME, runbook);
    setIfPresent(builder, PARTY, party);
    setIfPresent(builder, SYNCHRONIZER, synchronizer);
    setIfPresent(builder, SOURCE_NODE, sourceNode);
    setIfPresent(builder, TARGET_NODE, targetNode);
    return builder.build();
  }

  private static void setIfPresent(SearchAttributes.Builder builder, SearchAttributeKey<String> key, String value) {
    if (value != null && !value.isBlank()) {
      builder.set(key, value);
    }
  }

  /** Whether this run may upsert its step: it was started with the runbook keys. Workflow code only. */
  static boolean enabled() {
    return Workflow.getTypedSearchAttributes().containsKey(RUNBOOK_NAME);
  }

  /** Sets {@link #RUNBOOK_STEP} to {@code step} when enabled and not already set to it. Workflow code only. */
  static void upsertStep(String step) {
    if (!enabled() || step.equals(Workflow.getTypedSearchAttributes().get(RUNBOOK_STEP))) {
      return;
    }
    Workflow.upsertTypedSearchAttributes(RUNBOOK_STEP.valueSet(step));
  }
}
