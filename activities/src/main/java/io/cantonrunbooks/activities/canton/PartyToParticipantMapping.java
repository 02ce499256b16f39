package io.cantonrunbooks.activities.canton;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A party-to-participant mapping as stored in a synchronizer's topology store: an effective
 * transaction or a pending proposal.
 *
 * @param party the party id
 * @param threshold how many confirming hosts must approve
 * @param participants the hosts, in the order of the transaction (order is part of its hash)
 * @param serial the transaction's serial
 * @param validFrom when it became (or becomes) effective; empty for a proposal that has none
 * @param transactionHash hex of the transaction hash; co-sign a proposal with it
 * @param signedBy fingerprints of the keys that have signed so far
 * @param proposal whether this is a pending proposal rather than the effective mapping
 * @param partySigningKeys an external party's signing keys, passed back unchanged on re-proposal
 */
public record PartyToParticipantMapping(
    String party,
    int threshold,
    List<HostingParticipant> participants,
    long serial,
    Optional<Instant> validFrom,
    String transactionHash,
    List<String> signedBy,
    boolean proposal,
    Optional<PartySigningKeys> partySigningKeys) {

  public PartyToParticipantMapping {
    Objects.requireNonNull(party, "party");
    participants = List.copyOf(participants);
    Objects.requireNonNull(validFrom, "validFrom");
    Objects.requireNonNull(transactionHash, "transactionHash");
    signedBy = List.copyOf(signedBy);
    Objects.requireNonNull(partySigningKeys, "partySigningKeys");
  }

  /** The host entry of this participant, if it hosts the party. */
  public Optional<HostingParticipant> host(String participantUid) {
    return participants.stream().filter(p -> p.participantUid().equals(participantUid)).findFirst();
  }

  /** Whether this participant hosts the party with the onboarding flag set. */
  public boolean isOnboarding(String participantUid) {
    return host(participantUid).map(HostingParticipant::onboarding).orElse(false);
  }
}
