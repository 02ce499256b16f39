package io.cantonrunbooks.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.cantonapi.admin.participant.v30.LookupReceivedAcsCommitmentsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ReceivedAcsCommitment;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ReceivedCommitmentState;
import io.cantonrunbooks.cantonapi.testbed.v1.BackupParticipantRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.ListAlarmsRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.StartTrafficRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.StopTrafficRequest;
import io.cantonrunbooks.testbed.support.Node;
import io.cantonrunbooks.testbed.support.Procedure;
import io.cantonrunbooks.testbed.support.Steps;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scenario operators fear, run in the documented order against the testbed over gRPC. */
class OfflinePartyReplicationTest {
  private final TestbedNetwork net = TestbedNetwork.builder().participants(3).build();
  private final Node p1 = new Node(net, "participant1");
  private final Node p2 = new Node(net, "participant2");
  private final Node p3 = new Node(net, "participant3");
  private final Steps steps = new Steps(net);
  private final Procedure run = new Procedure(net, p1, p2);

  @TempDir Path tmp;

  @AfterEach
  void close() throws Exception {
    p1.close();
    p2.close();
    p3.close();
    net.close();
  }

  @Test
  void the_documented_order_replicates_contracts_created_during_the_export_exactly_once_without_alarms()
      throws Exception {
    String alice = steps.step("source allocates the party", () -> run.allocateParty("alice"));
    String bob = steps.step("counterparty on participant3", () -> {
      run.party = null;
      return net.participant("participant3").allocateParty("bob");
    });
    run.party = alice;
    List<String> abc = steps.step("party gets contracts A, B and C", () -> run.createContracts(p1, "ABC", 3));
    steps.step("traffic runs for the party", () -> p1.control.startTraffic(
        StartTrafficRequest.newBuilder().setParty(alice).setPerSecond(25).setCounterparty(bob).build()));
    steps.step("target proposes with the onboarding flag", () -> run.targetProposes(true));
    steps.step("target is isolated with manual connect", run::isolateTarget);
    steps.step("party authorizes the onboarding mapping", () -> run.partyAuthorizes(true));

    CompletableFuture<byte[]> export = CompletableFuture.supplyAsync(run::export);
    String d = steps.step("contract D is created while the export runs", () -> run.createContracts(p1, "D", 1).get(0));
    byte[] snapshot = steps.step("source exports the ACS at the activation", () -> export.get());

    steps.step("target is backed up", () -> p2.control.backupParticipant(
        BackupParticipantRequest.newBuilder().setPath(tmp.resolve("p2.bak").toString()).build()));
    steps.step("target imports the ACS", () -> run.importSnapshot(snapshot, alice));
    steps.step("target reconnects", run::reconnectTarget);
    steps.step("onboarding flag is cleared once safe", run::awaitOnboarded);
    steps.step("mapping no longer carries the flag", () ->
        assertThat(run.list(p2, false).get(0).getV30().getParticipantsList())
            .allSatisfy(h -> assertThat(h.hasOnboarding()).isFalse()));

    Thread.sleep(300); // more traffic on top of the replicated contracts
    steps.step("traffic stops", () -> p1.control.stopTraffic(StopTrafficRequest.newBuilder().setParty(alice).build()));

    steps.step("target holds A, B, C and D exactly once and equals the source", () -> {
      List<String> onTarget = run.activeContractIds(p2);
      assertThat(new HashSet<>(onTarget)).hasSize(onTarget.size());
      List<String> expected = new ArrayList<>(abc);
      expected.add(d);
      assertThat(onTarget).containsAll(expected);
      assertThat(onTarget).isEqualTo(run.activeContractIds(p1));
    });
    steps.step("ACS commitments between source and target match", () -> {
      Thread.sleep(net.engine().timings().reconciliationInterval().toMillis() + 100);
      List<ReceivedAcsCommitment> received =
          p2.inspection.lookupReceivedAcsCommitments(LookupReceivedAcsCommitmentsRequest.getDefaultInstance())
              .getReceived(0).getReceivedList();
      assertThat(received)
          .filteredOn(c -> c.getOriginCounterParticipantUid().equals(p1.uid))
          .extracting(ReceivedAcsCommitment::getState)
          .containsOnly(ReceivedCommitmentState.RECEIVED_COMMITMENT_STATE_MATCH);
    });
    steps.step("no alarm fired", () ->
        assertThat(p1.control.listAlarms(ListAlarmsRequest.getDefaultInstance()).getAlarmsList()).isEmpty());
  }
}
