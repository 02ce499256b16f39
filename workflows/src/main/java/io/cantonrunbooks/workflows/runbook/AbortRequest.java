package io.cantonrunbooks.workflows.runbook;

/** An operator's request to stop a runbook and undo what can be undone. */
public record AbortRequest(String by, String reason) {}
