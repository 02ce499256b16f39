package io.cantonrunbooks.activities.canton;

import java.util.Objects;

/**
 * One participant that hosts a party, as listed in a party-to-participant mapping.
 *
 * @param participantUid the participant's UID, without the {@code PAR::} prefix
 * @param permission what it may do for the party
 * @param onboarding whether the onboarding flag is set: the participant is receiving the party's
 *     traffic but does not confirm until the flag is cleared
 */
public record HostingParticipant(String participantUid, ParticipantPermission permission, boolean onboarding) {

  public HostingParticipant {
    Objects.requireNonNull(participantUid, "participantUid");
    Objects.requireNonNull(permission, "permission");
    if (participantUid.startsWith("PAR::")) {
      throw new IllegalArgumentException("participantUid must not carry the PAR:: prefix: " + participantUid);
    }
  }
}
