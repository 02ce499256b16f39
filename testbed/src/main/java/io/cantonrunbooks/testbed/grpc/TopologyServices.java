package io.cantonrunbooks.testbed.grpc;

import com.google.protobuf.ByteString;
import io.cantonrunbooks.cantonapi.crypto.v30.Signature;
import io.cantonrunbooks.cantonapi.crypto.v30.SignatureFormat;
import io.cantonrunbooks.cantonapi.crypto.v30.SigningAlgorithmSpec;
import io.cantonrunbooks.cantonapi.protocol.v30.Enums;
import io.cantonrunbooks.cantonapi.protocol.v30.SignedTopologyTransaction;
import io.cantonrunbooks.cantonapi.protocol.v30.VettedPackages;
import io.cantonrunbooks.cantonapi.topology.admin.v30.AuthorizeRequest;
import io.cantonrunbooks.cantonapi.topology.admin.v30.AuthorizeResponse;
import io.cantonrunbooks.cantonapi.topology.admin.v30.BaseQuery;
import io.cantonrunbooks.cantonapi.topology.admin.v30.BaseResult;
import io.cantonrunbooks.cantonapi.topology.admin.v30.ListPartyToParticipantRequest;
import io.cantonrunbooks.cantonapi.topology.admin.v30.ListPartyToParticipantResponse;
import io.cantonrunbooks.cantonapi.topology.admin.v30.ListVettedPackagesRequest;
import io.cantonrunbooks.cantonapi.topology.admin.v30.ListVettedPackagesResponse;
import io.cantonrunbooks.cantonapi.topology.admin.v30.StoreId;
import io.cantonrunbooks.cantonapi.topology.admin.v30.Synchronizer;
import io.cantonrunbooks.cantonapi.topology.admin.v30.TopologyManagerReadServiceGrpc;
import io.cantonrunbooks.cantonapi.topology.admin.v30.TopologyManagerWriteServiceGrpc;
import io.cantonrunbooks.testbed.engine.CantonError;
import io.cantonrunbooks.testbed.engine.Ids;
import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.testbed.engine.SimulatedNetwork;
import io.cantonrunbooks.testbed.engine.StoredTopologyTransaction;
import io.cantonrunbooks.testbed.engine.TopologyTransaction;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** Admin topology services: Authorize, ListPartyToParticipant and ListVettedPackages. */
final class TopologyServices {
  private TopologyServices() {}

  static StoreId synchronizerStore(SimulatedNetwork net) {
    return StoreId.newBuilder().setSynchronizer(Synchronizer.newBuilder().setId(net.synchronizerId())).build();
  }

  /** Whether a store id names the simulated synchronizer's store (unset = all stores, so yes). */
  static boolean isSynchronizerStore(SimulatedNetwork net, StoreId store, boolean unsetMatches) {
    if (store == null || store.getStoreCase() == StoreId.StoreCase.STORE_NOT_SET) {
      return unsetMatches;
    }
    if (store.getStoreCase() != StoreId.StoreCase.SYNCHRONIZER) {
      return false;
    }
    Synchronizer s = store.getSynchronizer();
    return switch (s.getKindCase()) {
      case ID -> s.getId().equals(net.synchronizerId());
      case PHYSICAL_ID -> s.getPhysicalId().equals(net.physicalSynchronizerId());
      default -> false;
    };
  }

  /** Canton's DB filter rule: without {@code ::} the identifier must match exactly. */
  static boolean matchesUidFilter(String uid, String filter) {
    if (filter.isEmpty()) {
      return true;
    }
    int i = filter.indexOf("::");
    if (i < 0) {
      return Ids.identifierOf(uid).equals(filter);
    }
    return Ids.identifierOf(uid).startsWith(filter.substring(0, i))
        && Ids.namespaceOf(uid).startsWith(filter.substring(i + 2));
  }

  /** TopologyManagerWriteService.Authorize for PartyToParticipant on the synchronizer store. */
  static final class Write extends TopologyManagerWriteServiceGrpc.TopologyManagerWriteServiceImplBase {
    private final SimulatedNetwork net;
    private final Participant participant;

    Write(SimulatedNetwork net, Participant participant) {
      this.net = net;
      this.participant = participant;
    }

    @Override
    public void authorize(AuthorizeRequest request, StreamObserver<AuthorizeResponse> responses) {
      Errors.unary(responses, () -> doAuthorize(request));
    }

