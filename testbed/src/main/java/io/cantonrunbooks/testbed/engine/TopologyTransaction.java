package io.cantonrunbooks.testbed.engine;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * An unsigned PartyToParticipant topology transaction: operation, serial and mapping.
 *
 * <p>Its hash covers every detail of the mapping, including the order of participants, each
 * permission and each onboarding flag: proposals merge only when their hashes are equal.
 */
public record TopologyTransaction(Op op, int serial, PartyToParticipant mapping)
    implements Serializable {

  /** Canton's topology change operations, with their wire values. */
  public enum Op {
    ADD_REPLACE(1),
    REMOVE(2);

    private final int wireValue;

    Op(int wireValue) {
      this.wireValue = wireValue;
    }

    public int wireValue() {
      return wireValue;
    }
  }

  /** The transaction hash as multihash bytes (SHA-256 code 0x12, length 0x20, digest). */
  public byte[] hash() {
    StringBuilder canonical = new StringBuilder();
    canonical.append(op).append('|').append(serial).append('|').append(mapping.party());
    canonical.append('|').append(mapping.threshold());
    for (HostingParticipant h : mapping.participants()) {
      canonical.append('|').append(h.participantUid()).append(':').append(h.permission());
      canonical.append(':').append(h.onboarding());
    }
    canonical.append('|').append(HexFormat.of().formatHex(mapping.partySigningKeys().toByteArray()));
    byte[] digest = Ids.sha256(canonical.toString().getBytes(StandardCharsets.UTF_8));
    byte[] multihash = new byte[34];
    multihash[0] = 0x12;
    multihash[1] = 0x20;
    System.arraycopy(digest, 0, multihash, 2, 32);
    return multihash;
  }

  /** The hash as lower-case hex, the form {@code AuthorizeRequest.transaction_hash} uses. */
  public String hashHex() {
    return HexFormat.of().formatHex(hash());
  }
}
