package io.cantonrunbooks.testbed.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * ACS commitments between pairs of participants, computed from each side's ACS at reconciliation ticks.
 *
 * <p>A commitment covers every stakeholder group shared with the counter-participant, onboarding hosts
 * included (Canton does not consider the flag). Mismatches while a party of the group is onboarding
 * are expected and only recorded as warnings; a mismatch for a group whose parties are all fully
 * hosted, one interval after the last clearance, raises {@link Alarm.Kind#ACS_COMMITMENT_MISMATCH}.
 */
public final class AcsCommitments {
  private final SimulatedNetwork net;
  private Instant lastCheckedTick = Instant.EPOCH;
  /** Per (participant, counter-participant) uid pair, the last group hashes computed. */
  private final Map<List<String>, GroupHashes> lastComputed = new HashMap<>();

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

  /** One period's comparison, from the point of view of {@code participant}. */
  public record Period(
      String participant,
      String counterParticipant,
      Instant fromExclusive,
      Instant toInclusive,
      byte[] own,
      byte[] counter,
      State received,
      State sent) {}

  Instant tickAtOrBefore(Instant t) {
    long interval = net.timings.reconciliationInterval().toMillis();
    long ms = t.toEpochMilli();
    return Instant.ofEpochMilli(ms - Math.floorMod(ms, interval));
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
      String group = String.join(",", c.stakeholders());
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

  /** Counter-participants that share at least one stakeholder group with {@code p} now. */
  List<Participant> counterParticipants(Participant p) {
    Map<String, PartyToParticipant> hosting = net.sync.hostingAt(net.now());
    Set<String> mine = Synchronizer.partiesHostedBy(hosting, p.uid());
    List<Participant> result = new ArrayList<>();
    for (Participant q : net.participants()) {
      if (q == p) {
        continue;
      }
      Set<String> theirs = Synchronizer.partiesHostedBy(hosting, q.uid());
      boolean shares =
          p.acsEntries().values().stream()
              .filter(e -> e.archivedAt() == null && !e.tombstone())
              .map(e -> e.contract().stakeholders())
              .anyMatch(s -> s.stream().anyMatch(mine::contains) && s.stream().anyMatch(theirs::contains));
      boolean theyShare =
          q.acsEntries().values().stream()
              .filter(e -> e.archivedAt() == null && !e.tombstone())
              .map(e -> e.contract().stakeholders())
              .anyMatch(s -> s.stream().anyMatch(mine::contains) && s.stream().anyMatch(theirs::contains));
      if (shares || theyShare) {
        result.add(q);
      }
    }
    return result;
  }

  /** The latest period between {@code p} and {@code q} as {@code p} sees it (lock held). */
  Optional<Period> latestPeriod(Participant p, Participant q) {
    Instant po = p.state.observedTime;
    Instant qo = q.state.observedTime;
    if (po == null && qo == null) {
      return Optional.empty();
    }
    Instant latest = po == null ? qo : qo == null ? po : (po.isAfter(qo) ? po : qo);
    Instant tick = tickAtOrBefore(latest);
    Instant from = tick.minus(net.timings.reconciliationInterval());
    boolean pReached = po != null && !po.isBefore(tick);
    boolean qReached = qo != null && !qo.isBefore(tick);
    byte[] own = pReached ? combine(groupHashes(p, q, tick)) : null;
    byte[] theirs = qReached ? combine(groupHashes(q, p, tick)) : null;
    State received;
    State sent;
    if (own != null && theirs != null) {
      received = java.util.Arrays.equals(own, theirs) ? State.MATCH : State.MISMATCH;
      sent = received;
    } else if (own == null) {
      received = State.BUFFERED;
      sent = State.NOT_COMPARED;
    } else {
      received = State.OUTSTANDING;
      sent = State.NOT_COMPARED;
    }
    return Optional.of(new Period(p.uid(), q.uid(), from, tick, own, theirs, received, sent));
  }

  /** Periodic check: raises an alarm for mismatches that persist after onboarding is over. */
  void check(Instant now) {
    Instant tick = tickAtOrBefore(now);
    if (!tick.isAfter(lastCheckedTick)) {
      return;
    }
    lastCheckedTick = tick;
    List<Participant> all = net.participants();
    Duration interval = net.timings.reconciliationInterval();
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
        Map<String, byte[]> mine = groupHashes(p, q, common);
        Map<String, byte[]> theirs = groupHashes(q, p, common);
        Set<String> groups = new HashSet<>(mine.keySet());
        groups.addAll(theirs.keySet());
        for (String group : groups) {
          if (java.util.Arrays.equals(mine.get(group), theirs.get(group))) {
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
