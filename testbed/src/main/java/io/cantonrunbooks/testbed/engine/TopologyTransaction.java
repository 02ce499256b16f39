package io.cantonrunbooks.testbed.engine;

import com.google.protobuf.ByteString;
import io.cantonrunbooks.cantonapi.protocol.v30.TopologyMapping;
import io.cantonrunbooks.cantonapi.version.v1.UntypedVersionedMessage;
import java.io.Serializable;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An unsigned PartyToParticipant topology transaction: operation, serial and mapping.
 *
 * <p>Its hash is Canton's: SHA-256 over hash purpose 11 and the versioned transaction bytes, as a
 * multihash. It covers every detail of the mapping, including the order of participants, each
 * permission and each onboarding flag, so proposals merge only when they are byte for byte the
 * same, and a signature made outside the nodes over these 34 bytes verifies.
 */
public final class TopologyTransaction implements Serializable {
  private static final long serialVersionUID = 1L;

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

  private final Op op;
  private final int serial;
  private final PartyToParticipant mapping;
  private final byte[] serialized;
  private final byte[] hash;

  public TopologyTransaction(Op op, int serial, PartyToParticipant mapping) {
    this.op = Objects.requireNonNull(op);
    this.serial = serial;
    this.mapping = Objects.requireNonNull(mapping);
    this.serialized = versioned(op, serial, mapping).toByteArray();
    this.hash = Namespaces.multihash(Namespaces.digest(Namespaces.PURPOSE_TOPOLOGY_TRANSACTION, serialized));
  }

  public Op op() {
    return op;
  }

  public int serial() {
    return serial;
  }

  public PartyToParticipant mapping() {
    return mapping;
  }

  /** The versioned envelope Canton puts in {@code SignedTopologyTransaction.transaction}. */
  public ByteString serialized() {
    return ByteString.copyFrom(serialized);
  }

  /** The transaction hash as multihash bytes (SHA-256 code 0x12, length 0x20, digest). */
  public byte[] hash() {
    return hash.clone();
  }

  /** The hash as lower-case hex, the form {@code AuthorizeRequest.transaction_hash} uses. */
  public String hashHex() {
    return HexFormat.of().formatHex(hash);
  }

  private static ByteString versioned(Op op, int serial, PartyToParticipant mapping) {
    var inner = io.cantonrunbooks.cantonapi.protocol.v30.TopologyTransaction.newBuilder()
        .setOperationValue(op.wireValue())
        .setSerial(serial)
        .setMapping(TopologyMapping.newBuilder().setPartyToParticipant(mapping.toProto()))
        .build();
    return UntypedVersionedMessage.newBuilder().setData(inner.toByteString()).setVersion(30).build().toByteString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TopologyTransaction t && t.op == op && t.serial == serial && t.mapping.equals(mapping);
  }

  @Override
  public int hashCode() {
    return Objects.hash(op, serial, mapping);
  }

  @Override
  public String toString() {
    return "TopologyTransaction[" + op + " #" + serial + " " + mapping + "]";
  }
}
