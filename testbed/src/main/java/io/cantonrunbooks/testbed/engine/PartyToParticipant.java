package io.cantonrunbooks.testbed.engine;

import com.google.protobuf.ByteString;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * A PartyToParticipant mapping: the party, its confirmation threshold and its hosting participants.
 *
 * <p>{@code partySigningKeys} holds Canton's external-party signing keys as opaque bytes (empty when
 * absent) so that a read-modify-write keeps them unchanged.
 */
public record PartyToParticipant(
    String party, int threshold, List<HostingParticipant> participants, ByteString partySigningKeys)
    implements Serializable {

  public PartyToParticipant {
    participants = List.copyOf(participants);
    partySigningKeys = partySigningKeys == null ? ByteString.EMPTY : partySigningKeys;
  }

  /** The entry for {@code participantUid}, if it hosts the party. */
  public Optional<HostingParticipant> host(String participantUid) {
    return participants.stream().filter(h -> h.participantUid().equals(participantUid)).findFirst();
  }

  /** The mapping in Canton's wire form. */
  public io.cantonrunbooks.cantonapi.protocol.v30.PartyToParticipant toProto() {
    var b = io.cantonrunbooks.cantonapi.protocol.v30.PartyToParticipant.newBuilder().setParty(party).setThreshold(threshold);
    for (HostingParticipant h : participants) {
      var hb = io.cantonrunbooks.cantonapi.protocol.v30.PartyToParticipant.HostingParticipant.newBuilder()
          .setParticipantUid(h.participantUid())
          .setPermissionValue(h.permission().wireValue());
      if (h.onboarding()) {
        hb.setOnboarding(io.cantonrunbooks.cantonapi.protocol.v30.PartyToParticipant.HostingParticipant.Onboarding.getDefaultInstance());
      }
      b.addParticipants(hb);
    }
    if (!partySigningKeys.isEmpty()) {
      b.setPartySigningKeys(partySigningKeys);
    }
    return b.build();
  }

  /** Whether this is an external party: its signing keys are part of the mapping. */
  public boolean external() {
    return !partySigningKeys.isEmpty();
  }

  /** The namespace (fingerprint) of the party id, i.e. the part after {@code ::}. */
  public String partyNamespace() {
    return Ids.namespaceOf(party);
  }
}
