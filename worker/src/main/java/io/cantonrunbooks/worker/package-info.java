/**
 * The worker process: the connection to Temporal ({@link io.cantonrunbooks.worker.TemporalConnection}),
 * the table of runbooks ({@link io.cantonrunbooks.worker.Runbooks}) and their registration
 * ({@link io.cantonrunbooks.worker.RunbookWorker}). Configuration lives in {@code .config}.
 */
package io.cantonrunbooks.worker;
