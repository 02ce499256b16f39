package io.cantonrunbooks.worker.metrics;

/** The metrics endpoint could not listen where {@code metrics.port} and {@code metrics.host} say. */
public final class MetricsEndpointException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public MetricsEndpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
