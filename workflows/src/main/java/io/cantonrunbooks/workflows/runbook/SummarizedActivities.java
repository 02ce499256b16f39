package io.cantonrunbooks.workflows.runbook;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;

/**
 * An activity interface with its options, from which a runbook takes one stub per call with a
 * one-line summary of what that call does; the Temporal UI shows the summary on the activity in
 * the run's timeline and history, so an operator reads "export alice's ACS from participant1"
 * rather than "ExportPartyAcs".
 *
 * <p>Options are fixed when a stub is made, so a per-call summary needs a stub per call; stubs are
 * cheap, local objects that add nothing to the history.
 */
public final class SummarizedActivities<T> {

  /** Longer summaries are cut: the UI shows one line, and the server limits its size. */
  static final int MAX_SUMMARY = 200;

  private final Class<T> activities;
  private final ActivityOptions options;

  SummarizedActivities(Class<T> activities, ActivityOptions options) {
    this.activities = activities;
    this.options = options;
  }

  /** A stub whose next call carries {@code summary}; use it for one call. */
  public T doing(String summary) {
    return Workflow.newActivityStub(activities, options.toBuilder().setSummary(shorten(summary)).build());
  }

  static String shorten(String summary) {
    String line = summary.replace('\n', ' ');
    return line.length() <= MAX_SUMMARY ? line : line.substring(0, MAX_SUMMARY - 1) + "…";
  }
}