    private AuthorizeResponse doAuthorize(AuthorizeRequest request) {
      if (!request.hasStore()) {
        throw new CantonError("PROTO_DESERIALIZATION_FAILURE", 8, "Field store is required");
      }
      if (!isSynchronizerStore(net, request.getStore(), false)) {
        throw new CantonError(
            "TOPOLOGY_STORE_NOT_FOUND", 11, "The testbed keeps PartyToParticipant only in the synchronizer store " + net.synchronizerId());
      }
      TopologyTransaction tx;
      switch (request.getTypeCase()) {
        case PROPOSAL -> {
          AuthorizeRequest.Proposal p = request.getProposal();
          TopologyTransaction.Op op =
              switch (p.getChange()) {
                case TOPOLOGY_CHANGE_OP_ADD_REPLACE -> TopologyTransaction.Op.ADD_REPLACE;
                case TOPOLOGY_CHANGE_OP_REMOVE -> TopologyTransaction.Op.REMOVE;
                default -> throw new CantonError("PROTO_DESERIALIZATION_FAILURE", 8, "change must be ADD_REPLACE or REMOVE");
              };
          if (!p.hasV30() || !p.getV30().hasPartyToParticipant()) {
            throw new CantonError("TOPOLOGY_INVALID_MAPPING", 8, "The testbed supports PartyToParticipant mappings only");
          }
          tx =
              participant.authorize(
                  op, p.getSerial(), Protos.fromProto(p.getV30().getPartyToParticipant()), request.getMustFullyAuthorize());
        }
        case TRANSACTION_HASH -> tx = participant.authorizeByHash(request.getTransactionHash());
        default -> throw new CantonError("PROTO_DESERIALIZATION_FAILURE", 8, "proposal or transaction_hash is required");
      }
      boolean full = participant.wouldBeFullyAuthorized(tx);
      if (request.hasWaitToBecomeEffective()) {
        Duration wait = Protos.duration(request.getWaitToBecomeEffective());
        if (!wait.isZero()) {
          TopologyTransaction awaited = tx;
          try {
            net.awaitCondition(() -> participant.isEffective(awaited), wait, "transaction to become effective");
          } catch (IllegalStateException e) {
            throw new CantonError("TOPOLOGY_TRANSACTION_NOT_EFFECTIVE", 3, e.getMessage());
          }
        }
      }
      SignedTopologyTransaction.Builder signed =
          SignedTopologyTransaction.newBuilder()
              .setTransaction(Protos.versionedTransaction(tx))
              .setProposal(!full);
      for (String signer : participant.signersOf(tx)) {
        signed.addSignatures(signature(signer, tx));
      }
      if (!participant.signersOf(tx).contains(participant.namespace())) {
        signed.addSignatures(signature(participant.namespace(), tx));
      }
      return AuthorizeResponse.newBuilder().setTransaction(signed).build();
    }

    @Override
    public void generateTransactions(
        io.cantonrunbooks.cantonapi.topology.admin.v30.GenerateTransactionsRequest request,
        StreamObserver<io.cantonrunbooks.cantonapi.topology.admin.v30.GenerateTransactionsResponse> responses) {
      Errors.unary(responses, () -> {
        var b = io.cantonrunbooks.cantonapi.topology.admin.v30.GenerateTransactionsResponse.newBuilder();
        for (var p : request.getProposalsList()) {
          if (!isSynchronizerStore(net, p.getStore(), false)) {
            throw new CantonError(
                "TOPOLOGY_STORE_NOT_FOUND", 11, "The testbed keeps PartyToParticipant only in the synchronizer store " + net.synchronizerId());
          }
          if (!p.hasV30() || !p.getV30().hasPartyToParticipant()) {
            throw new CantonError("TOPOLOGY_INVALID_MAPPING", 8, "The testbed supports PartyToParticipant mappings only");
          }
          TopologyTransaction tx = participant.prepare(
              op(p.getOperation()), p.getSerial(), Protos.fromProto(p.getV30().getPartyToParticipant()));
          b.addGeneratedTransactions(
              io.cantonrunbooks.cantonapi.topology.admin.v30.GenerateTransactionsResponse.GeneratedTransaction.newBuilder()
                  .setSerializedTransaction(tx.serialized())
                  .setTransactionHash(ByteString.copyFrom(tx.hash())));
        }
        return b.build();
      });
    }

