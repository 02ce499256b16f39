package io.cantonrunbooks.activities.impl;

import io.cantonrunbooks.activities.PartyHosting;
import io.cantonrunbooks.activities.Permission;
import io.cantonrunbooks.activities.RunbookError;
import io.cantonrunbooks.activities.TopologyActivities;
import io.cantonrunbooks.activities.TopologyChange;
import io.cantonrunbooks.activities.canton.AuthorizeOptions;
import io.cantonrunbooks.activities.canton.HostingParticipant;
import io.cantonrunbooks.activities.canton.ParticipantPermission;
import io.cantonrunbooks.activities.canton.PartyToParticipantMapping;
import io.cantonrunbooks.activities.canton.PartyToParticipantProposal;
import io.cantonrunbooks.activities.canton.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link TopologyActivities} over the topology manager services. Every change reads first and
 * signs only what is not in place yet, so a retry after a crash never proposes twice.
 */
public final class TopologyActivitiesImpl implements TopologyActivities {

  private final NodeClients nodes;
  private final Duration waitLimit;
  private final Duration pollEvery;

  public TopologyActivitiesImpl(NodeClients nodes) {
    this(nodes, Duration.ofMinutes(2), Duration.ofMillis(200));
  }

  public TopologyActivitiesImpl(NodeClients nodes, Duration waitLimit, Duration pollEvery) {
    this.nodes = nodes;
    this.waitLimit = waitLimit;
    this.pollEvery = pollEvery;
  }

  @Override
  public TopologyChange proposeHosting(
      String node, String partyId, String synchronizerAlias, Permission permission, boolean onboarding) {
    return Failures.guard(() -> {
      Topology topology = nodes.client(node).topology();
      String sync = nodes.synchronizerId(node, synchronizerAlias);
      String uid = nodes.participantUid(node);
      PartyToParticipantMapping current = topology.partyToParticipant(sync, partyId).orElseThrow(() ->
          Failures.fail(RunbookError.PREFLIGHT_FAILED, "party " + partyId + " has no mapping on " + synchronizerAlias
              + " as " + node + " sees it"));
      Optional<HostingParticipant> already = current.host(uid);
      if (already.isPresent() && already.get().onboarding() == onboarding) {
        return change(current, false);
      }
      Optional<PartyToParticipantMapping> mine = signedProposal(topology, sync, partyId, uid, onboarding);
      if (mine.isEmpty()) {
        List<HostingParticipant> hosts = new ArrayList<>(current.participants());
        hosts.removeIf(h -> h.participantUid().equals(uid));
        hosts.add(new HostingParticipant(uid, permission(permission), onboarding));
        topology.authorizePartyToParticipant(
            sync, PartyToParticipantProposal.nextOf(current, current.threshold(), hosts), AuthorizeOptions.proposeOnly());
        // The proposal sits in the node's outbox until sequenced; a disconnect now would lose it.
        mine = Optional.of(waitFor("the proposal of " + node + " to be sequenced",
            () -> signedProposal(topology, sync, partyId, uid, onboarding)));
      }
      return change(mine.get(), false);
    });
  }

  @Override
  public TopologyChange authorizeHostingAsOwner(
      String ownerNode, String partyId, String synchronizerAlias, String participantUid, Permission permission,
      boolean onboarding) {
    return Failures.guard(() -> {
      Topology topology = nodes.client(ownerNode).topology();
      String sync = nodes.synchronizerId(ownerNode, synchronizerAlias);
      Optional<PartyToParticipantMapping> effective = hostedAs(topology, sync, partyId, participantUid, onboarding);
      if (effective.isPresent()) {
        return change(effective.get(), true);
      }
      PartyToParticipantMapping current = topology.partyToParticipant(sync, partyId).orElseThrow(() ->
          Failures.fail(RunbookError.PREFLIGHT_FAILED, "party " + partyId + " has no mapping on " + ownerNode));
      Optional<PartyToParticipantMapping> pending = topology.pendingPartyToParticipant(sync, partyId).stream()
          .filter(p -> p.serial() == current.serial() + 1)
          .filter(p -> p.host(participantUid).map(h -> h.onboarding() == onboarding
              && h.permission() == permission(permission)).orElse(false))
          .findFirst();
      if (pending.isPresent()) {
        // Signing the same transaction (by hash) combines the owner's and the participant's signatures.
        topology.authorizeByHash(sync, pending.get().transactionHash(), AuthorizeOptions.proposeOnly());
      } else {
        List<HostingParticipant> hosts = new ArrayList<>(current.participants());
        hosts.removeIf(h -> h.participantUid().equals(participantUid));
        hosts.add(new HostingParticipant(participantUid, permission(permission), onboarding));
        topology.authorizePartyToParticipant(
            sync, PartyToParticipantProposal.nextOf(current, current.threshold(), hosts), AuthorizeOptions.proposeOnly());
      }
      return change(waitFor("the hosting of " + partyId + " on " + participantUid + " to become effective",
          () -> hostedAs(topology, sync, partyId, participantUid, onboarding)), true);
    });
  }

