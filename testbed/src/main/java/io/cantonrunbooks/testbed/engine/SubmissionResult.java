package io.cantonrunbooks.testbed.engine;

import java.time.Instant;
import java.util.List;

/** The outcome of a submitted transaction: its update id, the mediator verdict and what it created. */
public record SubmissionResult(
    String updateId, boolean approved, String verdict, List<Contract> created, Instant sequencedAt) {}
