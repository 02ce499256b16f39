package io.cantonrunbooks.activities.canton;

import java.util.Objects;
import java.util.Optional;

/**
 * How to import a party's ACS on the target participant.
 *
 * @param synchronizerId logical synchronizer; records assigned elsewhere are skipped (3.5+)
 * @param partyId on 3.5+, makes the node check for the onboarding mapping first and clear the flag
 *     by itself later; a 3.4 node cannot take it, so the caller must have checked the flag
 * @param mode how contracts are checked
 * @param workflowIdPrefix prefix of the import's workflow ids; empty for the node's default
 */
public record PartyAcsImport(
    String synchronizerId, Optional<String> partyId, ImportMode mode, Optional<String> workflowIdPrefix) {

  public PartyAcsImport {
    Objects.requireNonNull(synchronizerId, "synchronizerId");
    Objects.requireNonNull(partyId, "partyId");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(workflowIdPrefix, "workflowIdPrefix");
  }

  /** Validation mode, node-chosen workflow ids. */
  public static PartyAcsImport of(String synchronizerId, String partyId) {
    return new PartyAcsImport(synchronizerId, Optional.of(partyId), ImportMode.VALIDATION, Optional.empty());
  }
}
