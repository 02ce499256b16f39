package io.cantonrunbooks.testbed.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The simulated synchronizer: it orders events in time, runs the topology processor and keeps the
 * history every participant replays from.
 *
 * <p>It also keeps the ground truth (every contract's creation and archival sequencing time), which no
 * real node has, so that the testbed can tell when a participant's ACS diverged.
 */
final class Synchronizer {
  final String alias;
  final String id;
  final String physicalId;
  final int protocolVersion;
  private final Duration topologyChangeDelay;
  private final Namespaces authority;

  final List<SequencedEvent> log = new ArrayList<>();
  private Instant lastTime = Instant.EPOCH;

  final List<StoredTopologyTransaction> topology = new ArrayList<>();
  /** Authorized mappings per party, snapshotted at every effective time. */
  private final TreeMap<Instant, Map<String, PartyToParticipant>> hosting = new TreeMap<>();

  final List<HostingChange> hostingChanges = new ArrayList<>();
  final List<String> rejectedTopology = new ArrayList<>();

  /** Every version of the dynamic synchronizer parameters, oldest first; the last one is current. */
  final List<SynchronizerParameters> parameters = new ArrayList<>();

  /** Every VettedPackages transaction, in sequencing order. */
  final List<Vetting> vetting = new ArrayList<>();

  /** Ground truth: contract id → creation and archival sequencing times. */
  final Map<String, Truth> truth = new HashMap<>();

  record Truth(Contract contract, Instant created, Instant archived) {}

  Synchronizer(
      String alias,
      String id,
      int protocolVersion,
      Duration topologyChangeDelay,
      Namespaces authority,
      Timings timings) {
    this.alias = alias;
    this.id = id;
    this.physicalId = id + "::" + protocolVersion + "-0";
    this.protocolVersion = protocolVersion;
    this.topologyChangeDelay = topologyChangeDelay;
    this.authority = authority;
    hosting.put(Instant.EPOCH, Map.of());
    parameters.add(
        new SynchronizerParameters(
            timings.confirmationResponseTimeout(), timings.mediatorReactionTimeout(), Instant.EPOCH, null));
  }

  /** Records a participant's new vetted set, sequenced at {@code sequenced}, effective at {@code effective}. */
  Vetting vet(String participantUid, Set<String> packages, Instant sequenced, Instant effective) {
    int serial =
        (int) vetting.stream().filter(v -> v.participantUid().equals(participantUid)).count() + 1;
    Vetting v = new Vetting(participantUid, serial, packages, sequenced, effective);
    vetting.add(v);
    return v;
  }

  /** The latest vetting of a participant that a node which has processed up to {@code seen} knows. */
  Optional<Vetting> vettingKnownAt(String participantUid, Instant seen) {
    Vetting found = null;
    for (Vetting v : vetting) {
      if (v.participantUid().equals(participantUid) && !v.sequenced().isAfter(seen)) {
        found = v;
      }
    }
    return Optional.ofNullable(found);
  }

  /** The packages a participant has vetted as of {@code t}: its latest vetting effective before t. */
  Set<String> vettedAt(String participantUid, Instant t) {
    Set<String> found = Set.of();
    for (Vetting v : vetting) {
      if (v.participantUid().equals(participantUid) && v.effective().isBefore(t)) {
        found = v.packages();
      }
    }
    return found;
  }

  /** Ends the current parameters at {@code effective} and makes {@code next} current from then on. */
  void changeParameters(Duration confirmationResponseTimeout, Duration mediatorReactionTimeout, Instant effective) {
    SynchronizerParameters current = parameters.get(parameters.size() - 1);
    parameters.set(parameters.size() - 1, current.endingAt(effective));
    parameters.add(new SynchronizerParameters(confirmationResponseTimeout, mediatorReactionTimeout, effective, null));
  }

  /**
   * The latest decision deadline of requests around a topology change effective at {@code e}: e plus
   * the decision timeout of the parameters valid at e, raised by every earlier version that had ended
   * by then (its validUntil plus its own decision timeout), since a request sequenced under an older,
   * longer timeout may still be decided that late. Later versions are not known at e.
   */
  Instant latestDecisionDeadline(Instant e) {
    SynchronizerParameters atE = parameters.get(0);
    for (SynchronizerParameters v : parameters) {
      if (v.validFrom().isBefore(e)) {
        atE = v;
      }
    }
    Instant deadline = e.plus(atE.decisionTimeout());
    for (SynchronizerParameters v : parameters) {
      if (v != atE && v.validUntil() != null && !v.validUntil().isAfter(e)) {
        Instant bound = v.validUntil().plus(v.decisionTimeout());
        if (bound.isAfter(deadline)) {
          deadline = bound;
        }
      }
    }
    return deadline;
  }

  /** The next sequencing time: now, but strictly after the previous event. */
  Instant nextTime(Instant now) {
    Instant t = now.isAfter(lastTime) ? now : lastTime.plusNanos(1000);
    lastTime = t;
    return t;
  }

  Instant lastSequencedTime() {
    return lastTime;
  }

  long nextIndex() {
    return log.size();
  }

  void append(SequencedEvent event) {
    log.add(event);
  }

  /** Authorized mappings that apply to timestamps strictly after their effective time. */
  Map<String, PartyToParticipant> hostingAt(Instant t) {
    var e = hosting.lowerEntry(t);
    return e == null ? Map.of() : e.getValue();
  }

  /** Authorized mappings just after effective time {@code e} (inclusive). */
  Map<String, PartyToParticipant> hostingJustAfter(Instant e) {
    return hosting.floorEntry(e).getValue();
  }

  /** Parties hosted (in any state) by {@code participantUid} in a hosting snapshot. */
  static Set<String> partiesHostedBy(Map<String, PartyToParticipant> snapshot, String participantUid) {
    Set<String> parties = new HashSet<>();
    for (PartyToParticipant m : snapshot.values()) {
      if (m.host(participantUid).isPresent()) {
        parties.add(m.party());
      }
    }
    return parties;
  }

  /** The current fully authorized row for a party (possibly not yet effective). */
  Optional<StoredTopologyTransaction> head(String party) {
    return topology.stream()
        .filter(r -> !r.proposal() && r.closedAt() == null)
        .filter(r -> r.transaction().mapping().party().equals(party))
        .findFirst();
  }

  /**
   * Processes a topology transaction sequenced at {@code s}: serial check, signature merge,
   * authorization, proposal expiry and the resulting hosting change.
   */
  void processTopology(TopologyTransaction tx, Set<String> signers, Instant s) {
    String party = tx.mapping().party();
    byte[] hash = tx.hash();
    Optional<StoredTopologyTransaction> head = head(party);
    if (head.isPresent() && Arrays.equals(head.get().transaction().hash(), hash)) {
      // Same hash as the active transaction: a signature merge, no new serial, no hosting change.
      replace(head.get(), mergeSignatures(head.get(), signers));
      return;
    }
    int expected = head.map(h -> h.transaction().serial() + 1).orElse(tx.serial());
    if (tx.serial() != expected || tx.serial() < 1) {
      rejectedTopology.add(
          "SerialMismatch for " + party + ": expected " + expected + ", got " + tx.serial());
      return;
    }
    Set<String> allSigners = new LinkedHashSet<>(signers);
    for (StoredTopologyTransaction p : List.copyOf(topology)) {
      if (p.proposal() && p.closedAt() == null && Arrays.equals(p.transaction().hash(), hash)) {
        allSigners.addAll(p.signedBy());
        replace(p, p.close(s, null));
      }
    }
    PartyToParticipant before = head.map(h -> h.transaction().mapping()).orElse(null);
    Instant effective = s.plus(topologyChangeDelay);
    if (!isAuthorized(before, tx, allSigners)) {
      topology.add(
          new StoredTopologyTransaction(tx, allSigners, true, s, effective, null, null));
      return;
    }
    head.ifPresent(h -> replace(h, h.close(s, effective)));
    topology.add(new StoredTopologyTransaction(tx, allSigners, false, s, effective, null, null));
    // A fully authorized transaction expires every pending proposal with a serial up to its own.
    for (StoredTopologyTransaction p : List.copyOf(topology)) {
      if (p.proposal()
          && p.closedAt() == null
          && p.transaction().mapping().party().equals(party)
          && p.transaction().serial() <= tx.serial()) {
        replace(p, p.close(s, null));
      }
    }
    PartyToParticipant after = tx.op() == TopologyTransaction.Op.REMOVE ? null : tx.mapping();
    recordHostingChange(party, before, after, effective);
  }

  private void recordHostingChange(
      String party, PartyToParticipant before, PartyToParticipant after, Instant effective) {
    Map<String, PartyToParticipant> next = new HashMap<>(hosting.lastEntry().getValue());
    if (after == null) {
      next.remove(party);
    } else {
      next.put(party, after);
    }
    hosting.put(effective, Map.copyOf(next));
    List<HostingChange.Diff> diffs = new ArrayList<>();
    Set<String> uids = new LinkedHashSet<>();
    if (before != null) {
      before.participants().forEach(h -> uids.add(h.participantUid()));
    }
    if (after != null) {
      after.participants().forEach(h -> uids.add(h.participantUid()));
    }
    for (String uid : uids) {
      HostingParticipant b = before == null ? null : before.host(uid).orElse(null);
      HostingParticipant a = after == null ? null : after.host(uid).orElse(null);
      if (!Objects.equals(b, a)) {
        diffs.add(new HostingChange.Diff(party, uid, b, a));
      }
    }
    if (!diffs.isEmpty()) {
      hostingChanges.add(new HostingChange(effective, List.copyOf(diffs)));
    }
  }

  /** Whether {@code signers} satisfy the authorizations a change from {@code before} requires. */
  boolean isAuthorized(PartyToParticipant before, TopologyTransaction tx, Set<String> signers) {
    PartyToParticipant after = tx.mapping();
    boolean partyOk = authority.authorizes(after.partyNamespace(), signers);
    if (tx.op() == TopologyTransaction.Op.REMOVE) {
      return partyOk;
    }
    boolean needsParty = before == null;
    for (HostingParticipant h : after.participants()) {
      boolean participantOk = authority.authorizes(Ids.namespaceOf(h.participantUid()), signers);
      HostingParticipant b = before == null ? null : before.host(h.participantUid()).orElse(null);
      if (b == null || h.permission().strongerThan(b.permission())) {
        // Adding a host or upgrading it needs both the party's owner and that participant.
        if (!(partyOk && participantOk)) {
          return false;
        }
      } else if (!b.onboarding() && h.onboarding()) {
        needsParty = true;
      } else if ((b.onboarding() && !h.onboarding()) || b.permission().strongerThan(h.permission())) {
        if (!(partyOk || participantOk)) {
          return false;
        }
      }
    }
    if (before != null) {
      for (HostingParticipant b : before.participants()) {
        if (after.host(b.participantUid()).isEmpty()
            && !(partyOk || authority.authorizes(Ids.namespaceOf(b.participantUid()), signers))) {
          return false;
        }
      }
      if (before.threshold() != after.threshold()
          || !before.partySigningKeys().equals(after.partySigningKeys())) {
        needsParty = true;
      }
      if (before.equals(after)) {
        needsParty = true;
      }
    }
    return !needsParty || partyOk;
  }

  private StoredTopologyTransaction mergeSignatures(StoredTopologyTransaction row, Set<String> more) {
    Set<String> all = new LinkedHashSet<>(row.signedBy());
    all.addAll(more);
    return new StoredTopologyTransaction(
        row.transaction(),
        all,
        row.proposal(),
        row.sequenced(),
        row.validFrom(),
        row.validUntil(),
        row.closedAt());
  }

  private void replace(StoredTopologyTransaction old, StoredTopologyTransaction updated) {
    int i = topology.indexOf(old);
    topology.set(i, updated);
  }

  void recordCreated(Contract c, Instant at) {
    truth.putIfAbsent(c.contractId(), new Truth(c, at, null));
  }

  void recordArchived(String contractId, Instant at) {
    Truth t = truth.get(contractId);
    if (t != null && t.archived() == null) {
      truth.put(contractId, new Truth(t.contract(), t.created(), at));
    }
  }

  /** Contracts with {@code party} as stakeholder that the synchronizer's history says are active at t. */
  Map<String, Contract> truthActiveAt(String party, Instant t) {
    Map<String, Contract> active = new HashMap<>();
    for (Truth tr : truth.values()) {
      if (tr.contract().hasStakeholder(party)
          && !tr.created().isAfter(t)
          && (tr.archived() == null || tr.archived().isAfter(t))) {
        active.put(tr.contract().contractId(), tr.contract());
      }
    }
    return active;
  }
}
