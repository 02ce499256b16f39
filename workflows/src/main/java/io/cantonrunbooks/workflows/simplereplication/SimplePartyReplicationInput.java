package io.cantonrunbooks.workflows.simplereplication;

import io.cantonrunbooks.workflows.runbook.RunbookGate;
import io.cantonrunbooks.activities.Permission;
import io.cantonrunbooks.workflows.runbook.ApprovalPolicy;
import io.cantonrunbooks.workflows.runbook.PartyIds;
import io.cantonrunbooks.workflows.runbook.RunbookInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The input of a simple party replication, the single JSON argument of the workflow.
 *
 * @param partyId the party to host on more participants; it must not be a stakeholder of any contract yet
 * @param synchronizerAlias the synchronizer, by the alias every node uses for it
 * @param sourceNode a node that hosts the party now, by its name in the worker inventory; it builds
 *     the new mapping and, for a local party, signs as the party's owner
 * @param targetNodes the nodes that will host the party too (one or more)
 * @param permission the targets' permission for the party (an external party: CONFIRMATION or OBSERVATION)
 * @param threshold the confirmation threshold after the change (variant 3.a), or null to keep it
 * @param packageIds packages the party will use, vetted on every target first (default none)
 * @param approvals which gates need approval and who may approve (default: before-hosting-change)
 * @param signatureTimeout how long to wait for the owners' signatures of a party whose key is held
 *     outside the nodes (default 24 h)
 */
public record SimplePartyReplicationInput(
    String partyId,
    String synchronizerAlias,
    String sourceNode,
    List<String> targetNodes,
    Permission permission,
    Integer threshold,
    List<String> packageIds,
    ApprovalPolicy approvals,
    Duration signatureTimeout) implements RunbookInput {

  public static final String RUNBOOK = "simple-party-replication";
  public static final String WORKFLOW_TYPE = "SimplePartyReplication";

  /** One replication per party at a time: a second start fails while one runs. */
  public String workflowId() {
    return RUNBOOK + "/" + partyId;
  }

  public List<String> targetsOrEmpty() {
    return targetNodes == null ? List.of() : targetNodes;
  }

  public List<String> packagesOrEmpty() {
    return packageIds == null ? List.of() : packageIds;
  }

  public Duration signatureTimeoutOrDefault() {
    return signatureTimeout == null ? Duration.ofHours(24) : signatureTimeout;
  }

  @Override
  public List<String> problems() {
    var problems = new ArrayList<String>();
    PartyIds.problem("partyId", partyId).ifPresent(problems::add);
    if (synchronizerAlias == null || synchronizerAlias.isBlank()) {
      problems.add("synchronizerAlias: expected the synchronizer's alias, e.g. \"global\"");
    }
    if (sourceNode == null || sourceNode.isBlank()) {
      problems.add("sourceNode: expected the name of a node that hosts the party");
    }
    if (targetsOrEmpty().isEmpty() || targetsOrEmpty().stream().anyMatch(t -> t == null || t.isBlank())) {
      problems.add("targetNodes: expected one or more node names, e.g. [\"participant2\"]");
    } else if (new HashSet<>(targetsOrEmpty()).size() != targetsOrEmpty().size()) {
      problems.add("targetNodes: expected distinct node names, got " + targetsOrEmpty());
    }
    if (sourceNode != null && targetsOrEmpty().contains(sourceNode)) {
      problems.add("targetNodes: expected nodes other than the source '" + sourceNode + "'");
    }
    if (permission == null) {
      problems.add("permission: expected one of SUBMISSION, CONFIRMATION, OBSERVATION");
    }
    if (threshold != null && threshold < 1) {
      problems.add("threshold: expected at least 1, got " + threshold);
    }
    if (threshold != null && permission == Permission.OBSERVATION) {
      problems.add("threshold: changing the confirmation threshold needs targets that confirm; expected permission"
          + " CONFIRMATION or SUBMISSION, got OBSERVATION");
    }
    if (signatureTimeout != null && (signatureTimeout.isNegative() || signatureTimeout.isZero())) {
      problems.add("signatureTimeout: expected a positive duration, got " + signatureTimeout);
    }
    if (packageIds != null && packageIds.stream().anyMatch(p -> p == null || p.isBlank())) {
      problems.add("packageIds: expected package ids, got a blank entry");
    }
    problems.addAll((approvals == null ? new ApprovalPolicy(null, null, null, null, null, null, null) : approvals)
        .problems("approvals", RunbookGate.ids(SimplePartyReplicationGate.values())));
    return problems;
  }
}
