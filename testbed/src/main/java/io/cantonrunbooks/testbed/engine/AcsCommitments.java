package io.cantonrunbooks.testbed.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * ACS commitments between pairs of participants, computed from each side's ACS at reconciliation ticks
 * and kept per period, as a participant's commitment store keeps them.
 *
 * <p>A connected participant computes, at every tick its observed time has passed, one commitment per
 * counter-participant it shares an active contract with (onboarding hosts included: Canton does not
 * consider the flag) and stores it in its own {@link CommitmentHistory}. The synchronizer delivers it to
 * the counter-participant, which sees it once its own observed time has reached the tick. Each node's
 * view of a period (MATCH, MISMATCH, OUTSTANDING, BUFFERED; sent: MATCH, MISMATCH, NOT_COMPARED) is
 * derived from its own store and what it has received, so inspection can answer any time range.
 *
 * <p>Mismatches while a party of the group is onboarding are expected and only recorded as warnings; a
 * mismatch for a group whose parties are all fully hosted, one interval after the last clearance,
 * raises {@link Alarm.Kind#ACS_COMMITMENT_MISMATCH}.
 */
public final class AcsCommitments {
  /** Periods kept per node before the oldest are forgotten (a long run at a short interval). */
  static final int MAX_PERIODS = 20_000;

  private final SimulatedNetwork net;
  private Instant lastCheckedTick = Instant.EPOCH;
  /**
   * What the synchronizer delivered: receiver uid → sender uid → period end → commitment. It is not
   * part of any node's state, so a restored node sees again what is sequenced after its cursor.
   */
  private final Map<String, Map<String, TreeMap<Instant, byte[]>>> delivered = new HashMap<>();
  /** Per (participant, counter-participant) uid pair, the last group hashes computed. */
  private final Map<List<String>, GroupHashes> lastComputed = new HashMap<>();
  /** Per participant uid, the commitments of its last computed tick. */
  private final Map<String, TickCommitments> lastTick = new HashMap<>();

  AcsCommitments(SimulatedNetwork net) {
    this.net = net;
  }

  /** The state of one period between this node and a counter-participant. */
  public enum State {
    MATCH,
    MISMATCH,
    BUFFERED,
    OUTSTANDING,
    NOT_COMPARED
  }

  /**
   * One period's comparison, from the point of view of {@code participant}.
   *
   * @param own the commitment this node computed and sent; null if it shares nothing with the
   *     counter-participant in this period
   * @param counter the commitment received from the counter-participant; null if none arrived
   * @param received the state of the received commitment (OUTSTANDING when none arrived)
   * @param sent the state of the sent commitment; null when this node sent none
   */
  public record Period(
      String participant,
      String counterParticipant,
      Instant fromExclusive,
      Instant toInclusive,
      byte[] own,
      byte[] counter,
      State received,
      State sent) {}

  Duration interval() {
    return net.timings.reconciliationInterval();
  }

  Instant tickAtOrBefore(Instant t) {
    long interval = interval().toMillis();
    long ms = t.toEpochMilli();
    return Instant.ofEpochMilli(ms - Math.floorMod(ms, interval));
  }

  // ------------------------------------------------------------------------------------------------
  // Computing and delivering

  /** Lets every connected participant compute the ticks it has passed (lock held). */
  void computeAll() {
    for (Participant p : net.participants()) {
      computeUpTo(p);
    }
  }

  /**
   * Computes and stores {@code p}'s commitments for every tick it has observed since its watermark.
   * Only a connected node runs its commitment processor; a disconnected one keeps its watermark.
   */
  void computeUpTo(Participant p) {
    Instant observed = p.state.observedTime;
    if (observed == null || !p.responsive()) {
      return;
    }
    CommitmentHistory h = p.state.commitments();
    Instant last = tickAtOrBefore(observed);
    if (h.upTo != null && !last.isAfter(h.upTo)) {
      return;
    }
    Duration interval = interval();
    Instant next = h.upTo == null ? last : h.upTo.plus(interval);
    Instant oldestKept = last.minus(interval.multipliedBy(MAX_PERIODS - 1));
    if (next.isBefore(oldestKept)) {
      next = oldestKept; // far behind: the periods in between are never computed
      h.from = null;
    }
    if (h.from == null) {
      h.from = next;
    }
    for (Instant t = next; !t.isAfter(last); t = t.plus(interval)) {
      computeAt(p, t, h);
      h.upTo = t;
    }
    h.forgetBefore(oldestKept);
  }

  private void computeAt(Participant p, Instant tick, CommitmentHistory h) {
    Map<String, PartyToParticipant> hosting = net.sync.hostingJustAfter(tickAtFloor(tick));
    Set<String> mine = Synchronizer.partiesHostedBy(hosting, p.uid());
    if (mine.isEmpty()) {
      return;
    }
    Map<Participant, Set<String>> counters = new LinkedHashMap<>();
    for (Participant q : net.participants()) {
      if (q != p) {
        Set<String> theirs = Synchronizer.partiesHostedBy(hosting, q.uid());
        if (!theirs.isEmpty()) {
          counters.put(q, theirs);
        }
      }
    }
    if (counters.isEmpty()) {
      return;
    }
    long offset = p.offsetAtRecordTime(tick);
    TickCommitments previous = lastTick.get(p.uid());
    Map<Participant, byte[]> commitments =
        previous != null && previous.reusableFor(p.state, mine, counters, offset)
            ? previous.commitments()
            : commitmentsAt(p, mine, counters, offset);
    lastTick.put(p.uid(), new TickCommitments(p.state, mine, counters, offset, commitments));
    commitments.forEach(
        (q, commitment) -> {
          h.record(q.uid(), tick, commitment);
          TreeMap<Instant, byte[]> inbox =
              delivered
                  .computeIfAbsent(q.uid(), k -> new HashMap<>())
                  .computeIfAbsent(p.uid(), k -> new TreeMap<>());
          inbox.put(tick, commitment);
          while (inbox.size() > MAX_PERIODS) {
            inbox.pollFirstEntry();
          }
        });
  }

  /** One commitment per counter-participant over {@code p}'s contracts active at {@code offset}. */
  private Map<Participant, byte[]> commitmentsAt(
      Participant p, Set<String> mine, Map<Participant, Set<String>> counters, long offset) {
    Map<Participant, Map<String, byte[]>> groups = new LinkedHashMap<>();
    for (AcsEntry e : p.acsEntries().values()) {
      if (!e.activeAt(offset)) {
        continue;
      }
      Set<String> stakeholders = e.contract().stakeholders();
      if (stakeholders.stream().noneMatch(mine::contains)) {
        continue;
      }
      for (Map.Entry<Participant, Set<String>> c : counters.entrySet()) {
        if (stakeholders.stream().anyMatch(c.getValue()::contains)) {
          groups
              .computeIfAbsent(c.getKey(), k -> new TreeMap<>())
              .merge(groupKey(stakeholders), contractHash(e), AcsCommitments::add);
        }
      }
    }
    Map<Participant, byte[]> commitments = new LinkedHashMap<>();
    groups.forEach((q, perGroup) -> commitments.put(q, combine(perGroup)));
    return Collections.unmodifiableMap(commitments);
  }

  /**
   * The commitments one tick of a participant produced and what they depend on. As with {@link
   * GroupHashes}, a later tick of a participant whose ACS and hosting did not change since reuses
   * them: without this, every tick hashed every contract of every node under the network lock.
   */
  private record TickCommitments(
      ParticipantState state,
      Set<String> mine,
      Map<Participant, Set<String>> counters,
      long offset,
      Map<Participant, byte[]> commitments) {

    boolean reusableFor(
        ParticipantState now, Set<String> nowMine, Map<Participant, Set<String>> nowCounters, long atOffset) {
      return state == now
          && offset >= now.acsChangedAt
          && atOffset >= now.acsChangedAt
          && mine.equals(nowMine)
          && counters.equals(nowCounters);
    }
  }

  private static String groupKey(Set<String> stakeholders) {
    return String.join(",", new TreeSet<>(stakeholders));
  }

  private static byte[] contractHash(AcsEntry e) {
    return Ids.sha256((e.contract().contractId() + "/0").getBytes(StandardCharsets.UTF_8));
  }

  // ------------------------------------------------------------------------------------------------
  // Each node's view

  /** What {@code p} has received from {@code counterUid} for the period ending at {@code tick}. */
  private byte[] received(Participant p, String counterUid, Instant tick) {
    CommitmentHistory h = p.state.commitments();
    Instant observed = p.state.observedTime;
    if (h.from == null || tick.isBefore(h.from) || observed == null || observed.isBefore(tick)) {
      return null; // not processed yet, or pruned
    }
    return delivered.getOrDefault(p.uid(), Map.of()).getOrDefault(counterUid, EMPTY).get(tick);
  }

  private static final TreeMap<Instant, byte[]> EMPTY = new TreeMap<>();

  /** {@code p}'s view of the period ending at {@code tick} with {@code counterUid}; null if none. */
  private Period view(Participant p, String counterUid, Instant tick) {
    CommitmentHistory h = p.state.commitments();
    boolean computed = h.computed(tick);
    byte[] own = computed ? h.sentTo(counterUid, tick) : null;
    byte[] theirs = received(p, counterUid, tick);
    if (own == null && theirs == null) {
      return null;
    }
    boolean equal = Arrays.equals(own, theirs);
    State received =
        theirs == null ? State.OUTSTANDING : !computed ? State.BUFFERED : equal ? State.MATCH : State.MISMATCH;
    State sent = own == null ? null : theirs == null ? State.NOT_COMPARED : equal ? State.MATCH : State.MISMATCH;
    return new Period(p.uid(), counterUid, tick.minus(interval()), tick, own, theirs, received, sent);
  }

  /** Counter-participants {@code p} has a sent or received commitment with. */
  private Set<String> countersOf(Participant p) {
    Set<String> uids = new TreeSet<>(p.state.commitments().sent.keySet());
    uids.addAll(delivered.getOrDefault(p.uid(), Map.of()).keySet());
    return uids;
  }

  /** Period ends of {@code p}'s sent and received commitments with {@code counterUid} in [lo, hi). */
  private Set<Instant> ticks(Participant p, String counterUid, Instant lo, Instant hi) {
    Set<Instant> ticks = new TreeSet<>();
    if (!lo.isBefore(hi)) {
      return ticks;
    }
    TreeMap<Instant, byte[]> sent = p.state.commitments().sent.get(counterUid);
    if (sent != null) {
      ticks.addAll(sent.subMap(lo, true, hi, false).keySet());
    }
    ticks.addAll(
        delivered.getOrDefault(p.uid(), Map.of()).getOrDefault(counterUid, EMPTY).subMap(lo, true, hi, false).keySet());
    return ticks;
  }

  /** {@code p}'s periods ending at its last computed tick (the latest period), one per counter-participant. */
  List<Period> latest(Participant p) {
    Instant upTo = p.state.commitments().upTo;
    if (upTo == null) {
      return List.of();
    }
    List<Period> periods = new ArrayList<>();
    for (String q : countersOf(p)) {
      Period period = view(p, q, upTo);
      if (period != null) {
        periods.add(period);
      }
    }
    return periods;
  }

  /**
   * {@code p}'s periods that overlap {@code (fromExclusive, toInclusive]}, oldest first per
   * counter-participant; the range need not fall on ticks.
   */
  List<Period> between(Participant p, Instant fromExclusive, Instant toInclusive) {
    List<Period> periods = new ArrayList<>();
    // A period (t - interval, t] overlaps the range iff t > fromExclusive and t - interval < toInclusive.
    Instant lo = fromExclusive.plusNanos(1);
    Instant hi = toInclusive.plus(interval());
    for (String q : countersOf(p)) {
      for (Instant t : ticks(p, q, lo, hi)) {
        Period period = view(p, q, t);
        if (period != null) {
          periods.add(period);
        }
      }
    }
    return periods;
  }

  /**
   * How far {@code p}'s commitments let it prune: every period up to {@code cleanUpTo} is one the
   * rule allows.
   *
   * @param blockedBy the first period the rule does not allow; null when the last computed period
   *     is what stops it
   */
  record PrunableUpTo(Instant cleanUpTo, Period blockedBy) {}

  /**
   * The end of the last period up to which every period of {@code p} is one {@code rule} allows
   * (by default: matched with every counter-participant); empty if {@code p} has computed nothing yet.
   */
  Optional<PrunableUpTo> prunableUpTo(Participant p, PrunableCommitments rule) {
    CommitmentHistory h = p.state.commitments();
    if (h.upTo == null) {
      return Optional.empty();
    }
    Instant clean = h.upTo;
    Period blockedBy = null;
    if (rule != PrunableCommitments.ALL) {
      for (String q : countersOf(p)) {
        for (Instant t : ticks(p, q, h.from, clean.plusNanos(1))) {
          Period period = view(p, q, t);
          if (period != null && !rule.allows(period.received())) {
            clean = period.fromExclusive();
            blockedBy = period;
            break;
          }
        }
      }
    }
    return Optional.of(new PrunableUpTo(clean, blockedBy));
  }

  /** Per shared stakeholder group: the hash of (contract id, reassignment counter) of active contracts. */
  Map<String, byte[]> groupHashes(Participant p, Participant counter, Instant tick) {
    Map<String, PartyToParticipant> hosting = net.sync.hostingJustAfter(tickAtFloor(tick));
    Set<String> mine = Synchronizer.partiesHostedBy(hosting, p.uid());
    Set<String> theirs = Synchronizer.partiesHostedBy(hosting, counter.uid());
    long offset = p.offsetAtRecordTime(tick);
    ParticipantState state = p.state;
    List<String> pair = List.of(p.uid(), counter.uid());
    GroupHashes last = lastComputed.get(pair);
    if (last != null && last.reusableFor(state, mine, theirs, offset)) {
      return last.groups();
    }
    Map<String, byte[]> groups = new TreeMap<>();
    MessageDigest sha256 = Ids.newSha256();
    for (AcsEntry e : state.acs.values()) {
      if (!e.activeAt(offset)) {
        continue;
      }
      Contract c = e.contract();
      if (!anyStakeholderIn(c, mine) || !anyStakeholderIn(c, theirs)) {
        continue;
      }
      String group = groupKey(c.stakeholders());
      byte[] h = sha256.digest((c.contractId() + "/0").getBytes(StandardCharsets.UTF_8));
      byte[] sum = groups.get(group);
      if (sum == null) {
        groups.put(group, h);
      } else {
        addInto(sum, h);
      }
    }
    Map<String, byte[]> result = Collections.unmodifiableMap(groups);
    lastComputed.put(pair, new GroupHashes(state, mine, theirs, offset, result));
    return result;
  }

  /**
   * A computed set of group hashes and what it depends on: the participant's state, the parties
   * each side hosts, and the contracts active at the offset. The last of these is the same at every
   * offset at or after the last change of the ACS ({@link ParticipantState#acsChangedAt}), so on a
   * participant whose ACS did not change, each reconciliation tick reuses the previous result
   * instead of hashing every contract again.
   */
  private record GroupHashes(
      ParticipantState state, Set<String> mine, Set<String> theirs, long offset, Map<String, byte[]> groups) {

    boolean reusableFor(ParticipantState now, Set<String> nowMine, Set<String> nowTheirs, long atOffset) {
      return state == now
          && offset >= now.acsChangedAt
          && atOffset >= now.acsChangedAt
          && mine.equals(nowMine)
          && theirs.equals(nowTheirs);
    }
  }

  private static boolean anyStakeholderIn(Contract c, Set<String> parties) {
    for (String s : c.signatories()) {
      if (parties.contains(s)) {
        return true;
      }
    }
    for (String s : c.observers()) {
      if (parties.contains(s)) {
        return true;
      }
    }
    return false;
  }

  private Instant tickAtFloor(Instant tick) {
    return tick.isBefore(Instant.EPOCH.plusNanos(1)) ? Instant.EPOCH : tick;
  }

  /** {@code sum += h}, as the big-endian numbers {@link #add} adds. */
  private static void addInto(byte[] sum, byte[] h) {
    int carry = 0;
    for (int i = sum.length - 1; i >= 0; i--) {
      int s = (sum[i] & 0xff) + (h[i] & 0xff) + carry;
      sum[i] = (byte) s;
      carry = s >>> 8;
    }
  }

  private static byte[] add(byte[] a, byte[] b) {
    byte[] sum = new byte[a.length];
    int carry = 0;
    for (int i = a.length - 1; i >= 0; i--) {
      int s = (a[i] & 0xff) + (b[i] & 0xff) + carry;
      sum[i] = (byte) s;
      carry = s >>> 8;
    }
    return sum;
  }

  static byte[] combine(Map<String, byte[]> groups) {
    byte[] total = new byte[32];
    for (Map.Entry<String, byte[]> e : groups.entrySet()) {
      byte[] keyed = Ids.sha256((e.getKey() + "|" + java.util.HexFormat.of().formatHex(e.getValue())).getBytes(StandardCharsets.UTF_8));
      total = add(total, keyed);
    }
    return total;
  }

  /** Periodic check: raises an alarm for mismatches that persist after onboarding is over. */
  void check(Instant now) {
    Instant tick = tickAtOrBefore(now);
    if (!tick.isAfter(lastCheckedTick)) {
      return;
    }
    lastCheckedTick = tick;
    List<Participant> all = net.participants();
    Duration interval = interval();
    for (int i = 0; i < all.size(); i++) {
      for (int j = i + 1; j < all.size(); j++) {
        Participant p = all.get(i);
        Participant q = all.get(j);
        if (p.state.observedTime == null || q.state.observedTime == null || p.state.halted || q.state.halted) {
          continue;
        }
        Instant po = p.state.observedTime;
        Instant qo = q.state.observedTime;
        Instant common = tickAtOrBefore(po.isBefore(qo) ? po : qo);
        CommitmentHistory ph = p.state.commitments();
        CommitmentHistory qh = q.state.commitments();
        if (ph.computed(common)
            && qh.computed(common)
            && Arrays.equals(ph.sentTo(q.uid(), common), qh.sentTo(p.uid(), common))) {
          continue; // the stored commitments agree: no group can differ
        }
        Map<String, byte[]> mine = groupHashes(p, q, common);
        Map<String, byte[]> theirs = groupHashes(q, p, common);
        Set<String> groups = new HashSet<>(mine.keySet());
        groups.addAll(theirs.keySet());
        for (String group : groups) {
          if (Arrays.equals(mine.get(group), theirs.get(group))) {
            continue;
          }
          String text = "ACS_COMMITMENT_MISMATCH between " + p.name() + " and " + q.name() + " for stakeholder group [" + group + "]";
          if (onboardingInvolved(group, p, q, common.minus(interval))) {
            net.warn(text + " at " + common + " (expected during onboarding)");
            continue;
          }
          if (!net.alarmAlreadyRaised(p.name(), Alarm.Kind.ACS_COMMITMENT_MISMATCH, text)) {
            net.raise(p, Alarm.Kind.ACS_COMMITMENT_MISMATCH, text + " at period ending " + common);
          }
        }
      }
    }
  }

  /**
   * Whether a party of the group was onboarding on either node at any time since {@code since}: the
   * grace period during which mismatches are expected.
   */
  private boolean onboardingInvolved(String group, Participant p, Participant q, Instant since) {
    for (String party : group.split(",")) {
      for (Participant n : List.of(p, q)) {
        if (n.state.onboardingSince.containsKey(party)) {
          return true;
        }
      }
      for (HostingChange change : net.sync.hostingChanges) {
        if (change.effective().isAfter(since)) {
          for (HostingChange.Diff d : change.diffs()) {
            if (d.party().equals(party) && d.before() != null && d.before().onboarding()) {
              return true;
            }
          }
        }
      }
      // A host that still carries the flag in the current mapping also counts as onboarding.
      PartyToParticipant m = net.sync.hostingAt(net.now()).get(party);
      if (m != null && m.participants().stream().anyMatch(HostingParticipant::onboarding)) {
        return true;
      }
    }
    return false;
  }
}
