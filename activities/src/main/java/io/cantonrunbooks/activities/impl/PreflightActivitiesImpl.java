package io.cantonrunbooks.activities.impl;

import io.cantonrunbooks.activities.NodeFacts;
import io.cantonrunbooks.activities.OfflineReplicationPlan;
import io.cantonrunbooks.activities.PreflightActivities;
import io.cantonrunbooks.activities.PreflightReport;
import io.cantonrunbooks.activities.PreflightReport.TargetState;
import io.cantonrunbooks.activities.canton.CantonCallException;
import io.cantonrunbooks.activities.canton.CantonVersion;
import io.cantonrunbooks.activities.canton.ConnectedSynchronizer;
import io.cantonrunbooks.activities.canton.Dar;
import io.cantonrunbooks.activities.canton.ParticipantClient;
import io.cantonrunbooks.activities.canton.PartyToParticipantMapping;
import io.cantonrunbooks.activities.canton.RegisteredSynchronizer;
import io.cantonrunbooks.activities.keys.ApproverRegistry;
import io.cantonrunbooks.activities.nodes.NodeInventory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link PreflightActivities}: reads both nodes and lists every problem it finds, without changing
 * anything. A problem is a sentence that names the node (or the input field) and what is wrong.
 * The runbook's approver keys are checked here against the worker's approver registry, since the
 * registry lives in the worker's configuration, which workflow code cannot read.
 */
public final class PreflightActivitiesImpl implements PreflightActivities {

  private final NodeClients nodes;
  private final ApproverRegistry approvers;

  public PreflightActivitiesImpl(NodeClients nodes, ApproverRegistry approvers) {
    this.nodes = nodes;
    this.approvers = approvers;
  }

  /** Without an approver registry: the runbook's input decides who signs. */
  public PreflightActivitiesImpl(NodeClients nodes) {
    this(nodes, ApproverRegistry.none());
  }

  @Override
  public PreflightReport offlinePartyReplication(OfflineReplicationPlan plan) {
    return Failures.guard(() -> check(plan));
  }

  private PreflightReport check(OfflineReplicationPlan plan) {
    List<String> problems = new ArrayList<>();
    problems.addAll(approvers.problems(plan.approverKeys()));
    if (plan.sourceNode().equals(plan.targetNode())) {
      problems.add("source and target are the same node '" + plan.sourceNode() + "'");
    }
    NodeFacts source = facts(plan.sourceNode(), "source", problems);
    NodeFacts target = facts(plan.targetNode(), "target", problems);
    String alias = plan.synchronizerAlias();
    String syncId = null;
    if (source != null && registered(plan.sourceNode(), alias, problems)) {
      syncId = nodes.synchronizerId(plan.sourceNode(), alias);
      if (!source.connectedSynchronizers().contains(alias)) {
        problems.add("source " + plan.sourceNode() + " is not connected to '" + alias + "': the party's authorization needs it");
      }
    }
    if (target != null && registered(plan.targetNode(), alias, problems)) {
      if (syncId != null && !syncId.equals(nodes.synchronizerId(plan.targetNode(), alias))) {
        problems.add("'" + alias + "' is " + syncId + " on the source but " + nodes.synchronizerId(plan.targetNode(), alias)
            + " on the target");
      }
      refuseBuggyTargetVersion(target, problems);
    }
    TargetState targetState = TargetState.NOT_HOSTED;
    List<String> packageIds = List.of();
    long ledgerEnd = 0;
    if (source != null && syncId != null) {
      ParticipantClient src = nodes.client(plan.sourceNode());
      Optional<PartyToParticipantMapping> mapping = src.topology().partyToParticipant(syncId, plan.partyId());
      if (mapping.isEmpty()) {
        problems.add("party " + plan.partyId() + " is unknown on '" + alias + "': the source sees no PartyToParticipant mapping for it");
      } else if (mapping.get().host(source.participantUid()).isEmpty()) {
        problems.add("party " + plan.partyId() + " is not hosted on the source " + plan.sourceNode() + " (hosts: "
            + mapping.get().participants().stream().map(h -> h.participantUid()).toList() + ")");
        if (target != null && mapping.get().host(target.participantUid()).isPresent()) {
          problems.add("target " + plan.targetNode() + " already hosts " + plan.partyId());
        }
      } else if (target != null) {
        targetState = targetState(src, syncId, plan.partyId(), mapping.get(), target.participantUid());
        if (targetState == TargetState.HOSTED) {
          problems.add("target " + plan.targetNode() + " already hosts " + plan.partyId() + " without the onboarding flag:"
              + " there is nothing to replicate");
        }
        boolean targetConnected = target.connectedSynchronizers().contains(alias);
        if (targetState == TargetState.ONBOARDING && targetConnected) {
          // Connected while hosting the party without its contracts: it has processed the party's
          // transactions without them, and an import would now fail on archived contracts.
          problems.add("target " + plan.targetNode() + " hosts " + plan.partyId() + " with the onboarding flag but is"
              + " connected to '" + alias + "': it must have stayed isolated since the party's authorization to resume."
              + " Remove the target's hosting of the party, then replicate again");
        } else if (targetState != TargetState.ONBOARDING && !targetConnected) {
          problems.add("target " + plan.targetNode() + " is not connected to '" + alias + "': its proposal needs it");
        }
      }
      ledgerEnd = src.ledger().ledgerEnd();
      if (mapping.isPresent() && ledgerEnd > 0) {
        packageIds = List.copyOf(ActiveContractScan.of(src, plan.partyId(), syncId, ledgerEnd,
            nodes.acsDirectory().resolve("scratch")).packageIds());
        if (target != null) { // null when unknown or unreachable, already reported
          unknownPackages(plan.targetNode(), alias, target.participantUid(), packageIds, problems);
        }
      }
    }
    return new PreflightReport(problems, source, target, syncId, packageIds, targetState, ledgerEnd);
  }

