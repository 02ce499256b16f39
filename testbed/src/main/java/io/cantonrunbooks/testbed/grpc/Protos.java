package io.cantonrunbooks.testbed.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.cantonrunbooks.cantonapi.protocol.v30.Enums;
import io.cantonrunbooks.testbed.engine.CantonError;
import io.cantonrunbooks.testbed.engine.HostingParticipant;
import io.cantonrunbooks.testbed.engine.PartyToParticipant;
import io.cantonrunbooks.testbed.engine.Permission;
import io.cantonrunbooks.testbed.engine.TopologyTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Conversions between generated proto types and engine values. */
final class Protos {
  private Protos() {}

  static Timestamp timestamp(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  static com.google.protobuf.Duration duration(Duration d) {
    return com.google.protobuf.Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
  }

  static Duration duration(com.google.protobuf.Duration d) {
    return Duration.ofSeconds(d.getSeconds(), d.getNanos());
  }

  static io.cantonrunbooks.cantonapi.protocol.v30.PartyToParticipant toProto(PartyToParticipant m) {
    return m.toProto();
  }

  static PartyToParticipant fromProto(io.cantonrunbooks.cantonapi.protocol.v30.PartyToParticipant p) {
    List<HostingParticipant> hosts = new ArrayList<>();
    for (var h : p.getParticipantsList()) {
      Permission permission;
      try {
        permission = Permission.fromWire(h.getPermissionValue());
      } catch (IllegalArgumentException e) {
        throw new CantonError(
            "TOPOLOGY_INVALID_MAPPING", 8, "Invalid permission for " + h.getParticipantUid() + ": " + h.getPermissionValue());
      }
      hosts.add(new HostingParticipant(h.getParticipantUid(), permission, h.hasOnboarding()));
    }
    ByteString keys = p.hasPartySigningKeys() ? p.getPartySigningKeys() : ByteString.EMPTY;
    return new PartyToParticipant(p.getParty(), p.getThreshold(), hosts, keys);
  }

  static Enums.TopologyChangeOp op(TopologyTransaction.Op op) {
    return op == TopologyTransaction.Op.REMOVE
        ? Enums.TopologyChangeOp.TOPOLOGY_CHANGE_OP_REMOVE
        : Enums.TopologyChangeOp.TOPOLOGY_CHANGE_OP_ADD_REPLACE;
  }

  /** The versioned TopologyTransaction envelope Canton puts in SignedTopologyTransaction.transaction. */
  static ByteString versionedTransaction(TopologyTransaction tx) {
    return tx.serialized();
  }
}
