package io.cantonrunbooks.activities.canton;

/** A synchronizer by its participant-local alias and its logical id. */
public record SynchronizerRef(String alias, String synchronizerId) {}
