package io.cantonrunbooks.activities;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A party's PartyToParticipant mapping on one synchronizer, as one node sees it: the effective
 * mapping (if any) and the pending proposals.
 *
 * @param effective the fully authorized mapping, or null when the party is not hosted
 * @param proposals proposals not yet fully authorized, newest last
 */
public record PartyHosting(String partyId, Mapping effective, List<Mapping> proposals) {

  /** One mapping transaction. */
  public record Mapping(
      int serial, int threshold, List<HostingParticipant> participants, Instant validFrom, String transactionHash) {

    public Optional<HostingParticipant> host(String participantUid) {
      return participants.stream().filter(p -> p.participantUid().equals(participantUid)).findFirst();
    }
  }

  public Optional<HostingParticipant> effectiveHost(String participantUid) {
    return effective == null ? Optional.empty() : effective.host(participantUid);
  }

  public boolean isHostedOn(String participantUid) {
    return effectiveHost(participantUid).isPresent();
  }
}
