package io.cantonrunbooks.activities.canton;

/** The logical and physical ids behind a synchronizer alias. */
public record SynchronizerIds(String logicalId, String physicalId) {}