    @Override
    public void addTransactions(
        io.cantonrunbooks.cantonapi.topology.admin.v30.AddTransactionsRequest request,
        StreamObserver<io.cantonrunbooks.cantonapi.topology.admin.v30.AddTransactionsResponse> responses) {
      Errors.unary(responses, () -> {
        if (!isSynchronizerStore(net, request.getStore(), false)) {
          throw new CantonError(
              "TOPOLOGY_STORE_NOT_FOUND", 11, "The testbed keeps PartyToParticipant only in the synchronizer store " + net.synchronizerId());
        }
        java.util.List<TopologyTransaction> added = new java.util.ArrayList<>();
        for (SignedTopologyTransaction signed : request.getTransactionsList()) {
          TopologyTransaction tx = parse(signed.getTransaction());
          java.util.Map<String, byte[]> signatures = new java.util.LinkedHashMap<>();
          for (Signature signature : signed.getSignaturesList()) {
            if (signature.getSigningAlgorithmSpec() != SigningAlgorithmSpec.SIGNING_ALGORITHM_SPEC_ED25519) {
              throw new CantonError("TOPOLOGY_INVALID_TX_SIGNATURE", 8,
                  "The testbed verifies Ed25519 signatures only, not " + signature.getSigningAlgorithmSpec());
            }
            signatures.put(signature.getSignedBy(), signature.getSignature().toByteArray());
          }
          participant.addSigned(tx, signatures);
          added.add(tx);
        }
        if (request.hasWaitToBecomeEffective() && !Protos.duration(request.getWaitToBecomeEffective()).isZero()) {
          try {
            net.awaitCondition(() -> added.stream().allMatch(participant::isEffective),
                Protos.duration(request.getWaitToBecomeEffective()), "transactions to become effective");
          } catch (IllegalStateException e) {
            throw new CantonError("TOPOLOGY_TRANSACTION_NOT_EFFECTIVE", 3, e.getMessage());
          }
        }
        return io.cantonrunbooks.cantonapi.topology.admin.v30.AddTransactionsResponse.getDefaultInstance();
      });
    }

    /** Reads a versioned transaction the way the node would, refusing anything but PartyToParticipant. */
    private static TopologyTransaction parse(ByteString versioned) {
      io.cantonrunbooks.cantonapi.protocol.v30.TopologyTransaction proto;
      try {
        var envelope = io.cantonrunbooks.cantonapi.version.v1.UntypedVersionedMessage.parseFrom(versioned);
        if (envelope.getVersion() != 30) {
          throw new CantonError("PROTO_DESERIALIZATION_FAILURE", 8, "Unsupported topology transaction version " + envelope.getVersion());
        }
        proto = io.cantonrunbooks.cantonapi.protocol.v30.TopologyTransaction.parseFrom(envelope.getData());
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new CantonError("PROTO_DESERIALIZATION_FAILURE", 8, "Cannot read the topology transaction: " + e.getMessage());
      }
      if (!proto.getMapping().hasPartyToParticipant()) {
        throw new CantonError("TOPOLOGY_INVALID_MAPPING", 8, "The testbed supports PartyToParticipant mappings only");
      }
      TopologyTransaction tx = new TopologyTransaction(
          op(proto.getOperation()), proto.getSerial(), Protos.fromProto(proto.getMapping().getPartyToParticipant()));
      // The hash covers the bytes as sent; the testbed re-encodes, so it accepts only its own canonical form.
      if (!tx.serialized().equals(versioned)) {
        throw new CantonError("PROTO_DESERIALIZATION_FAILURE", 8, "The transaction bytes are not in canonical form");
      }
      return tx;
    }

    private static TopologyTransaction.Op op(Enums.TopologyChangeOp op) {
      return switch (op) {
        case TOPOLOGY_CHANGE_OP_ADD_REPLACE -> TopologyTransaction.Op.ADD_REPLACE;
        case TOPOLOGY_CHANGE_OP_REMOVE -> TopologyTransaction.Op.REMOVE;
        default -> throw new CantonError("PROTO_DESERIALIZATION_FAILURE", 8, "operation must be ADD_REPLACE or REMOVE");
      };
    }
  }

  static Signature signature(String fingerprint, TopologyTransaction tx) {
    byte[] sig = (fingerprint + "/" + tx.hashHex()).getBytes(StandardCharsets.UTF_8);
    return Signature.newBuilder()
        .setFormat(SignatureFormat.SIGNATURE_FORMAT_RAW)
        .setSignature(ByteString.copyFrom(sig))
        .setSignedBy(fingerprint)
        .setSigningAlgorithmSpec(SigningAlgorithmSpec.SIGNING_ALGORITHM_SPEC_ED25519)
        .build();
  }

  /** TopologyManagerReadService: reads the participant's local view, which works offline. */
  static final class Read extends TopologyManagerReadServiceGrpc.TopologyManagerReadServiceImplBase {
    private final SimulatedNetwork net;
    private final Participant participant;

    Read(SimulatedNetwork net, Participant participant) {
      this.net = net;
      this.participant = participant;
    }