  @Override
  public io.cantonrunbooks.activities.SimplePreflightReport simplePartyReplication(
      io.cantonrunbooks.activities.SimpleReplicationPlan plan) {
    return Failures.guard(() -> checkSimple(plan));
  }

  private io.cantonrunbooks.activities.SimplePreflightReport checkSimple(io.cantonrunbooks.activities.SimpleReplicationPlan plan) {
    List<String> problems = new ArrayList<>();
    problems.addAll(approvers.problems(plan.approverKeys()));
    String alias = plan.synchronizerAlias();
    if (plan.targetNodes().contains(plan.sourceNode())) {
      problems.add("source " + plan.sourceNode() + " is also listed as a target");
    }
    NodeFacts source = facts(plan.sourceNode(), "source", problems);
    List<NodeFacts> targets = new ArrayList<>();
    String syncId = null;
    if (source != null && registered(plan.sourceNode(), alias, problems)) {
      syncId = nodes.synchronizerId(plan.sourceNode(), alias);
      requireConnected(source, alias, problems);
    }
    for (String node : plan.targetNodes()) {
      NodeFacts target = facts(node, "target", problems);
      if (target == null) {
        continue;
      }
      targets.add(target);
      if (registered(node, alias, problems)) {
        if (syncId != null && !syncId.equals(nodes.synchronizerId(node, alias))) {
          problems.add("'" + alias + "' is " + syncId + " on the source but " + nodes.synchronizerId(node, alias) + " on " + node);
        }
        requireConnected(target, alias, problems);
      }
      var missing = missingPackages(node, plan.packageIds());
      if (!missing.isEmpty()) {
        problems.add("packages " + missing + " are not uploaded on the target " + node + ": upload their DARs there first");
      }
    }
    if (source == null || syncId == null) {
      return new io.cantonrunbooks.activities.SimplePreflightReport(problems, source, targets, syncId, null, null);
    }
    ParticipantClient src = nodes.client(plan.sourceNode());
    Optional<PartyToParticipantMapping> mapping = src.topology().partyToParticipant(syncId, plan.partyId());
    if (mapping.isEmpty()) {
      problems.add("party " + plan.partyId() + " is unknown on '" + alias + "': the source sees no PartyToParticipant mapping for it");
      return new io.cantonrunbooks.activities.SimplePreflightReport(problems, source, targets, syncId, null, null);
    }
    PartyToParticipantMapping current = mapping.get();
    if (current.host(source.participantUid()).isEmpty()) {
      problems.add("party " + plan.partyId() + " is not hosted on the source " + plan.sourceNode());
    }
    for (NodeFacts target : targets) {
      if (current.host(target.participantUid()).isPresent()) {
        problems.add("target " + target.node() + " already hosts " + plan.partyId());
      }
    }
    long ledgerEnd = src.ledger().ledgerEnd();
    if (ledgerEnd > 0) {
      long contracts = ActiveContractScan.of(src, plan.partyId(), syncId, ledgerEnd, nodes.acsDirectory().resolve("scratch")).contracts();
      if (contracts > 0) {
        problems.add("party " + plan.partyId() + " is a stakeholder of " + contracts + " active contract(s) on the source:"
            + " simple replication is only safe for a party that has not been used yet; use offline-party-replication,"
            + " which moves the party's contracts");
      }
    }
    var owner = ownership(src, syncId, plan.partyId(), source.participantUid(), current, problems);
    if (owner != null && owner.kind() == io.cantonrunbooks.activities.PartyOwnership.Kind.EXTERNAL
        && plan.permission() == io.cantonrunbooks.activities.Permission.SUBMISSION) {
      problems.add("permission: " + plan.partyId() + " is an external party, which submits with its own key;"
          + " its new hosts need CONFIRMATION or OBSERVATION, not SUBMISSION");
    }
    if (plan.threshold() != null) {
      long confirming = current.participants().stream()
          .filter(h -> h.permission() != io.cantonrunbooks.activities.canton.ParticipantPermission.OBSERVATION).count()
          + (plan.permission() == io.cantonrunbooks.activities.Permission.OBSERVATION ? 0 : targets.size());
      if (plan.threshold() > confirming) {
        problems.add("threshold: " + plan.threshold() + " is more than the " + confirming
            + " participant(s) that would confirm for " + plan.partyId() + "; expected at most " + confirming);
      }
    }
    return new io.cantonrunbooks.activities.SimplePreflightReport(
        problems, source, targets, syncId, owner, TopologyActivitiesImpl.mapping(current));
  }

