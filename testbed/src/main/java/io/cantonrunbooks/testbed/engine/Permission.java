package io.cantonrunbooks.testbed.engine;

/** A participant's permission for a party, numbered as in Canton's topology enum. */
public enum Permission {
  SUBMISSION(1),
  CONFIRMATION(2),
  OBSERVATION(3);

  private final int wireValue;

  Permission(int wireValue) {
    this.wireValue = wireValue;
  }

  public int wireValue() {
    return wireValue;
  }

  /** Whether a host with this permission takes part in confirmation (ignoring the onboarding flag). */
  public boolean canConfirm() {
    return this != OBSERVATION;
  }

  /** Whether this permission is strictly stronger than {@code other} (an upgrade needs more signatures). */
  public boolean strongerThan(Permission other) {
    return wireValue < other.wireValue;
  }

  /** The permission for a wire value; unknown values are rejected. */
  public static Permission fromWire(int value) {
    for (Permission p : values()) {
      if (p.wireValue == value) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown participant permission " + value);
  }
}
