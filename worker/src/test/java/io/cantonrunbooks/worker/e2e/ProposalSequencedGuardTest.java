package io.cantonrunbooks.worker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.activities.Permission;
import io.cantonrunbooks.activities.TopologyChange;
import io.cantonrunbooks.activities.impl.NodeClients;
import io.cantonrunbooks.activities.impl.TopologyActivitiesImpl;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A topology proposal waits in the node's outbox until it is sequenced, and a node that disconnects
 * before then loses it. The target's proposal returns only once the proposal is in the
 * synchronizer's store, so isolating the target right after it loses nothing.
 */
class ProposalSequencedGuardTest {

  @TempDir Path dir;

  @Test
  void a_target_isolated_right_after_its_proposal_returns_still_has_the_proposal() throws Exception {
    try (TestbedFixture f = new TestbedFixture(2, dir);
        NodeClients clients = new NodeClients(f.config.nodes(), f.config.acsDirectory())) {
      String alice = f.participant("participant1").allocateParty("alice");

      TopologyChange proposal = new TopologyActivitiesImpl(clients)
          .proposeHosting("participant2", alice, "global", Permission.SUBMISSION, true);
      f.participant("participant2").disconnectAll();

      assertThat(proposal.effective()).isFalse();
      assertThat(f.participant("participant2").localPartyToParticipant(true))
          .as("the target's own store still holds its proposal after the disconnect")
          .anySatisfy(t -> assertThat(java.util.HexFormat.of().formatHex(t.transaction().hash()))
              .isEqualTo(proposal.transactionHash()));
    }
  }
}
