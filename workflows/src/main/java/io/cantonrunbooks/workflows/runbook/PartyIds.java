package io.cantonrunbooks.workflows.runbook;

import java.util.Optional;
import java.util.regex.Pattern;

/** Checks the shape of Canton party ids: {@code <identifier>::<namespace fingerprint>}. */
public final class PartyIds {

  private static final Pattern PARTY_ID = Pattern.compile("[A-Za-z0-9_\\-:.]{1,185}::[0-9a-f]{8,}");

  private PartyIds() {}

  /** A problem naming the field when {@code value} is not a party id. */
  public static Optional<String> problem(String field, String value) {
    if (value == null || value.isBlank()) {
      return Optional.of(field + ": expected a party id like \"alice::1220ab…\", got nothing");
    }
    int sep = value.indexOf("::");
    if (sep <= 0 || !PARTY_ID.matcher(value).matches() || value.indexOf("::", sep + 2) >= 0) {
      return Optional.of(field + ": expected a party id like \"alice::1220ab…\" (identifier, '::', hex namespace"
          + " fingerprint), got \"" + value + "\"");
    }
    return Optional.empty();
  }
}
