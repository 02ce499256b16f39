package io.cantonrunbooks.activities;

import java.time.Instant;

/**
 * A PartyToParticipant change one node has signed.
 *
 * @param effective true once the change is fully authorized and effective
 * @param validFrom the effective time, when {@code effective}
 */
public record TopologyChange(String partyId, int serial, String transactionHash, boolean effective, Instant validFrom) {}
