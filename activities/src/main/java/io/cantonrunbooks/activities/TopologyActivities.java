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

  /**
   * Builds, on {@code node}, the mapping that adds {@code added} to the party's current hosts (and
   * sets {@code threshold}, when not null), without signing it. Every signer then signs exactly
   * this transaction. Keeps an external party's signing keys unchanged.
   */
  @ActivityMethod
  PreparedHosting prepareHosting(
      String node, String partyId, String synchronizerAlias, java.util.List<HostingParticipant> added, Integer threshold);

  /**
   * Submits the owners' signatures over a prepared mapping through {@code node} (AddTransactions).
   * The node verifies every signature and adds none of its own.
   */
  @ActivityMethod
  void submitOwnerSignatures(
      String node, String synchronizerAlias, PreparedHosting prepared, java.util.List<OwnerSignature> signatures);

  /**
   * {@code node} signs the prepared mapping with its own keys: a target as new host, or the source
   * as owner of a local party. Skipped when the node has signed it already or it is effective.
   */
  @ActivityMethod
  TopologyChange signPrepared(String node, String synchronizerAlias, PreparedHosting prepared);

  /** Waits until the prepared mapping is effective as {@code node} sees it, and returns it. */
  @ActivityMethod
  TopologyChange awaitEffective(String node, String synchronizerAlias, PreparedHosting prepared);
}
