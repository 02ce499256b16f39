package io.cantonrunbooks.activities;

/**
 * One host of a party in a PartyToParticipant mapping.
 *
 * @param participantUid the participant's unique id ({@code participant2::1220…}, no {@code PAR::})
 * @param onboarding whether the onboarding flag is set: the host is still catching up on the
 *     party's contracts and neither confirms nor submits for it
 */
public record HostingParticipant(String participantUid, Permission permission, boolean onboarding) {}
