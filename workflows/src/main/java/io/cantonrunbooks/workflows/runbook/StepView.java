package io.cantonrunbooks.workflows.runbook;

import java.time.Instant;
import java.util.Map;

/**
 * A step as the status query and the report show it.
 *
 * @param number the step's position in the procedure, from 1
 * @param facts what the step recorded: offsets, serials, file checksums, contract counts
 * @param attempts how often the runbook itself ran the step's work (activity retries are in history)
 */
public record StepView(
    int number,
    String name,
    String title,
    StepState state,
    Instant startedAt,
    Instant endedAt,
    Map<String, String> facts,
    String error,
    int attempts) {}
