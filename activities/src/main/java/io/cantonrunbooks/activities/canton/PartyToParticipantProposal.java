package io.cantonrunbooks.activities.canton;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The full party-to-participant mapping a node is asked to propose and sign.
 *
 * <p>A proposal always states the whole mapping (every host, its permission and flag). Two
 * signers' proposals combine only if they are identical, host order included, so build the second
 * one from what the first one listed.
 *
 * @param party the party id
 * @param threshold confirmation threshold, at least 1
 * @param participants every host after the change
 * @param serial the serial to use; 0 lets the node pick (head serial + 1 for a changed mapping)
 * @param partySigningKeys an external party's keys, unchanged from the current mapping
 */
public record PartyToParticipantProposal(
    String party,
    int threshold,
    List<HostingParticipant> participants,
    long serial,
    Optional<PartySigningKeys> partySigningKeys) {

  public PartyToParticipantProposal {
    Objects.requireNonNull(party, "party");
    participants = List.copyOf(participants);
    Objects.requireNonNull(partySigningKeys, "partySigningKeys");
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1, got " + threshold);
    }
    if (participants.isEmpty()) {
      throw new IllegalArgumentException("a mapping needs at least one hosting participant");
    }
    if (serial < 0 || serial > 0xffffffffL) {
      throw new IllegalArgumentException("serial out of range: " + serial);
    }
  }

  /** The proposal that keeps {@code current} but changes its hosts, at the next serial. */
  public static PartyToParticipantProposal nextOf(
      PartyToParticipantMapping current, int threshold, List<HostingParticipant> participants) {
    return new PartyToParticipantProposal(
        current.party(), threshold, participants, current.serial() + 1, current.partySigningKeys());
  }
}