    @Override
    public void listPartyToParticipant(
        ListPartyToParticipantRequest request, StreamObserver<ListPartyToParticipantResponse> responses) {
      Errors.unary(
          responses,
          () -> {
            BaseQuery q = request.getBaseQuery();
            if (q.getTimeQueryCase() == BaseQuery.TimeQueryCase.TIMEQUERY_NOT_SET) {
              throw new CantonError("PROTO_DESERIALIZATION_FAILURE", 8, "Field time_query is required");
            }
            var b = ListPartyToParticipantResponse.newBuilder();
            if (!isSynchronizerStore(net, q.getStore(), true)) {
              return b.build();
            }
            for (StoredTopologyTransaction row : participant.knownTopology()) {
              if (row.proposal() != q.getProposals() || !selected(q, row)) {
                continue;
              }
              var m = row.transaction().mapping();
              if (!matchesUidFilter(m.party(), request.getFilterParty()) || !m.party().startsWith(request.getFilterParty())) {
                continue;
              }
              if (!request.getFilterParticipant().isEmpty()
                  && m.participants().stream().noneMatch(h -> h.participantUid().contains(request.getFilterParticipant()))) {
                continue;
              }
              b.addResults(
                  ListPartyToParticipantResponse.Result.newBuilder()
                      .setContext(context(row))
                      .setV30(Protos.toProto(m)));
            }
            return b.build();
          });
    }

    private boolean selected(BaseQuery q, StoredTopologyTransaction row) {
      Enums.TopologyChangeOp op = Protos.op(row.transaction().op());
      if (q.getOperation() != Enums.TopologyChangeOp.TOPOLOGY_CHANGE_OP_UNSPECIFIED && q.getOperation() != op) {
        return false;
      }
      return switch (q.getTimeQueryCase()) {
        case HEAD_STATE -> row.closedAt() == null;
        case SNAPSHOT -> {
          Instant t = Protos.instant(q.getSnapshot());
          // Valid at t: valid_from < t and not yet ended (Canton's snapshot semantics).
          yield row.validFrom().isBefore(t) && (row.validUntil() == null || !row.validUntil().isBefore(t));
        }
        case RANGE -> {
          Instant from = q.getRange().hasFrom() ? Protos.instant(q.getRange().getFrom()) : Instant.MIN;
          Instant until = q.getRange().hasUntil() ? Protos.instant(q.getRange().getUntil()) : Instant.MAX;
          yield !row.validFrom().isBefore(from) && !row.validFrom().isAfter(until);
        }
        default -> false;
      };
    }

    private BaseResult context(StoredTopologyTransaction row) {
      var b =
          BaseResult.newBuilder()
              .setStore(synchronizerStore(net))
              .setSequenced(Protos.timestamp(row.sequenced()))
              .setValidFrom(Protos.timestamp(row.validFrom()))
              .setOperation(Protos.op(row.transaction().op()))
              .setTransactionHash(ByteString.copyFrom(row.transaction().hash()))
              .setSerial(row.transaction().serial())
              .addAllSignedByFingerprints(row.signedBy());
      if (row.validUntil() != null) {
        b.setValidUntil(Protos.timestamp(row.validUntil()));
      }
      return b.build();
    }

    @Override
    public void listNamespaceDelegation(
        io.cantonrunbooks.cantonapi.topology.admin.v30.ListNamespaceDelegationRequest request,
        StreamObserver<io.cantonrunbooks.cantonapi.topology.admin.v30.ListNamespaceDelegationResponse> responses) {
      Errors.unary(responses, () -> {
        var b = io.cantonrunbooks.cantonapi.topology.admin.v30.ListNamespaceDelegationResponse.newBuilder();
        BaseQuery q = request.getBaseQuery();
        if (q.getProposals() || !isSynchronizerStore(net, q.getStore(), true)) {
          return b.build();
        }
        net.namespaces().rootKeys().entrySet().stream()
            .filter(e -> e.getKey().startsWith(request.getFilterNamespace()))
            .filter(e -> e.getKey().startsWith(request.getFilterTargetKeyFingerprint()))
            .sorted(java.util.Map.Entry.comparingByKey())
            .forEach(e -> b.addResults(io.cantonrunbooks.cantonapi.topology.admin.v30.ListNamespaceDelegationResponse.Result.newBuilder()
                .setContext(staticContext("root/" + e.getKey()))
                .setV30(io.cantonrunbooks.cantonapi.protocol.v30.NamespaceDelegation.newBuilder()
                    .setNamespace(e.getKey())
                    .setTargetKey(io.cantonrunbooks.cantonapi.crypto.v30.SigningPublicKey.newBuilder()
                        .setFormat(io.cantonrunbooks.cantonapi.crypto.v30.CryptoKeyFormat.CRYPTO_KEY_FORMAT_DER_X509_SUBJECT_PUBLIC_KEY_INFO)
                        .setPublicKey(ByteString.copyFrom(io.cantonrunbooks.testbed.engine.Namespaces.x509(e.getValue())))
                        .addUsage(io.cantonrunbooks.cantonapi.crypto.v30.SigningKeyUsage.SIGNING_KEY_USAGE_NAMESPACE)
                        .setKeySpec(io.cantonrunbooks.cantonapi.crypto.v30.SigningKeySpec.SIGNING_KEY_SPEC_EC_CURVE25519))
                    .setCanSignAllMappings(io.cantonrunbooks.cantonapi.protocol.v30.NamespaceDelegation.CanSignAllMappings.getDefaultInstance()))));
        return b.build();
      });
    }

