package io.cantonrunbooks.activities;

import java.util.List;

/**
 * A new PartyToParticipant mapping, built by a node but not signed: what every signer must sign,
 * byte for byte, for the signatures to combine.
 *
 * @param serialized the versioned transaction bytes, base64, to send back with the signatures
 * @param hash the transaction hash as hex (34 multihash bytes); owner signatures cover these bytes
 */
public record PreparedHosting(
    String partyId, int serial, int threshold, List<HostingParticipant> participants, String serialized, String hash) {

  public PreparedHosting {
    participants = List.copyOf(participants);
  }
}
