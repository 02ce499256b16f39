package io.cantonrunbooks.testbed.engine;

/**
 * One record of an ACS snapshot as the import reads it.
 *
 * @param contract the contract decoded from the created-event blob
 * @param synchronizerId the synchronizer the record says the contract is assigned to
 * @param reassignmentCounter 0 unless the contract was reassigned
 * @param representativePackageId the exported representative package id (empty = template package)
 */
public record ImportRecord(
    Contract contract,
    String synchronizerId,
    long reassignmentCounter,
    String representativePackageId) {}
