package io.cantonrunbooks.activities.canton;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cantonrunbooks.cantonapi.crypto.v30.Signature;
import io.cantonrunbooks.cantonapi.protocol.v30.Enums;
import io.cantonrunbooks.cantonapi.protocol.v30.PartyToParticipant;
import io.cantonrunbooks.cantonapi.protocol.v30.SignedTopologyTransaction;
import io.cantonrunbooks.cantonapi.protocol.v30.TopologyMapping;
import io.cantonrunbooks.cantonapi.protocol.v30.TopologyTransaction;
import io.cantonrunbooks.cantonapi.topology.admin.v30.AuthorizeRequest;
import io.cantonrunbooks.cantonapi.topology.admin.v30.BaseQuery;
import io.cantonrunbooks.cantonapi.topology.admin.v30.BaseResult;
import io.cantonrunbooks.cantonapi.topology.admin.v30.ForceFlag;
import io.cantonrunbooks.cantonapi.topology.admin.v30.ListPartyToParticipantRequest;
import io.cantonrunbooks.cantonapi.topology.admin.v30.ListVettedPackagesRequest;
import io.cantonrunbooks.cantonapi.topology.admin.v30.StoreId;
import io.cantonrunbooks.cantonapi.topology.admin.v30.Synchronizer;
import io.cantonrunbooks.cantonapi.topology.admin.v30.TopologyManagerReadServiceGrpc;
import io.cantonrunbooks.cantonapi.topology.admin.v30.TopologyManagerWriteServiceGrpc;
import io.cantonrunbooks.cantonapi.version.v1.UntypedVersionedMessage;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Topology commands of a participant, as the console's {@code topology} group
 * ({@code party_to_participant_mappings}, {@code vetted_packages}). All of them work on a
 * synchronizer's store, named by its logical id.
 */
public final class Topology {

  private final NodeCalls calls;

  Topology(NodeCalls calls) {
    this.calls = calls;
  }

  /**
   * Party-to-participant mappings of a party as this node's store currently has them (console:
   * {@code topology.party_to_participant_mappings.list}).
   *
   * @param proposals false for the effective mapping, true for pending proposals; a store row does
   *     not say which it is, so each kind takes its own query
   */
  public List<PartyToParticipantMapping> listPartyToParticipant(
      String synchronizerId, String party, boolean proposals) {
    var request =
        ListPartyToParticipantRequest.newBuilder()
            .setBaseQuery(headQuery(synchronizerId, proposals))
            .setFilterParty(party)
            .build();
    return calls.call(
        "topology.party_to_participant_mappings.list",
        () ->
            calls
                .admin(TopologyManagerReadServiceGrpc::newBlockingStub)
                .listPartyToParticipant(request)
                .getResultsList()
                .stream()
                // The node prefix-matches the filter; keep only this exact party.
                .filter(r -> r.getV30().getParty().equals(party))
                .map(r -> fromProto(r.getContext(), r.getV30(), proposals))
                .toList());
  }

  /** The effective mapping of the party, if it has one (the head of the store). */
  public Optional<PartyToParticipantMapping> partyToParticipant(String synchronizerId, String party) {
    return listPartyToParticipant(synchronizerId, party, false).stream()
        .max((a, b) -> Long.compare(a.serial(), b.serial()));
  }

  /** Pending proposals for the party, newest serial first. */
  public List<PartyToParticipantMapping> pendingPartyToParticipant(String synchronizerId, String party) {
    return listPartyToParticipant(synchronizerId, party, true).stream()
        .sorted((a, b) -> Long.compare(b.serial(), a.serial()))
        .toList();
  }

