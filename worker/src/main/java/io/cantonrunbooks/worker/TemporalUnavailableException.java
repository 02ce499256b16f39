package io.cantonrunbooks.worker;

/**
 * Temporal could not be reached at the configured address, or refused the connection's
 * credentials. The CLI turns it into one sentence that names the address.
 */
public final class TemporalUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String address;

  public TemporalUnavailableException(String address, String reason, Throwable cause) {
    super("cannot reach Temporal at " + address + ": " + reason, cause);
    this.address = address;
  }

  /** The address that was tried. */
  public String address() {
    return address;
  }
}
