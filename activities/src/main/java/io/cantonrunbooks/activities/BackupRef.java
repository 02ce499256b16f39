package io.cantonrunbooks.activities;

import java.time.Instant;

/**
 * A backup of one node's state, taken through the node's backup provider.
 *
 * @param backupId an id unique to this backup, recorded in the report
 * @param location where the provider keeps it (a file on the node's worker machine)
 * @param sha256 hex SHA-256 of the backup file, checked before a restore
 */
public record BackupRef(String node, String backupId, String location, String sha256, Instant takenAt) {}