  @Override
  public PartyHosting hosting(String node, String partyId, String synchronizerAlias) {
    return Failures.guard(() -> {
      Topology topology = nodes.client(node).topology();
      String sync = nodes.synchronizerId(node, synchronizerAlias);
      return new PartyHosting(
          partyId,
          topology.partyToParticipant(sync, partyId).map(TopologyActivitiesImpl::mapping).orElse(null),
          topology.pendingPartyToParticipant(sync, partyId).stream().map(TopologyActivitiesImpl::mapping).toList());
    });
  }

  @Override
  public io.cantonrunbooks.activities.PreparedHosting prepareHosting(
      String node, String partyId, String synchronizerAlias, List<io.cantonrunbooks.activities.HostingParticipant> added,
      Integer threshold) {
    return Failures.guard(() -> {
      Topology topology = nodes.client(node).topology();
      String sync = nodes.synchronizerId(node, synchronizerAlias);
      PartyToParticipantMapping current = topology.partyToParticipant(sync, partyId).orElseThrow(() ->
          Failures.fail(RunbookError.PREFLIGHT_FAILED, "party " + partyId + " has no mapping on " + synchronizerAlias
              + " as " + node + " sees it"));
      List<HostingParticipant> hosts = new ArrayList<>(current.participants());
      for (var host : added) {
        hosts.removeIf(h -> h.participantUid().equals(host.participantUid()));
        hosts.add(new HostingParticipant(host.participantUid(), permission(host.permission()), host.onboarding()));
      }
      var proposal = PartyToParticipantProposal.nextOf(current, threshold == null ? current.threshold() : threshold, hosts);
      var generated = topology.generatePartyToParticipant(sync, proposal);
      return new io.cantonrunbooks.activities.PreparedHosting(
          partyId,
          (int) proposal.serial(),
          proposal.threshold(),
          hosts.stream().map(h -> new io.cantonrunbooks.activities.HostingParticipant(
              h.participantUid(), permission(h.permission()), h.onboarding())).toList(),
          java.util.Base64.getEncoder().encodeToString(generated.serialized()),
          java.util.HexFormat.of().formatHex(generated.hash()));
    });
  }

  @Override
  public void submitOwnerSignatures(
      String node, String synchronizerAlias, io.cantonrunbooks.activities.PreparedHosting prepared,
      List<io.cantonrunbooks.activities.OwnerSignature> signatures) {
    Failures.run(() -> {
      var bySigner = new java.util.LinkedHashMap<String, byte[]>();
      for (var signature : signatures) {
        bySigner.put(signature.signedBy(), java.util.Base64.getDecoder().decode(signature.signature()));
      }
      nodes.client(node).topology().addSignedTransaction(
          nodes.synchronizerId(node, synchronizerAlias), java.util.Base64.getDecoder().decode(prepared.serialized()), bySigner);
    });
  }