  private static void requireConnected(NodeFacts node, String alias, List<String> problems) {
    if (!node.connectedSynchronizers().contains(alias)) {
      problems.add(node.node() + " is not connected to '" + alias + "': it must sign the new mapping there");
    }
  }

  private List<String> missingPackages(String node, List<String> packageIds) {
    if (packageIds.isEmpty()) {
      return List.of();
    }
    Set<String> uploaded = nodes.client(node).packages().listDars(0, "").stream().map(Dar::mainPackageId).collect(Collectors.toSet());
    return packageIds.stream().filter(p -> !uploaded.contains(p)).toList();
  }

  /** Who signs for the party, or null with a problem when the namespace's keys cannot be found. */
  private static io.cantonrunbooks.activities.PartyOwnership ownership(
      ParticipantClient source, String syncId, String party, String sourceUid, PartyToParticipantMapping current,
      List<String> problems) {
    String namespace = party.substring(party.indexOf("::") + 2);
    if (namespace.equals(sourceUid.substring(sourceUid.indexOf("::") + 2))) {
      return new io.cantonrunbooks.activities.PartyOwnership(
          io.cantonrunbooks.activities.PartyOwnership.Kind.LOCAL, namespace, 1, List.of());
    }
    var decentralized = source.topology().decentralizedNamespace(syncId, namespace);
    List<String> ownerNamespaces = decentralized.map(d -> d.owners()).orElse(List.of(namespace));
    List<io.cantonrunbooks.activities.PartyOwnership.Owner> owners = new ArrayList<>();
    for (String owner : ownerNamespaces) {
      var root = source.topology().namespaceKeys(syncId, owner).stream()
          .filter(k -> k.root() && k.ed25519() != null)
          .findFirst();
      if (root.isEmpty()) {
        problems.add("no Ed25519 root key for namespace " + owner + " is visible on the source: the owner's signature"
            + " for " + party + " could not be checked");
        return null;
      }
      owners.add(new io.cantonrunbooks.activities.PartyOwnership.Owner(
          owner, java.util.Base64.getEncoder().encodeToString(root.get().ed25519())));
    }
    if (decentralized.isPresent()) {
      return new io.cantonrunbooks.activities.PartyOwnership(
          io.cantonrunbooks.activities.PartyOwnership.Kind.DECENTRALIZED, namespace, decentralized.get().threshold(), owners);
    }
    var kind = current.partySigningKeys().isPresent()
        ? io.cantonrunbooks.activities.PartyOwnership.Kind.EXTERNAL
        : io.cantonrunbooks.activities.PartyOwnership.Kind.OWN_NAMESPACE;
    return new io.cantonrunbooks.activities.PartyOwnership(kind, namespace, 1, owners);
  }

