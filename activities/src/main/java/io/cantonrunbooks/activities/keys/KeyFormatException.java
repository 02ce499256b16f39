package io.cantonrunbooks.activities.keys;

/**
 * A key that cannot be used: not Ed25519, malformed, or encrypted. The message says what was found
 * and what is expected, and never contains private key material.
 */
public final class KeyFormatException extends IllegalArgumentException {

  public KeyFormatException(String message) {
    super(message);
  }

  public KeyFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
