package io.cantonrunbooks.workflows.simplereplication;

import static io.cantonrunbooks.workflows.runbook.ActivityPolicies.ADMIN_CALL;
import static io.cantonrunbooks.workflows.runbook.ActivityPolicies.TOPOLOGY_WAIT;
import static io.cantonrunbooks.workflows.simplereplication.SimplePartyReplicationGate.BEFORE_HOSTING_CHANGE;
import static io.cantonrunbooks.workflows.simplereplication.SimplePartyReplicationStep.*;

import io.cantonrunbooks.activities.HostingParticipant;
import io.cantonrunbooks.activities.NodeFacts;
import io.cantonrunbooks.activities.OwnerSignature;
import io.cantonrunbooks.activities.PackagesActivities;
import io.cantonrunbooks.activities.PreflightActivities;
import io.cantonrunbooks.activities.PreparedHosting;
import io.cantonrunbooks.activities.RunbookError;
import io.cantonrunbooks.activities.SimplePreflightReport;
import io.cantonrunbooks.activities.SimpleReplicationPlan;
import io.cantonrunbooks.activities.TopologyActivities;
import io.cantonrunbooks.activities.TopologyChange;
import io.cantonrunbooks.workflows.runbook.AbstractRunbook;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.cantonrunbooks.workflows.runbook.SummarizedActivities;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.util.ArrayList;
import java.util.List;

/** The simple party replication procedure; see {@link SimplePartyReplication}. */
public class SimplePartyReplicationImpl extends AbstractRunbook implements SimplePartyReplication {

  private final SummarizedActivities<PreflightActivities> preflight = activities(PreflightActivities.class, ADMIN_CALL);
  private final SummarizedActivities<PackagesActivities> packages = activities(PackagesActivities.class, ADMIN_CALL);
  private final SummarizedActivities<TopologyActivities> topology = activities(TopologyActivities.class, ADMIN_CALL);
  private final SummarizedActivities<TopologyActivities> topologyWait = activities(TopologyActivities.class, TOPOLOGY_WAIT);

  /** Set once the mapping is prepared for owners who sign outside the nodes. */
  private OwnerSignatures ownerSignatures;
  private boolean awaitingSignatures;

  @WorkflowInit
  public SimplePartyReplicationImpl(SimplePartyReplicationInput input) {
    super(
        SimplePartyReplicationInput.RUNBOOK,
        input,
        input == null ? null : input.approvals(),
        SimplePartyReplicationStep.values(),
        SimplePartyReplicationGate.values(),
        List.of(SimplePartyReplicationGate.values()));
  }

  @Override
  public RunbookStatus run(SimplePartyReplicationInput in) {
    return execute(() -> replicate(in));
  }

