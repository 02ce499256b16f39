package io.cantonrunbooks.testbed.engine;

import java.io.Serializable;
import java.time.Instant;
import java.util.HashMap;
import java.util.TreeMap;

/**
 * The ACS commitments one participant computed, per counter-participant and reconciliation tick: its
 * commitment store. It is part of the node's persistent state, so a backup, a restore and pruning
 * act on it as they act on a real node's store.
 *
 * <p>Every tick from {@link #from} to {@link #upTo} was computed; a tick without an entry for a
 * counter-participant means the two shared no active contract then, and nothing was sent.
 */
final class CommitmentHistory implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The first tick still held (earlier ones were never computed or have been pruned). */
  Instant from;
  /** The last tick computed: the commitment watermark that a reconnect replays ACS changes from. */
  Instant upTo;
  /** Counter-participant uid → period end → the commitment this node computed and sent. */
  final HashMap<String, TreeMap<Instant, byte[]>> sent = new HashMap<>();

  /** Whether this node has computed (and still holds) the period ending at {@code tick}. */
  boolean computed(Instant tick) {
    return from != null && upTo != null && !tick.isBefore(from) && !tick.isAfter(upTo);
  }

  /** The commitment sent to {@code counterUid} for the period ending at {@code tick}, if any. */
  byte[] sentTo(String counterUid, Instant tick) {
    TreeMap<Instant, byte[]> periods = sent.get(counterUid);
    return periods == null ? null : periods.get(tick);
  }

  void record(String counterUid, Instant tick, byte[] commitment) {
    sent.computeIfAbsent(counterUid, k -> new TreeMap<>()).put(tick, commitment);
  }

  /**
   * Forgets every period ending before {@code tick} (pruning, or the cap on kept periods); the last
   * computed period is always kept, so the watermark stays known.
   */
  void forgetBefore(Instant tick) {
    if (from == null || !tick.isAfter(from)) {
      return;
    }
    Instant cut = upTo != null && tick.isAfter(upTo) ? upTo : tick;
    for (TreeMap<Instant, byte[]> periods : sent.values()) {
      periods.headMap(cut).clear();
    }
    from = cut;
  }
}
