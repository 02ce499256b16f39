package io.cantonrunbooks.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** PartyToParticipant topology changes, like the console's {@code topology.party_to_participant_mappings}. */
@ActivityInterface(namePrefix = "Topology_")
public interface TopologyActivities {

  /**
   * The participant {@code node} proposes to host the party, added to the party's current mapping
   * with the given permission and onboarding flag, and signs with its own key. Returns only once
   * the proposal is visible in the synchronizer's topology store on that node: a proposal that is
   * still in the node's outbox is lost if the node disconnects. If the node has already signed the
   * same proposal, it is not proposed again.
   */
  @ActivityMethod
  TopologyChange proposeHosting(
      String node, String partyId, String synchronizerAlias, Permission permission, boolean onboarding);

  /**
   * The party's owner, through the participant {@code ownerNode} whose namespace owns the local
   * party, signs the mapping that adds {@code participantUid} with the given permission and flag.
   * Signs the pending proposal of the same content when there is one, so both signatures combine.
   * Returns once the mapping is effective, with its serial and effective time. If the mapping is
   * already effective, returns it without signing again.
   */
  @ActivityMethod
  TopologyChange authorizeHostingAsOwner(
      String ownerNode,
      String partyId,
      String synchronizerAlias,
      String participantUid,
      Permission permission,
      boolean onboarding);

  /** Reads the party's effective mapping and pending proposals as {@code node} sees them. Works offline. */
  @ActivityMethod
  PartyHosting hosting(String node, String partyId, String synchronizerAlias);
}
