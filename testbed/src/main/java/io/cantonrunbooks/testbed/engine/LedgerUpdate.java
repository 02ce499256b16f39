package io.cantonrunbooks.testbed.engine;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * One update a participant's indexer published, with its offset on that participant.
 *
 * <p>Every kind takes an offset, including the invisible ones, so party-filtered streams see gaps
 * exactly as on a real node.
 */
public sealed interface LedgerUpdate extends Serializable {
  long offset();

  Instant recordTime();

  /** The participant's clock when the update was published (what retention is measured against). */
  Instant publicationTime();

  /** A committed transaction: the contracts it created and archived that this participant stores. */
  record Transaction(
      long offset,
      Instant recordTime,
      Instant publicationTime,
      String updateId,
      List<Contract> created,
      List<String> archived)
      implements LedgerUpdate {}

  /** A Ledger API topology transaction: hosting changes at record time = effective time. */
  record Topology(
      long offset, Instant recordTime, Instant publicationTime, List<HostingEvent> events)
      implements LedgerUpdate {}

  /** An update with no Ledger API event (time proof, topology broadcast, a request merely seen). */
  record Invisible(long offset, Instant recordTime, Instant publicationTime, String cause)
      implements LedgerUpdate {}

  /** A group of contracts added by a repair import. */
  record Import(
      long offset,
      Instant recordTime,
      Instant publicationTime,
      String workflowId,
      List<Contract> contracts)
      implements LedgerUpdate {}

  /** The commit marker every repair operation writes, even when it added nothing. */
  record CommitMarker(long offset, Instant recordTime, Instant publicationTime)
      implements LedgerUpdate {}
}
