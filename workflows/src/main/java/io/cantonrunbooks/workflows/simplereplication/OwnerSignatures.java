package io.cantonrunbooks.workflows.simplereplication;

import io.cantonrunbooks.activities.OwnerSignature;
import io.cantonrunbooks.activities.PartyOwnership;
import io.cantonrunbooks.activities.PreparedHosting;
import io.cantonrunbooks.activities.keys.Ed25519Keys;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The owners' signatures collected over a prepared mapping. Each is checked on arrival (Ed25519
 * over the transaction hash, by the owner's root key as the source reported it), so the node never
 * sees a signature that would fail, and the runbook knows when the namespace's threshold is met.
 * Pure computation: safe in an update validator.
 */
final class OwnerSignatures {
  private final PartyOwnership ownership;
  private final PreparedHosting prepared;
  private final Map<String, OwnerSignature> collected = new LinkedHashMap<>();

  OwnerSignatures(PartyOwnership ownership, PreparedHosting prepared) {
    this.ownership = ownership;
    this.prepared = prepared;
  }

  /** Why {@code signature} cannot be accepted, or empty when it verifies and is new. */
  Optional<String> problem(OwnerSignature signature) {
    if (signature == null || signature.signedBy() == null || signature.signature() == null) {
      return Optional.of("expected {\"signedBy\": \"<key fingerprint>\", \"signature\": \"<base64>\"}");
    }
    Optional<PartyOwnership.Owner> owner = ownership.owners().stream()
        .filter(o -> o.namespace().equals(signature.signedBy())).findFirst();
    if (owner.isEmpty()) {
      return Optional.of("signedBy: " + signature.signedBy() + " is not an owner of " + prepared.partyId()
          + "; expected one of " + ownership.owners().stream().map(PartyOwnership.Owner::namespace).toList());
    }
    if (collected.containsKey(signature.signedBy())) {
      return Optional.of("signedBy: " + signature.signedBy() + " has signed already");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(signature.signature());
    } catch (IllegalArgumentException e) {
      return Optional.of("signature: expected base64, got '" + signature.signature() + "'");
    }
    if (!verifies(Base64.getDecoder().decode(owner.get().ed25519PublicKey()), HexFormat.of().parseHex(prepared.hash()), bytes)) {
      return Optional.of("signature: does not verify with the root key of " + signature.signedBy()
          + " over the transaction hash " + prepared.hash() + " (signed another transaction, or with another key?)");
    }
    return Optional.empty();
  }

  void add(OwnerSignature signature) {
    collected.put(signature.signedBy(), signature);
  }

  boolean complete() {
    return collected.size() >= ownership.threshold();
  }

  List<OwnerSignature> signatures() {
    return List.copyOf(collected.values());
  }

  List<String> missing() {
    List<String> missing = new ArrayList<>();
    ownership.owners().stream().map(PartyOwnership.Owner::namespace).filter(n -> !collected.containsKey(n)).forEach(missing::add);
    return missing;
  }

  SigningRequest request(boolean waiting) {
    return new SigningRequest(prepared.partyId(), prepared.serial(), prepared.hash(), prepared.serialized(),
        ownership.threshold(),
        ownership.owners().stream()
            .map(o -> new SigningRequest.OwnerState(o.namespace(), o.ed25519PublicKey(), collected.containsKey(o.namespace())))
            .toList(),
        waiting);
  }

  private static boolean verifies(byte[] rawKey, byte[] data, byte[] signature) {
    try {
      return Ed25519Keys.verify(Ed25519Keys.publicKeyFromRaw(rawKey), data, signature);
    } catch (IllegalArgumentException notAnEd25519Key) {
      return false;
    }
  }
}
