package io.cantonrunbooks.workflows.runbook;

/** Lets a running step record the facts an auditor needs: offsets, serials, checksums, counts. */
public interface StepFacts {

  /** Records one fact; a later value for the same key replaces the earlier one. */
  StepFacts fact(String key, Object value);
}
