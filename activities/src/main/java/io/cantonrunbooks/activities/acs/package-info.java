/**
 * ACS snapshot files: streaming an export to disk with its checksum and contract count, and
 * verifying a file before it is uploaded.
 *
 * <p>A snapshot is one gzip member holding varint-delimited {@code UntypedVersionedMessage}
 * records (version 30) whose data is the admin {@code ActiveContract} wrapping a Ledger API
 * {@code ActiveContract}. Everything here works chunk by chunk so that memory stays bounded by one
 * record, whatever the size of the snapshot.
 */
package io.cantonrunbooks.activities.acs;