  private void replicate(SimplePartyReplicationInput in) {
    requireValid(in);
    String party = in.partyId();
    String sync = in.synchronizerAlias();
    String source = in.sourceNode();
    List<String> targets = in.targetsOrEmpty();

    SimplePreflightReport plan = steps.run(PREFLIGHT, facts -> {
      SimplePreflightReport report = preflight.doing("check " + source + ", " + targets + ", " + party + " and " + sync)
          .simplePartyReplication(new SimpleReplicationPlan(
              party, sync, source, targets, in.permission(), in.threshold(), in.packagesOrEmpty(),
              in.approvals() == null ? null : in.approvals().approverKeysOrEmpty()));
      if (!report.passed()) {
        throw fail(RunbookError.PREFLIGHT_FAILED, String.join("; ", report.problems()));
      }
      facts.fact("owner", report.owner().kind() + (report.owner().signedByNode() ? " (the source signs)"
              : ", " + report.owner().threshold() + " of " + report.owner().owners().size() + " owner(s) sign"))
          .fact("current hosts", report.current().participants().size())
          .fact("current threshold", report.current().threshold())
          .fact("synchronizerId", report.synchronizerId());
      return report;
    });

    // 1. Vet the packages the party will use on every target.
    if (in.packagesOrEmpty().isEmpty()) {
      steps.skip(VET_PACKAGES, "no packages named in the input");
    } else {
      steps.perform(VET_PACKAGES, facts -> {
        for (String target : targets) {
          facts.fact(target, packages.doing("vet " + in.packagesOrEmpty().size() + " package(s) on " + target)
              .ensureVetted(target, sync, in.packagesOrEmpty()));
        }
      });
    }

    // 2. One mapping for everybody to sign: the current hosts plus every target, and the new threshold.
    PreparedHosting prepared = steps.run(PREPARE_MAPPING, facts -> {
      List<HostingParticipant> added = new ArrayList<>();
      for (NodeFacts target : plan.targets()) {
        added.add(new HostingParticipant(target.participantUid(), in.permission(), false));
      }
      PreparedHosting mapping = topology.doing("build the mapping that adds " + targets + " to " + party)
          .prepareHosting(source, party, sync, added, in.threshold());
      facts.fact("serial", mapping.serial()).fact("threshold", mapping.threshold())
          .fact("hosts", mapping.participants().stream().map(h -> h.participantUid() + " " + h.permission()).toList())
          .fact("transactionHash", mapping.hash());
      return mapping;
    });

    // 3. The party's owner signs: the source for a local party, otherwise the owners outside the nodes.
    gates.await(BEFORE_HOSTING_CHANGE);
    steps.perform(PARTY_AUTHORIZES, facts -> {
      if (plan.owner().signedByNode()) {
        TopologyChange signed = topologyWait.doing(source + " signs for " + party + " as its owner").signPrepared(source, sync, prepared);
        facts.fact("signed by", source).fact("serial", signed.serial());
        return;
      }
      ownerSignatures = new OwnerSignatures(plan.owner(), prepared);
      awaitingSignatures = true;
      state.waitingFor("signatures of " + plan.owner().threshold() + " owner(s) of " + party + " over "
          + prepared.hash() + ": `runbook show-tx " + Workflow.getInfo().getWorkflowId() + "`");
      boolean complete = Workflow.await(in.signatureTimeoutOrDefault(), ownerSignatures::complete);
      awaitingSignatures = false;
      state.waitingFor(null);
      if (!complete) {
        throw fail(RunbookError.OWNER_SIGNATURES_TIMED_OUT, ownerSignatures.signatures().size() + " of "
            + plan.owner().threshold() + " owner signature(s) arrived within " + in.signatureTimeoutOrDefault()
            + "; missing: " + ownerSignatures.missing());
      }
      topology.doing("submit the owners' signatures through " + source)
          .submitOwnerSignatures(source, sync, prepared, ownerSignatures.signatures());
      facts.fact("signed by", ownerSignatures.signatures().stream().map(OwnerSignature::signedBy).toList())
          .fact("threshold", plan.owner().threshold());
    });

    // 4. Every target signs the same mapping, each with its own key.
    steps.perform(TARGETS_AUTHORIZE, facts -> {
      List<Promise<TopologyChange>> signatures = new ArrayList<>();
      for (String target : targets) {
        signatures.add(Async.function(topologyWait.doing(target + " signs the new mapping of " + party)::signPrepared,
            target, sync, prepared));
      }
      for (int i = 0; i < targets.size(); i++) {
        facts.fact(targets.get(i), signatures.get(i).get().effective() ? "signed, mapping effective" : "signed");
      }
    });

    // 5. Effective and identical everywhere: the source and every target list every host.
    steps.perform(VERIFY, facts -> {
      List<String> nodes = new ArrayList<>(List.of(source));
      nodes.addAll(targets);
      List<Promise<TopologyChange>> effective = new ArrayList<>();
      for (String node : nodes) {
        effective.add(Async.function(topologyWait.doing("wait for the new mapping of " + party + " on " + node)::awaitEffective,
            node, sync, prepared));
      }
      for (int i = 0; i < nodes.size(); i++) {
        TopologyChange change = effective.get(i).get();
        facts.fact(nodes.get(i), "serial " + change.serial() + " effective at " + change.validFrom());
      }
    });
  }

  @Override
  public SigningRequest submitSignature(OwnerSignature signature) {
    ownerSignatures.add(signature);
    return ownerSignatures.request(awaitingSignatures && !ownerSignatures.complete());
  }

  @Override
  public void validateSubmitSignature(OwnerSignature signature) {
    if (!awaitingSignatures || ownerSignatures == null) {
      throw new IllegalStateException("no owner signature is awaited now" + (ownerSignatures != null && ownerSignatures.complete()
          ? ": the threshold is met already" : ": the runbook waits for them only in step " + PARTY_AUTHORIZES.name()));
    }
    ownerSignatures.problem(signature).ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
  }

  @Override
  public SigningRequest signingRequest() {
    return ownerSignatures == null ? null : ownerSignatures.request(awaitingSignatures);
  }
}