  /**
   * Signs and submits a full party-to-participant mapping (console:
   * {@code topology.party_to_participant_mappings.propose}). The node must be connected to the
   * synchronizer. The transaction waits in the node's memory until sequenced: a node that
   * disconnects before then loses it, so check that the proposal is visible in the store first.
   *
   * <p>Proposing the mapping that is already effective at its serial only adds a signature.
   *
   * @throws CantonCallException e.g. {@code TOPOLOGY_SERIAL_MISMATCH}, {@code
   *     TOPOLOGY_STORE_NOT_FOUND} when disconnected
   */
  public TopologyChange authorizePartyToParticipant(
      String synchronizerId, PartyToParticipantProposal proposal, AuthorizeOptions options) {
    var request =
        options(synchronizerId, options)
            .setProposal(
                AuthorizeRequest.Proposal.newBuilder()
                    .setChange(Enums.TopologyChangeOp.TOPOLOGY_CHANGE_OP_ADD_REPLACE)
                    .setSerial((int) proposal.serial())
                    .setV30(TopologyMapping.newBuilder().setPartyToParticipant(mapping(proposal))))
            .build();
    return authorize(request, options);
  }

  /**
   * Builds the transaction of a party-to-participant mapping without signing it, for keys held
   * outside the node (console: {@code topology.transactions.generate}). Stores nothing.
   */
  public GeneratedTransaction generatePartyToParticipant(String synchronizerId, PartyToParticipantProposal proposal) {
    var request = io.cantonrunbooks.cantonapi.topology.admin.v30.GenerateTransactionsRequest.newBuilder()
        .addProposals(io.cantonrunbooks.cantonapi.topology.admin.v30.GenerateTransactionsRequest.Proposal.newBuilder()
            .setOperation(Enums.TopologyChangeOp.TOPOLOGY_CHANGE_OP_ADD_REPLACE)
            .setSerial((int) proposal.serial())
            .setV30(TopologyMapping.newBuilder().setPartyToParticipant(mapping(proposal)))
            .setStore(store(synchronizerId)))
        .build();
    var generated = calls.call("topology.transactions.generate", () -> calls
        .admin(TopologyManagerWriteServiceGrpc::newBlockingStub)
        .generateTransactions(request)
        .getGeneratedTransactions(0));
    return new GeneratedTransaction(generated.getSerializedTransaction().toByteArray(), generated.getTransactionHash().toByteArray());
  }

  /**
   * Submits a transaction with signatures made elsewhere (console: {@code topology.transactions.load}).
   * The node adds no signature of its own; it refuses a signature that does not verify.
   *
   * @param signatures key fingerprint → Ed25519 signature over the transaction's hash
   */
  public void addSignedTransaction(String synchronizerId, byte[] serialized, java.util.Map<String, byte[]> signatures) {
    var signed = SignedTopologyTransaction.newBuilder().setTransaction(ByteString.copyFrom(serialized)).setProposal(true);
    signatures.forEach((signedBy, signature) -> signed.addSignatures(Signature.newBuilder()
        .setFormat(io.cantonrunbooks.cantonapi.crypto.v30.SignatureFormat.SIGNATURE_FORMAT_CONCAT)
        .setSignature(ByteString.copyFrom(signature))
        .setSignedBy(signedBy)
        .setSigningAlgorithmSpec(io.cantonrunbooks.cantonapi.crypto.v30.SigningAlgorithmSpec.SIGNING_ALGORITHM_SPEC_ED25519)));
    var request = io.cantonrunbooks.cantonapi.topology.admin.v30.AddTransactionsRequest.newBuilder()
        .addTransactions(signed)
        .setStore(store(synchronizerId))
        .build();
    calls.call("topology.transactions.load", () -> calls
        .admin(TopologyManagerWriteServiceGrpc::newBlockingStub)
        .addTransactions(request));
  }

  /**
   * The keys delegated to sign for a namespace, as the synchronizer store has them (console:
   * {@code topology.namespace_delegations.list}).
   */
  public List<NamespaceKey> namespaceKeys(String synchronizerId, String namespace) {
    var request = io.cantonrunbooks.cantonapi.topology.admin.v30.ListNamespaceDelegationRequest.newBuilder()
        .setBaseQuery(headQuery(synchronizerId, false))
        .setFilterNamespace(namespace)
        .build();
    return calls.call("topology.namespace_delegations.list", () -> calls
        .admin(TopologyManagerReadServiceGrpc::newBlockingStub)
        .listNamespaceDelegation(request)
        .getResultsList()
        .stream()
        .filter(r -> r.getV30().getNamespace().equals(namespace))
        .map(r -> new NamespaceKey(namespace, ed25519(r.getV30().getTargetKey()),
            r.getV30().getIsRootDelegation() || r.getV30().hasCanSignAllMappings()))
        .toList());
  }