  /**
   * The node's identity and connections, or null (with a problem) when it cannot be read, over the
   * Admin API or the Ledger API with the node's token, for a reason a retry does not clear; a
   * retryable failure is thrown for Temporal to retry.
   */
  private NodeFacts facts(String node, String role, List<String> problems) {
    try {
      var config = nodes.inventory().get(node);
      ParticipantClient client = nodes.client(node);
      var status = client.health().status();
      // The runbook reads ledger ends late, some after it has changed the nodes: a token the node
      // refuses must stop it here, not there.
      client.ledger().ledgerEnd();
      List<String> connected = client.synchronizers().listConnected().stream().map(ConnectedSynchronizer::alias).toList();
      return new NodeFacts(node, status.uid(), status.version(), config.taskQueue(), connected);
    } catch (NodeInventory.UnknownNodeException e) {
      problems.add(role + ": " + e.getMessage());
    } catch (CantonCallException e) {
      if (e.retryable()) {
        // Overload, contention, a node briefly away: Temporal retries the preflight, as every other
        // call. Turned into a problem, it would end the runbook over what the next attempt clears.
        throw e;
      }
      problems.add(role + " " + node + " is unreachable or unhealthy: " + e.getMessage());
    }
    return null;
  }

  private boolean registered(String node, String alias, List<String> problems) {
    List<String> aliases = nodes.client(node).synchronizers().listRegistered(false).stream()
        .map(RegisteredSynchronizer::alias).toList();
    if (!aliases.contains(alias)) {
      problems.add("synchronizer '" + alias + "' is not registered on " + node + " (registered: " + aliases + ")");
      return false;
    }
    return true;
  }

  /** Canton 3.4.0 to 3.4.8 can prune contracts that an offline import re-added (fixed in 3.4.9). */
  static void refuseBuggyTargetVersion(NodeFacts target, List<String> problems) {
    CantonVersion version = CantonVersion.parse(target.version());
    if (version.major() == 3 && version.minor() == 4 && version.patch() < 9) {
      problems.add("target " + target.node() + " runs Canton " + version + ": releases 3.4.0 to 3.4.8 can prune"
          + " contracts that an offline import re-added; upgrade the target to 3.4.9 or later first");
    } else if (!version.isAtLeast(3, 4, 0)) {
      problems.add("target " + target.node() + " runs Canton " + version + ": offline party replication needs 3.4 or later");
    }
  }

  private static TargetState targetState(
      ParticipantClient source, String syncId, String partyId, PartyToParticipantMapping effective, String targetUid) {
    var host = effective.host(targetUid);
    if (host.isPresent()) {
      return host.get().onboarding() ? TargetState.ONBOARDING : TargetState.HOSTED;
    }
    boolean proposed = source.topology().pendingPartyToParticipant(syncId, partyId).stream()
        .anyMatch(p -> p.host(targetUid).map(h -> h.onboarding()).orElse(false));
    return proposed ? TargetState.PROPOSED : TargetState.NOT_HOSTED;
  }

  private void unknownPackages(String target, String alias, String targetUid, List<String> packageIds, List<String> problems) {
    ParticipantClient client = nodes.client(target);
    String sync = nodes.synchronizerId(target, alias);
    List<String> unvetted = PackagesActivitiesImpl.unvetted(client, sync, targetUid, packageIds);
    Set<String> uploaded = client.packages().listDars(0, "").stream().map(Dar::mainPackageId).collect(Collectors.toSet());
    List<String> unknown = unvetted.stream().filter(p -> !uploaded.contains(p)).toList();
    if (!unknown.isEmpty()) {
      problems.add("packages " + unknown + " used by the party's contracts are not uploaded on the target " + target
          + ": upload their DARs there first (they must be vetted before the target goes offline)");
    }
  }
}