  @Override
  public TopologyChange signPrepared(
      String node, String synchronizerAlias, io.cantonrunbooks.activities.PreparedHosting prepared) {
    return Failures.guard(() -> {
      Topology topology = nodes.client(node).topology();
      String sync = nodes.synchronizerId(node, synchronizerAlias);
      String uid = nodes.participantUid(node);
      String fingerprint = uid.substring(uid.indexOf("::") + 2);
      Optional<PartyToParticipantMapping> effective = topology.partyToParticipant(sync, prepared.partyId())
          .filter(m -> m.transactionHash().equals(prepared.hash()));
      if (effective.isPresent()) {
        return change(effective.get(), true);
      }
      Supplier<Optional<PartyToParticipantMapping>> signedByNode = () -> topology.pendingPartyToParticipant(sync, prepared.partyId())
          .stream()
          .filter(p -> p.transactionHash().equals(prepared.hash()) && p.signedBy().contains(fingerprint))
          .findFirst()
          .or(() -> topology.partyToParticipant(sync, prepared.partyId()).filter(m -> m.transactionHash().equals(prepared.hash())));
      if (signedByNode.get().isEmpty()) {
        PartyToParticipantMapping current = topology.partyToParticipant(sync, prepared.partyId()).orElseThrow(() ->
            Failures.fail(RunbookError.PREFLIGHT_FAILED, "party " + prepared.partyId() + " has no mapping on " + node));
        topology.authorizePartyToParticipant(sync, new PartyToParticipantProposal(
                prepared.partyId(),
                prepared.threshold(),
                prepared.participants().stream()
                    .map(h -> new HostingParticipant(h.participantUid(), permission(h.permission()), h.onboarding()))
                    .toList(),
                prepared.serial(),
                current.partySigningKeys()),
            AuthorizeOptions.proposeOnly());
      }
      PartyToParticipantMapping signed = waitFor("the signature of " + node + " to be sequenced", signedByNode);
      return change(signed, !signed.proposal());
    });
  }

  @Override
  public TopologyChange awaitEffective(
      String node, String synchronizerAlias, io.cantonrunbooks.activities.PreparedHosting prepared) {
    return Failures.guard(() -> {
      Topology topology = nodes.client(node).topology();
      String sync = nodes.synchronizerId(node, synchronizerAlias);
      return change(waitFor("the new mapping of " + prepared.partyId() + " to become effective on " + node,
          () -> topology.partyToParticipant(sync, prepared.partyId()).filter(m -> m.transactionHash().equals(prepared.hash()))), true);
    });
  }

  private static Optional<PartyToParticipantMapping> hostedAs(
      Topology topology, String sync, String partyId, String participantUid, boolean onboarding) {
    return topology.partyToParticipant(sync, partyId)
        .filter(m -> m.host(participantUid).map(h -> h.onboarding() == onboarding).orElse(false));
  }

  /** A pending proposal that lists {@code uid} with the flag and that {@code uid} has signed. */
  private static Optional<PartyToParticipantMapping> signedProposal(
      Topology topology, String sync, String partyId, String uid, boolean onboarding) {
    String fingerprint = uid.substring(uid.indexOf("::") + 2);
    return topology.pendingPartyToParticipant(sync, partyId).stream()
        .filter(p -> p.host(uid).map(h -> h.onboarding() == onboarding).orElse(false))
        .filter(p -> p.signedBy().contains(fingerprint))
        .findFirst();
  }

  private <T> T waitFor(String what, Supplier<Optional<T>> check) {
    long deadline = System.nanoTime() + waitLimit.toNanos();
    while (true) {
      Optional<T> found = check.get();
      if (found.isPresent()) {
        return found.get();
      }
      if (System.nanoTime() > deadline) {
        throw Failures.retryable(RunbookError.PROPOSAL_NOT_SEQUENCED, "gave up waiting for " + what + " after " + waitLimit);
      }
      Heartbeats.progress(what);
      try {
        Thread.sleep(pollEvery.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Failures.retryable(RunbookError.PROPOSAL_NOT_SEQUENCED, "interrupted while waiting for " + what);
      }
    }
  }

  private static TopologyChange change(PartyToParticipantMapping m, boolean effective) {
    return new TopologyChange(m.party(), (int) m.serial(), m.transactionHash(), effective, m.validFrom().orElse(null));
  }

  static PartyHosting.Mapping mapping(PartyToParticipantMapping m) {
    return new PartyHosting.Mapping(
        (int) m.serial(),
        m.threshold(),
        m.participants().stream()
            .map(h -> new io.cantonrunbooks.activities.HostingParticipant(h.participantUid(), permission(h.permission()), h.onboarding()))
            .toList(),
        m.validFrom().orElse(null),
        m.transactionHash());
  }

  static ParticipantPermission permission(Permission permission) {
    return ParticipantPermission.valueOf(permission.name());
  }

  static Permission permission(ParticipantPermission permission) {
    return Permission.valueOf(permission.name());
  }
}
