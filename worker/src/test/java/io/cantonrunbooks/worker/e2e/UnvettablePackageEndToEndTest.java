package io.cantonrunbooks.worker.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cantonrunbooks.activities.Permission;
import io.cantonrunbooks.testbed.TestbedNetwork;
import io.cantonrunbooks.testbed.engine.Contract;
import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.testbed.engine.PruningSchedule;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplication;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationInput;
import io.cantonrunbooks.workflows.runbook.ApprovalPolicy;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "An unvetted package that cannot be vetted", through the whole runbook: the party's contracts use
 * a package whose DAR the target does not have, so the target could not vet it, and once isolated
 * it could not get it either. The preflight refuses, naming the package and what to do, and no node
 * changed: no vetting, no proposal, no isolation, no pause of the source's pruning.
 */
class UnvettablePackageEndToEndTest {

  @TempDir Path dir;

  @Test
  void a_package_the_target_cannot_vet_is_refused_by_name_before_anything_changes() throws Exception {
    try (TestbedFixture f = new TestbedFixture(
        TestbedNetwork.builder().participants(3).demoPackageOn(node -> !node.equals("participant2")), dir)) {
      String alice = f.participant("participant1").allocateParty("alice");
      f.create("participant1", alice, "A");
      f.participant("participant1").setPruningSchedule(
          new PruningSchedule("0 0 4 * * ?", Duration.ofHours(1), Duration.ofDays(7), false));
      String packageId = f.net.engine().demoTemplate().packageId();
      Map<String, String> before = observable(f, alice);

      OfflinePartyReplicationInput input = new OfflinePartyReplicationInput(alice, "global", "participant1", "participant2",
          Permission.SUBMISSION, new ApprovalPolicy(List.of(), null, null, null, "e2e", null, null), Duration.ofMinutes(1), 3,
          Duration.ofMinutes(1), false, null);
      OfflinePartyReplication wf = f.client().newWorkflowStub(OfflinePartyReplication.class,
          WorkflowOptions.newBuilder().setWorkflowId(input.workflowId()).setTaskQueue(f.config.worker().taskQueue()).build());
      WorkflowClient.start(wf::run, input);
      Throwable thrown = catchThrowable(() -> WorkflowStub.fromTyped(wf).getResult(RunbookStatus.class));

      assertThat(thrown).isInstanceOf(WorkflowFailedException.class);
      RunbookStatus report = ((ApplicationFailure) thrown.getCause()).getDetails().get(RunbookStatus.class);
      assertThat(report.failureType()).isEqualTo("PREFLIGHT_FAILED");
      assertThat(report.failureMessage())
          .contains(packageId)
          .contains("not uploaded on the target participant2")
          .contains("upload their DARs there first");
      assertThat(observable(f, alice)).as("every node after the refusal").isEqualTo(before);
      assertThat(f.net.alarms()).isEmpty();
    }
  }

  private static Map<String, String> observable(TestbedFixture f, String party) {
    Map<String, String> state = new TreeMap<>();
    for (String node : f.net.nodeNames()) {
      Participant p = f.participant(node);
      state.put(node + ".connected", String.valueOf(p.isConnected()));
      state.put(node + ".connections", String.valueOf(p.connectionConfigs()));
      state.put(node + ".pruningSchedule", String.valueOf(p.pruningSchedule()));
      state.put(node + ".vettedPackages", String.valueOf(new TreeSet<>(p.vettedPackages())));
      state.put(node + ".dars", String.valueOf(p.dars().size()));
      state.put(node + ".proposals", String.valueOf(p.localPartyToParticipant(true).size()));
      state.put(node + ".acs", String.valueOf(p.activeContracts(party).stream().map(Contract::contractId).sorted().toList()));
    }
    state.put("mapping", String.valueOf(f.net.engine().currentMapping(party)));
    return state;
  }
}
