package io.cantonrunbooks.testbed.engine;

import java.io.Serializable;

/** One participant that hosts a party: its UID, its permission and whether it is still onboarding. */
public record HostingParticipant(String participantUid, Permission permission, boolean onboarding)
    implements Serializable {}
