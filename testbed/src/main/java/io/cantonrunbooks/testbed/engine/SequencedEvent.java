package io.cantonrunbooks.testbed.engine;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** An event the synchronizer sequenced, in the order and at the time it sequenced it. */
sealed interface SequencedEvent {
  long index();

  Instant time();

  /** Whether the event is delivered to this participant. */
  boolean deliveredTo(String participantUid);

  /**
   * A confirmation request with its mediator verdict; delivered to the hosts of its informees as of
   * its sequencing time.
   */
  record TransactionRequest(
      long index,
      Instant time,
      Set<String> recipients,
      String updateId,
      String submitter,
      List<Contract> created,
      List<Contract> archived,
      boolean approved,
      String verdict)
      implements SequencedEvent {
    @Override
    public boolean deliveredTo(String participantUid) {
      return recipients.contains(participantUid);
    }
  }

  /** A topology transaction broadcast to every member. */
  record TopologyBroadcast(long index, Instant time, String submitter, String hashHex)
      implements SequencedEvent {
    @Override
    public boolean deliveredTo(String participantUid) {
      return true;
    }
  }

  /** A time proof or time-advancing broadcast, delivered to every member. */
  record TimeProof(long index, Instant time) implements SequencedEvent {
    @Override
    public boolean deliveredTo(String participantUid) {
      return true;
    }
  }
}