  /** The definition of a decentralized namespace, if {@code namespace} is one (console: {@code topology.decentralized_namespaces.list}). */
  public Optional<DecentralizedNamespace> decentralizedNamespace(String synchronizerId, String namespace) {
    var request = io.cantonrunbooks.cantonapi.topology.admin.v30.ListDecentralizedNamespaceDefinitionRequest.newBuilder()
        .setBaseQuery(headQuery(synchronizerId, false))
        .setFilterNamespace(namespace)
        .build();
    return calls.call("topology.decentralized_namespaces.list", () -> calls
        .admin(TopologyManagerReadServiceGrpc::newBlockingStub)
        .listDecentralizedNamespaceDefinition(request)
        .getResultsList()
        .stream()
        .map(r -> r.getItem())
        .filter(d -> d.getDecentralizedNamespace().equals(namespace))
        .map(d -> new DecentralizedNamespace(namespace, d.getThreshold(), d.getOwnersList()))
        .findFirst());
  }

  /** The raw Ed25519 key in a SigningPublicKey (X.509 SubjectPublicKeyInfo or raw), or null for another kind of key. */
  private static byte[] ed25519(io.cantonrunbooks.cantonapi.crypto.v30.SigningPublicKey key) {
    byte[] bytes = key.getPublicKey().toByteArray();
    return switch (key.getFormat()) {
      case CRYPTO_KEY_FORMAT_RAW -> bytes.length == 32 ? bytes : null;
      case CRYPTO_KEY_FORMAT_DER_X509_SUBJECT_PUBLIC_KEY_INFO -> {
        try {
          yield io.cantonrunbooks.activities.keys.Ed25519Keys.rawPublicKey(
              java.security.KeyFactory.getInstance("Ed25519").generatePublic(new java.security.spec.X509EncodedKeySpec(bytes)));
        } catch (java.security.GeneralSecurityException | io.cantonrunbooks.activities.keys.KeyFormatException notEd25519) {
          yield null;
        }
      }
      default -> null;
    };
  }

  private static PartyToParticipant mapping(PartyToParticipantProposal proposal) {
    var mapping =
        PartyToParticipant.newBuilder().setParty(proposal.party()).setThreshold(proposal.threshold());
    for (HostingParticipant host : proposal.participants()) {
      var hp =
          PartyToParticipant.HostingParticipant.newBuilder()
              .setParticipantUid(host.participantUid())
              .setPermissionValue(host.permission().number());
      if (host.onboarding()) {
        hp.setOnboarding(PartyToParticipant.HostingParticipant.Onboarding.getDefaultInstance());
      }
      mapping.addParticipants(hp);
    }
    proposal.partySigningKeys().ifPresent(k -> mapping.setPartySigningKeys(ByteString.copyFrom(k.bytes())));
    return mapping.build();
  }

  /**
   * Adds this node's signature to a pending proposal named by its hash (console:
   * {@code topology.transactions.authorize}), e.g. the target co-signing the party's proposal.
   */
  public TopologyChange authorizeByHash(String synchronizerId, String transactionHashHex, AuthorizeOptions options) {
    return authorize(options(synchronizerId, options).setTransactionHash(transactionHashHex).build(), options);
  }

  /**
   * Vetted packages on the synchronizer (console: {@code topology.vetted_packages.list}).
   *
   * @param participantUid one participant's full UID; empty for all participants
   */
  public List<VettedPackages> listVettedPackages(String synchronizerId, String participantUid) {
    var request =
        ListVettedPackagesRequest.newBuilder()
            .setBaseQuery(headQuery(synchronizerId, false))
            .setFilterParticipant(participantUid)
            .build();
    return calls.call(
        "topology.vetted_packages.list",
        () ->
            calls
                .admin(TopologyManagerReadServiceGrpc::newBlockingStub)
                .listVettedPackages(request)
                .getResultsList()
                .stream()
                .map(r -> vetting(r.getContext(), r.getItem()))
                .toList());
  }

