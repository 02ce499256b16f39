package io.cantonrunbooks.worker.config;

import java.util.OptionalInt;

/**
 * The worker's Prometheus endpoint. Off unless a port is configured.
 *
 * @param port the TCP port of {@code http://host:port/metrics}; empty: no endpoint
 * @param host the address to listen on; {@value #ALL_INTERFACES} means every interface
 */
public record MetricsSettings(OptionalInt port, String host) {

  /** The default host: Prometheus usually scrapes from another machine. */
  public static final String ALL_INTERFACES = "0.0.0.0";

  /** No endpoint. */
  public static MetricsSettings off() {
    return new MetricsSettings(OptionalInt.empty(), ALL_INTERFACES);
  }

  /** Whether the worker serves metrics. */
  public boolean enabled() {
    return port.isPresent();
  }
}