    @Override
    public void listDecentralizedNamespaceDefinition(
        io.cantonrunbooks.cantonapi.topology.admin.v30.ListDecentralizedNamespaceDefinitionRequest request,
        StreamObserver<io.cantonrunbooks.cantonapi.topology.admin.v30.ListDecentralizedNamespaceDefinitionResponse> responses) {
      Errors.unary(responses, () -> {
        var b = io.cantonrunbooks.cantonapi.topology.admin.v30.ListDecentralizedNamespaceDefinitionResponse.newBuilder();
        BaseQuery q = request.getBaseQuery();
        if (q.getProposals() || !isSynchronizerStore(net, q.getStore(), true)) {
          return b.build();
        }
        net.namespaces().decentralizedNamespaces().stream()
            .filter(d -> d.namespace().startsWith(request.getFilterNamespace()))
            .sorted(java.util.Comparator.comparing(io.cantonrunbooks.testbed.engine.Namespaces.Decentralized::namespace))
            .forEach(d -> b.addResults(io.cantonrunbooks.cantonapi.topology.admin.v30.ListDecentralizedNamespaceDefinitionResponse.Result.newBuilder()
                .setContext(staticContext("decentralized/" + d.namespace()))
                .setItem(io.cantonrunbooks.cantonapi.protocol.v30.DecentralizedNamespaceDefinition.newBuilder()
                    .setDecentralizedNamespace(d.namespace())
                    .setThreshold(d.threshold())
                    .addAllOwners(d.owners()))));
        return b.build();
      });
    }

    /** Context of a row the testbed keeps outside its transaction history (namespaces are set up, not sequenced). */
    private BaseResult staticContext(String seed) {
      return BaseResult.newBuilder()
          .setStore(synchronizerStore(net))
          .setOperation(Enums.TopologyChangeOp.TOPOLOGY_CHANGE_OP_ADD_REPLACE)
          .setSerial(1)
          .setTransactionHash(ByteString.copyFrom(Ids.fingerprint(seed).getBytes(StandardCharsets.UTF_8)))
          .build();
    }

    @Override
    public void listVettedPackages(
        ListVettedPackagesRequest request, StreamObserver<ListVettedPackagesResponse> responses) {
      Errors.unary(
          responses,
          () -> {
            var b = ListVettedPackagesResponse.newBuilder();
            BaseQuery q = request.getBaseQuery();
            if (q.getProposals() || !isSynchronizerStore(net, q.getStore(), true)) {
              return b.build();
            }
            for (Participant p : net.participants()) {
              if (!matchesUidFilter(p.uid(), request.getFilterParticipant())) {
                continue;
              }
              // This node's store: the latest VettedPackages transaction of p it has processed.
              var row = participant.vettingOf(p.uid());
              if (row.isEmpty()) {
                continue;
              }
              var vetted = VettedPackages.newBuilder().setParticipantUid(p.uid());
              for (String pkg : row.get().packages().stream().sorted().toList()) {
                vetted.addPackages(VettedPackages.VettedPackage.newBuilder().setPackageId(pkg));
              }
              b.addResults(
                  ListVettedPackagesResponse.Result.newBuilder()
                      .setContext(
                          BaseResult.newBuilder()
                              .setStore(synchronizerStore(net))
                              .setOperation(Enums.TopologyChangeOp.TOPOLOGY_CHANGE_OP_ADD_REPLACE)
                              .setSerial(row.get().serial())
                              .setValidFrom(Protos.timestamp(row.get().effective()))
                              .setTransactionHash(
                                  ByteString.copyFrom(Ids.fingerprint("vetting/" + p.uid() + "/" + row.get().serial()).getBytes(StandardCharsets.UTF_8))))
                      .setItem(vetted));
            }
            return b.build();
          });
    }
  }
}
