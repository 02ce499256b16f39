package io.cantonrunbooks.activities;

/**
 * A party's ACS snapshot on disk, on the machine of the worker that serves {@code taskQueue}.
 * Only this reference travels through workflow history, never the snapshot's bytes.
 *
 * @param path the file's path on that machine
 * @param sha256 hex SHA-256 of the file's bytes (the gzip stream exactly as exported)
 * @param bytes the file's size
 * @param contracts how many contract records the snapshot holds
 * @param beginOffsetExclusive the source ledger end recorded before the party authorized; the
 *     node exported at the party's first activation on the target after it
 */
public record AcsFileRef(
    String taskQueue, String path, String sha256, long bytes, long contracts, long beginOffsetExclusive) {}
