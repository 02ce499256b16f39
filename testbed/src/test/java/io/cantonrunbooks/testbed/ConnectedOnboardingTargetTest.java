package io.cantonrunbooks.testbed;

import static io.cantonrunbooks.testbed.support.CantonAssertions.assertCantonError;
import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.cantonapi.admin.participant.v30.DisconnectAllSynchronizersRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ListConnectedSynchronizersRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ReconnectSynchronizerRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ReconnectSynchronizersRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.ArchiveContractsRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.GetNodeInfoRequest;
import io.cantonrunbooks.testbed.engine.Alarm;
import io.cantonrunbooks.testbed.engine.LedgerUpdate;
import io.cantonrunbooks.testbed.engine.Timings;
import io.cantonrunbooks.testbed.support.Node;
import io.cantonrunbooks.testbed.support.WithTwoNodeProcedure;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A target that stays connected while the party's onboarding takes effect processes the party's
 * traffic without its contracts: it records archives of contracts it never had, silently, and those
 * break both a later import and the next reconnect.
 */
class ConnectedOnboardingTargetTest extends WithTwoNodeProcedure {
  // An hour-long commitment period: no reconciliation tick falls between the archive and the
  // disconnect, so the reconnect has to replay the recorded archive.
  private static final Timings TIMINGS =
      Timings.fast().withReconciliationInterval(Duration.ofHours(1));

  ConnectedOnboardingTargetTest() {
    super(TIMINGS);
  }

  private void awaitActivationOnTarget() {
    var target = net.participant("participant2");
    net.engine().awaitCondition(
        () -> target.updates().stream()
            .filter(u -> u instanceof LedgerUpdate.Topology)
            .flatMap(u -> ((LedgerUpdate.Topology) u).events().stream())
            .anyMatch(e -> e.party().equals(run.party) && e.participantUid().equals(target.uid())),
        Duration.ofSeconds(5),
        "the target's activation");
  }

  private List<?> connected(Node node) {
    return node.connectivity.listConnectedSynchronizers(ListConnectedSynchronizersRequest.getDefaultInstance())
        .getConnectedSynchronizersList();
  }

  @Test
  void archives_of_contracts_it_never_had_fail_the_import_and_every_later_reconnect() {
    steps.step("source allocates the party", () -> run.allocateParty("alice"));
    List<String> abc = steps.step("party gets contracts A, B and C", () -> run.createContracts(p1, "ABC", 3));
    byte[] snapshot = steps.step("onboarding takes effect while the target stays connected", () -> {
      run.targetProposes(true);
      run.partyAuthorizes(true);
      awaitActivationOnTarget();
      return run.export();
    });
    steps.step("the party archives contract A: the onboarding target records the archive without a word", () -> {
      p1.control.archiveContracts(ArchiveContractsRequest.newBuilder().setParty(run.party).addContractIds(abc.get(0)).build());
      assertThat(net.alarms()).isEmpty();
      assertThat(p2.control.getNodeInfo(GetNodeInfoRequest.getDefaultInstance()).getHalted()).isFalse();
    });
    steps.step("target disconnects to import", () ->
        p2.connectivity.disconnectAllSynchronizers(DisconnectAllSynchronizersRequest.getDefaultInstance()));

    String importError =
        assertCantonError(() -> run.importSnapshot(snapshot, run.party), "IMPORT_ACS_ERROR", Status.Code.INVALID_ARGUMENT);
    assertThat(importError).contains("Cannot add previously archived contract " + abc.get(0));

    String reconnectError = assertCantonError(
        () -> p2.connectivity.reconnectSynchronizer(ReconnectSynchronizerRequest.newBuilder().setSynchronizerAlias("global").build()),
        "SYNC_SERVICE_STARTUP_ERROR", Status.Code.FAILED_PRECONDITION);
    assertThat(reconnectError).contains("Unable to find reassignment counter for " + abc.get(0));
    assertThat(net.alarms()).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(Alarm.Kind.REPLAY_INCONSISTENCY);
      assertThat(a.participant()).isEqualTo("participant2");
    });
    assertThat(connected(p2)).isEmpty();

    assertCantonError(
        () -> p2.connectivity.reconnectSynchronizers(ReconnectSynchronizersRequest.getDefaultInstance()),
        "SYNC_SERVICE_STARTUP_ERROR", Status.Code.FAILED_PRECONDITION);
    p2.connectivity.reconnectSynchronizers(ReconnectSynchronizersRequest.newBuilder().setIgnoreFailures(true).build());
    assertThat(connected(p2)).as("still stuck, with failures ignored").isEmpty();
    assertThat(net.alarms()).as("one alarm for the one inconsistency").hasSize(1);
  }
}
