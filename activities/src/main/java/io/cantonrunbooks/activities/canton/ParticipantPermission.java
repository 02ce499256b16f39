package io.cantonrunbooks.activities.canton;

/** What a hosting participant may do for a party, weakest last. */
public enum ParticipantPermission {
  /** Submits and confirms (submission needs threshold 1). */
  SUBMISSION(1),
  /** Confirms, never submits. */
  CONFIRMATION(2),
  /** Only observes: never confirms, never counts towards the threshold. */
  OBSERVATION(3);

  // Canton's enum number; the same in the topology and the party management protos.
  private final int number;

  ParticipantPermission(int number) {
    this.number = number;
  }

  int number() {
    return number;
  }

  static ParticipantPermission ofNumber(int number) {
    for (var p : values()) {
      if (p.number == number) {
        return p;
      }
    }
    throw new IllegalStateException("unknown participant permission " + number);
  }
}
