package io.cantonrunbooks.worker;

/**
 * Temporal could not be reached at the configured address, or refused the connection's
 * credentials. The CLI turns it into one sentence that names the address.
 */
public final class TemporalUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String address;
  private final String fix;

  public TemporalUnavailableException(String address, String reason, Throwable cause) {
    this(address, reason, null, cause);
  }

  /**
   * @param fix what to change, naming the configuration key (a TLS problem); null when the usual
   *     advice applies (start a server, check the address)
   */
  public TemporalUnavailableException(String address, String reason, String fix, Throwable cause) {
    super("cannot reach Temporal at " + address + ": " + reason, cause);
    this.address = address;
    this.fix = fix;
  }

  /** The address that was tried. */
  public String address() {
    return address;
  }

  /** The specific fix, naming the configuration key to change, when one is known. */
  public java.util.Optional<String> fix() {
    return java.util.Optional.ofNullable(fix);
  }
}
