/**
 * The worker's Prometheus endpoint: Temporal's tally metrics bridged to Micrometer and served by
 * the JDK's HTTP server. The metric names runbooks record are defined next to where they are
 * recorded: {@code io.cantonrunbooks.workflows.runbook.RunbookMetrics} (workflow side) and {@code
 * io.cantonrunbooks.activities.impl.ActivityMetrics} (activity side).
 */
package io.cantonrunbooks.worker.metrics;
