package io.cantonrunbooks.activities.canton;

import java.util.Base64;
import java.util.Objects;

/**
 * The signing keys of an external party, carried opaquely (base64 of Canton's serialized
 * message) so that a changed mapping can be proposed with the keys exactly as they were.
 */
public record PartySigningKeys(String base64) {

  public PartySigningKeys {
    Objects.requireNonNull(base64, "base64");
    Base64.getDecoder().decode(base64);
  }

  static PartySigningKeys of(byte[] bytes) {
    return new PartySigningKeys(Base64.getEncoder().encodeToString(bytes));
  }

  byte[] bytes() {
    return Base64.getDecoder().decode(base64);
  }
}