  private TopologyChange authorize(AuthorizeRequest request, AuthorizeOptions options) {
    var reply =
        calls.call(
            "topology.authorize",
            () ->
                calls
                    .admin(
                        TopologyManagerWriteServiceGrpc::newBlockingStub,
                        options.waitToBecomeEffective().orElse(Duration.ZERO))
                    .authorize(request));
    return change(reply.getTransaction());
  }

  private static AuthorizeRequest.Builder options(String synchronizerId, AuthorizeOptions options) {
    var request =
        AuthorizeRequest.newBuilder()
            .setMustFullyAuthorize(options.mustFullyAuthorize())
            .setStore(store(synchronizerId));
    for (String flag : options.forceFlags()) {
      try {
        request.addForceChanges(ForceFlag.valueOf("FORCE_FLAG_" + flag));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown force flag " + flag, e);
      }
    }
    options.waitToBecomeEffective().ifPresent(w -> request.setWaitToBecomeEffective(Protos.duration(w)));
    return request;
  }

  private static TopologyChange change(SignedTopologyTransaction signed) {
    long serial = 0;
    try {
      var envelope = UntypedVersionedMessage.parseFrom(signed.getTransaction());
      serial = Integer.toUnsignedLong(TopologyTransaction.parseFrom(envelope.getData()).getSerial());
    } catch (InvalidProtocolBufferException e) {
      // The serial is informative only; an unreadable envelope must not fail a signed change.
    }
    List<String> signedBy =
        signed.getSignaturesList().stream().map(Signature::getSignedBy).distinct().toList();
    return new TopologyChange(serial, signed.getProposal(), signedBy);
  }

  private static BaseQuery headQuery(String synchronizerId, boolean proposals) {
    return BaseQuery.newBuilder()
        .setStore(store(synchronizerId))
        .setProposals(proposals)
        .setHeadState(Empty.getDefaultInstance())
        .build();
  }

  private static StoreId store(String synchronizerId) {
    return StoreId.newBuilder().setSynchronizer(Synchronizer.newBuilder().setId(synchronizerId)).build();
  }

  private static PartyToParticipantMapping fromProto(BaseResult context, PartyToParticipant p, boolean proposal) {
    return new PartyToParticipantMapping(
        p.getParty(),
        p.getThreshold(),
        p.getParticipantsList().stream()
            .map(
                h ->
                    new HostingParticipant(
                        h.getParticipantUid(),
                        ParticipantPermission.ofNumber(h.getPermissionValue()),
                        h.hasOnboarding()))
            .toList(),
        Integer.toUnsignedLong(context.getSerial()),
        context.hasValidFrom() ? Optional.of(Protos.instant(context.getValidFrom())) : Optional.empty(),
        HexFormat.of().formatHex(context.getTransactionHash().toByteArray()),
        context.getSignedByFingerprintsList(),
        proposal,
        p.hasPartySigningKeys()
            ? Optional.of(PartySigningKeys.of(p.getPartySigningKeys().toByteArray()))
            : Optional.empty());
  }

  private static VettedPackages vetting(
      BaseResult context, io.cantonrunbooks.cantonapi.protocol.v30.VettedPackages v) {
    var packages = new java.util.ArrayList<VettedPackages.VettedPackage>();
    for (var p : v.getPackagesList()) {
      packages.add(
          new VettedPackages.VettedPackage(
              p.getPackageId(),
              p.hasValidFromInclusive() ? Optional.of(Protos.instant(p.getValidFromInclusive())) : Optional.empty(),
              p.hasValidUntilExclusive() ? Optional.of(Protos.instant(p.getValidUntilExclusive())) : Optional.empty()));
    }
    // The deprecated flat list means "vetted, no bounds".
    for (String id : v.getPackageIdsList()) {
      packages.add(new VettedPackages.VettedPackage(id, Optional.empty(), Optional.empty()));
    }
    return new VettedPackages(v.getParticipantUid(), packages, Integer.toUnsignedLong(context.getSerial()));
  }
}
