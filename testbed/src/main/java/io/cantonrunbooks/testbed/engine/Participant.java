package io.cantonrunbooks.testbed.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/**
 * One simulated participant node: its ledger (offsets), its ACS with history, its cursor on the
 * synchronizer, its connection configs, packages, pruning state and onboarding clearances.
 *
 * <p>Every public method takes the network lock, so a participant can be driven from gRPC handler
 * threads, the traffic generator and tests at the same time.
 */
public final class Participant {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Participant.class);

  private final SimulatedNetwork net;
  private final String name;
  private final String uid;
  private final String namespace;

  ParticipantState state = new ParticipantState();

  // Runtime state that a restart or a crash loses.
  private boolean connected;
  private boolean crashed;
  private int connectionEpoch;
  private int incarnation;
  private boolean timeTrackerEmpty = true;
  private Instant startedAt;
  private final Map<String, Instant> clearanceAttempts = new HashMap<>();
  private final List<TopologyTransaction> outbox = new ArrayList<>();
  /** A vetting waiting in the in-memory outbox; lost on disconnect like any outgoing proposal. */
  private Set<String> pendingVetting;
  /** The cron fire whose pruning job has reached its target; it runs again at the next fire. */
  private Instant pruningDoneForFire;

  Participant(SimulatedNetwork net, String name, String uid) {
    this.net = net;
    this.name = name;
    this.uid = uid;
    this.namespace = Ids.namespaceOf(uid);
    this.startedAt = net.now();
  }

  /** The node name used in configs, e.g. {@code participant1}. */
  public String name() {
    return name;
  }

  /** The participant UID ({@code participant1::1220…}). */
  public String uid() {
    return uid;
  }

  /** The participant's namespace fingerprint; it owns the node's local parties. */
  public String namespace() {
    return namespace;
  }

  // ------------------------------------------------------------------------------------------------
  // Status

  /** The current ledger end (0 = none yet). */
  public long ledgerEnd() {
    return net.locked(() -> state.ledgerEnd);
  }

  /** Whether the node is connected to the synchronizer. */
  public boolean isConnected() {
    return net.locked(() -> connected);
  }

  /** Whether the node is down (crashed and not restarted). */
  public boolean isCrashed() {
    return net.locked(() -> crashed);
  }

  /** Whether the node stopped processing events after an alarm (stuck until repaired). */
  public boolean isHalted() {
    return net.locked(() -> state.halted);
  }

  /** Time the node (re)started, for the status call's uptime. */
  public Instant startedAt() {
    return net.locked(() -> startedAt);
  }

  /** The latest synchronizer time this node has observed, if any. */
  public Optional<Instant> observedTime() {
    return net.locked(() -> Optional.ofNullable(state.observedTime));
  }

  /** A copy of the node's published updates, oldest first (pruned ones are gone). */
  public List<LedgerUpdate> updates() {
    return net.locked(() -> List.copyOf(state.updates));
  }

  /** The offset up to which the Ledger API history was pruned (0 = never). */
  public long prunedUpTo() {
    return net.locked(() -> state.prunedUpTo);
  }

  void checkUp() {
    if (crashed) {
      throw new CantonError("NODE_NOT_RUNNING", 1, "Participant " + name + " is not running");
    }
  }

  // ------------------------------------------------------------------------------------------------
  // Event processing (called under the lock)

  /** Processes every sequenced event this node has not processed yet, in order. */
  void catchUp() {
    if (!connected || crashed) {
      return;
    }
    List<SequencedEvent> log = net.sync.log;
    while (state.cursor < log.size() && !state.halted) {
      SequencedEvent e = log.get(state.cursor);
      flushHosting(e.time(), false);
      if (!process(e)) {
        return;
      }
      state.cursor++;
      state.observedTime = e.time();
      timeTrackerEmpty = false;
      flushHosting(e.time(), true);
    }
    // The commitment processor computes at every reconciliation tick the node has now passed.
    net.commitments.computeUpTo(this);
  }

  private long append(LongFunction<LedgerUpdate> update) {
    long offset = ++state.ledgerEnd;
    state.updates.add(update.apply(offset));
    return offset;
  }

  /** Returns false if the node halted at this event. */
  private boolean process(SequencedEvent event) {
    if (!event.deliveredTo(uid)) {
      return true;
    }
    Instant now = net.now();
    if (event instanceof SequencedEvent.TransactionRequest tx) {
      if (!tx.approved()) {
        append(o -> new LedgerUpdate.Invisible(o, tx.time(), now, "rejected request " + tx.updateId()));
        return true;
      }
      return commitTransaction(tx, now);
    }
    String cause =
        event instanceof SequencedEvent.TopologyBroadcast b
            ? "topology transaction " + b.hashHex()
            : "time proof";
    append(o -> new LedgerUpdate.Invisible(o, event.time(), now, cause));
    return true;
  }

  private boolean commitTransaction(SequencedEvent.TransactionRequest tx, Instant now) {
    Map<String, PartyToParticipant> hosting = net.sync.hostingAt(tx.time());
    List<Contract> tombstones = new ArrayList<>();
    List<Contract> toArchive = new ArrayList<>();
    for (Contract c : tx.archived()) {
      List<HostingParticipant> mine = hostsOfStakeholders(hosting, c);
      if (mine.isEmpty()) {
        continue;
      }
      AcsEntry entry = state.acs.get(c.contractId());
      if (entry != null && !entry.tombstone() && entry.archivedAt() == null) {
        toArchive.add(c);
      } else if (mine.stream().allMatch(HostingParticipant::onboarding)) {
        // An onboarding host does not check activeness of inputs it cannot know; it records the
        // archive anyway (a tombstone), which later makes the import of that contract fail.
        tombstones.add(c);
      } else {
        String reason =
            "Request "
                + tx.updateId()
                + " with failed activeness check is approved: unknown input contract "
                + c.contractId()
                + " of "
                + c.stakeholders();
        net.raise(this, Alarm.Kind.SYNC_SERVICE_ALARM, reason);
        state.halted = true;
        state.haltReason = reason;
        return false;
      }
    }
    List<Contract> toCreate = new ArrayList<>();
    for (Contract c : tx.created()) {
      if (hostsOfStakeholders(hosting, c).isEmpty()) {
        continue;
      }
      AcsEntry entry = state.acs.get(c.contractId());
      if (entry != null) {
        net.raise(
            this,
            Alarm.Kind.DUPLICATE_CONTRACT,
            "Transaction " + tx.updateId() + " creates contract " + c.contractId() + " which is already "
                + (entry.archivedAt() == null ? "active" : "archived") + " here");
        continue;
      }
      toCreate.add(c);
    }
    long offset =
        append(
            o ->
                new LedgerUpdate.Transaction(
                    o,
                    tx.time(),
                    now,
                    tx.updateId(),
                    List.copyOf(toCreate),
                    toArchive.stream().map(Contract::contractId).toList()));
    for (Contract c : toArchive) {
      putAcs(state.acs.get(c.contractId()).archive(offset));
    }
    for (Contract c : tombstones) {
      if (!state.acs.containsKey(c.contractId())) {
        putAcs(new AcsEntry(c, -1, offset, true));
      }
    }
    for (Contract c : toCreate) {
      putAcs(new AcsEntry(c, offset, null, false));
    }
    return true;
  }

  /**
   * Adds or replaces an ACS entry. Every change to the ACS goes through here or {@link #pruneNow},
   * which keep {@link ParticipantState#acsChangedAt} up to date for the commitment check.
   */
  private void putAcs(AcsEntry entry) {
    state.acs.put(entry.contract().contractId(), entry);
    state.acsChangedAt = state.ledgerEnd;
  }

  /** This node's host entries for the stakeholders of a contract. */
  private List<HostingParticipant> hostsOfStakeholders(
      Map<String, PartyToParticipant> hosting, Contract c) {
    List<HostingParticipant> mine = new ArrayList<>();
    for (String party : c.stakeholders()) {
      PartyToParticipant m = hosting.get(party);
      if (m != null) {
        m.host(uid).ifPresent(mine::add);
      }
    }
    return mine;
  }

  /** Publishes hosting changes effective before (or at) {@code t}, each at record time = effective. */
  private void flushHosting(Instant t, boolean inclusive) {
    List<HostingChange> changes = net.sync.hostingChanges;
    while (state.hostingCursor < changes.size()) {
      HostingChange change = changes.get(state.hostingCursor);
      boolean due = inclusive ? !change.effective().isAfter(t) : change.effective().isBefore(t);
      if (!due) {
        return;
      }
      state.hostingCursor++;
      publishHostingChange(change);
    }
  }

  private void publishHostingChange(HostingChange change) {
    boolean pv35 = net.sync.protocolVersion >= 35;
    List<HostingEvent> events = new ArrayList<>();
    for (HostingChange.Diff d : change.diffs()) {
      HostingParticipant b = d.before();
      HostingParticipant a = d.after();
      HostingEvent.Kind kind = null;
      Permission perm = a != null ? a.permission() : b.permission();
      if (b == null) {
        kind = pv35 && a.onboarding() ? HostingEvent.Kind.ONBOARDING : HostingEvent.Kind.ADDED;
      } else if (a == null) {
        kind = HostingEvent.Kind.REVOKED;
      } else if (pv35 && b.onboarding() && !a.onboarding()) {
        kind = HostingEvent.Kind.ADDED;
      } else if (b.permission() != a.permission()) {
        kind = HostingEvent.Kind.CHANGED_TO;
      }
      if (kind != null) {
        events.add(new HostingEvent(d.party(), d.participantUid(), kind, perm));
      }
    }
    if (!events.isEmpty()) {
      Instant now = net.now();
      append(o -> new LedgerUpdate.Topology(o, change.effective(), now, List.copyOf(events)));
    }
    for (HostingChange.Diff d : change.diffs()) {
      if (d.participantUid().equals(uid)) {
        onOwnHostingChange(d, change.effective());
      }
    }
  }

  private void onOwnHostingChange(HostingChange.Diff d, Instant effective) {
    HostingParticipant b = d.before();
    HostingParticipant a = d.after();
    String party = d.party();
    if (a == null) {
      state.pendingClearances.remove(party);
      state.onboardingSince.remove(party);
      return;
    }
    if (a.onboarding() && (b == null || !b.onboarding())) {
      state.onboardingSince.put(party, effective);
      if (state.pendingClearances.containsKey(party) && state.pendingClearances.get(party) == null) {
        state.pendingClearances.put(party, effective);
      }
      return;
    }
    boolean cleared = b != null && b.onboarding() && !a.onboarding();
    if (cleared) {
      Instant since = state.onboardingSince.remove(party);
      state.pendingClearances.remove(party);
      Instant safe = since == null ? null : net.sync.latestDecisionDeadline(since);
      if (safe != null && !effective.isAfter(safe)) {
        net.raise(
            this,
            Alarm.Kind.UNSAFE_ONBOARDING_CLEARANCE,
            "Onboarding flag of " + party + " cleared at " + effective + ", not after the safe time " + safe);
      }
    }
    if (cleared || b == null) {
      checkAgainstHistory(party, effective);
    }
  }

  /**
   * Compares this node's ACS for a party it now fully hosts with the synchronizer's history: a
   * difference means an event was missed (or a contract appeared twice).
   */
  private void checkAgainstHistory(String party, Instant at) {
    Map<String, Contract> expected = net.sync.truthActiveAt(party, at);
    Map<String, Contract> actual = new TreeMap<>();
    for (AcsEntry e : state.acs.values()) {
      if (e.archivedAt() == null && !e.tombstone() && e.contract().hasStakeholder(party)) {
        actual.put(e.contract().contractId(), e.contract());
      }
    }
    Set<String> missing = new LinkedHashSet<>(expected.keySet());
    missing.removeAll(actual.keySet());
    Set<String> extra = new LinkedHashSet<>(actual.keySet());
    extra.removeAll(expected.keySet());
    if (!missing.isEmpty() || !extra.isEmpty()) {
      net.raise(
          this,
          Alarm.Kind.MISSED_EVENT,
          "ACS of "
              + party
              + " diverges from the synchronizer history once fully hosted: missing "
              + abbreviate(missing)
              + ", unexpected "
              + abbreviate(extra));
    }
  }

  private static String abbreviate(Set<String> ids) {
    List<String> shown = ids.stream().limit(5).map(id -> id.substring(0, Math.min(12, id.length()))).toList();
    return ids.size() + " " + shown + (ids.size() > 5 ? "…" : "");
  }

  // ------------------------------------------------------------------------------------------------
  // Connectivity

  /** The registered synchronizer connection configs, by alias. */
  public List<ConnectionConfig> connectionConfigs() {
    return net.locked(() -> List.copyOf(state.configs.values()));
  }

  /** The config for an alias, or {@code SYNC_SERVICE_UNKNOWN_SYNCHRONIZER}. */
  public ConnectionConfig connectionConfig(String alias) {
    return net.locked(() -> config(alias));
  }

  private ConnectionConfig config(String alias) {
    ConnectionConfig c = state.configs.get(alias);
    if (c == null) {
      throw new CantonError(
          "SYNC_SERVICE_UNKNOWN_SYNCHRONIZER", 11, "The synchronizer with alias " + alias + " is unknown.");
    }
    return c;
  }

  /** Replaces a stored config; changing manual-connect does not connect or disconnect anything. */
  public void modifyConnectionConfig(ConnectionConfig config) {
    net.locked(
        () -> {
          checkUp();
          if (!state.configs.containsKey(config.alias())) {
            throw new CantonError(
                "SYNC_SERVICE_ALIAS_RESOLUTION", 11, "No synchronizer connection for alias " + config.alias());
          }
          state.configs.put(config.alias(), config);
        });
  }

  /** The explicit ReconnectSynchronizer: connects even a manual-connect synchronizer. */
  public boolean reconnect(String alias) {
    return net.locked(
        () -> {
          checkUp();
          config(alias);
          connectNow();
          return true;
        });
  }

  /** The plural ReconnectSynchronizers: reconnects every registered synchronizer, manual ones included. */
  public void reconnectAll() {
    reconnectAll(false);
  }

  /** Like {@link #reconnectAll()}; with {@code ignoreFailures} a synchronizer that fails to connect is skipped. */
  public void reconnectAll(boolean ignoreFailures) {
    net.locked(
        () -> {
          checkUp();
          if (!state.configs.isEmpty()) {
            try {
              connectNow();
            } catch (CantonError e) {
              if (!ignoreFailures) {
                throw e;
              }
            }
          }
        });
  }

  /** Disconnects one synchronizer; a known but unconnected alias is a no-op. */
  public void disconnect(String alias) {
    net.locked(
        () -> {
          checkUp();
          config(alias);
          disconnectNow();
        });
  }

  /** Disconnects every synchronizer. */
  public void disconnectAll() {
    net.locked(
        () -> {
          checkUp();
          disconnectNow();
        });
  }

  void connectNow() {
    if (connected) {
      return;
    }
    checkReplayableSinceWatermark();
    connected = true;
    state.everConnected = true;
    catchUp();
    net.signal();
  }

  /**
   * A (re)connect first replays to the commitment processor every ACS change since its watermark (the
   * last reconciliation tick it computed). An archive recorded for a contract this node never had (a
   * connected onboarding host, §7.1) has no activation to take a reassignment counter from, and Canton
   * fails the connection on it; it keeps failing until an operator repairs the node.
   */
  private void checkReplayableSinceWatermark() {
    Instant watermark = state.commitments().upTo;
    long replayFrom = watermark == null ? 0 : offsetAtRecordTime(watermark);
    for (AcsEntry e : state.acs.values()) {
      if (e.tombstone() && e.archivedAt() != null && e.archivedAt() > replayFrom) {
        String cid = e.contract().contractId();
        Instant at = recordTimeOf(e.archivedAt());
        String cause = "Unable to find reassignment counter for " + cid + " at " + at;
        if (!net.alarmAlreadyRaised(name, Alarm.Kind.REPLAY_INCONSISTENCY, cause)) {
          net.raise(this, Alarm.Kind.REPLAY_INCONSISTENCY, cause + " while replaying ACS changes on reconnect");
        }
        throw new CantonError(
            "SYNC_SERVICE_STARTUP_ERROR", 9, "The synchronizer failed to initialize due to an error: " + cause);
      }
    }
  }

  private Instant recordTimeOf(long offset) {
    return state.updates.stream()
        .filter(u -> u.offset() == offset)
        .map(LedgerUpdate::recordTime)
        .findFirst()
        .orElse(null);
  }

  private void disconnectNow() {
    if (!connected) {
      return;
    }
    connected = false;
    // The outbox is in memory: anything not yet sequenced is lost.
    connectionEpoch++;
    outbox.clear();
    pendingVetting = null;
    net.signal();
  }

  /** Simulates the node starting: connects every synchronizer not marked manual-connect. */
  void startUp() {
    crashed = false;
    startedAt = net.now();
    timeTrackerEmpty = true;
    boolean auto = state.configs.values().stream().anyMatch(c -> !c.manualConnect());
    if (auto) {
      try {
        connectNow();
      } catch (CantonError e) {
        // The node is up but stays disconnected; the alarm says why.
      }
    }
  }

  /** Crashes the node: it drops every call, loses in-memory state and uncommitted imports. */
  public void crash() {
    net.locked(
        () -> {
          disconnectNow();
          crashed = true;
          incarnation++;
          clearanceAttempts.clear();
          net.signal();
        });
  }

  /** Restarts a crashed (or running) node; startup honours manual-connect. */
  public void restart() {
    net.locked(
        () -> {
          if (!crashed) {
            disconnectNow();
            incarnation++;
          }
          startUp();
        });
  }

  // ------------------------------------------------------------------------------------------------
  // Topology

  /** Whether Authorize on the synchronizer store can run (the store exists only while connected). */
  void requireTopologyStore() {
    if (!connected) {
      throw new CantonError(
          "TOPOLOGY_STORE_NOT_FOUND",
          11,
          "Topology store for synchronizer " + net.sync.id + " is not known (not connected)");
    }
  }

  /** PartyToParticipant rows this node's local store holds as current (authorized or proposals). */
  public List<StoredTopologyTransaction> localPartyToParticipant(boolean proposals) {
    return net.locked(
        () -> {
          if (state.observedTime == null) {
            return List.of();
          }
          return net.sync.topology.stream()
              .filter(r -> r.proposal() == proposals && r.currentAt(state.observedTime))
              .toList();
        });
  }

  /**
   * Every PartyToParticipant row this node's local store holds (history included), as the node sees
   * it: rows it has not processed yet are absent, and a row closed later still looks open.
   */
  public List<StoredTopologyTransaction> knownTopology() {
    return net.locked(
        () -> {
          if (state.observedTime == null) {
            return List.of();
          }
          Instant seen = state.observedTime;
          List<StoredTopologyTransaction> rows = new ArrayList<>();
          for (StoredTopologyTransaction r : net.sync.topology) {
            if (r.sequenced().isAfter(seen)) {
              continue;
            }
            boolean closedSeen = r.closedAt() != null && !r.closedAt().isAfter(seen);
            rows.add(
                new StoredTopologyTransaction(
                    r.transaction(),
                    r.signedBy(),
                    r.proposal(),
                    r.sequenced(),
                    r.validFrom(),
                    closedSeen ? r.validUntil() : null,
                    closedSeen ? r.closedAt() : null));
          }
          return rows;
        });
  }

  /**
   * GetHighestOffsetByTimestamp: the highest offset whose record time is at or before {@code ts};
   * without {@code force} the record time must match exactly.
   */
  public long highestOffsetByTimestamp(String synchronizerId, Instant ts, boolean force) {
    return net.locked(
        () -> {
          checkUp();
          requireLedgerEnd();
          checkSynchronizerArgument(synchronizerId);
          if (state.observedTime == null || ts.isAfter(state.observedTime)) {
            if (force) {
              return state.ledgerEnd;
            }
            throw new CantonError(
                "INVALID_TIMESTAMP_PARTY_MANAGEMENT_ERROR",
                12,
                "The participant has not yet processed " + ts + " (clean index at " + state.observedTime + ")");
          }
          long best = 0;
          boolean exact = false;
          for (LedgerUpdate u : state.updates) {
            if (!u.recordTime().isAfter(ts) && u.offset() > best) {
              best = u.offset();
              exact = u.recordTime().equals(ts);
            }
          }
          if (!force && !exact) {
            throw new CantonError(
                "EXACT_RECORD_TIME_MATCH_NOT_FOUND", 11, "No update with record time exactly " + ts);
          }
          return best;
        });
  }

  /** The latest authorized mapping for a party in this node's local store. */
  Optional<StoredTopologyTransaction> localHead(String party) {
    if (state.observedTime == null) {
      return Optional.empty();
    }
    return net.sync.topology.stream()
        .filter(r -> !r.proposal() && r.currentAt(state.observedTime))
        .filter(r -> r.transaction().mapping().party().equals(party))
        .findFirst();
  }

  /**
   * Signs a PartyToParticipant change with this node's namespace and queues it for sequencing, like
   * Authorize with a proposal. A serial of 0 lets the node pick (head + 1, or the head's serial for an
   * identical mapping).
   */
  public TopologyTransaction authorize(
      TopologyTransaction.Op op, int serial, PartyToParticipant mapping) {
    return authorize(op, serial, mapping, false);
  }

  /**
   * Like {@link #authorize(TopologyTransaction.Op, int, PartyToParticipant)}; with {@code
   * mustFullyAuthorize} the call fails unless this node's signature completes the authorization.
   */
  public TopologyTransaction authorize(
      TopologyTransaction.Op op, int serial, PartyToParticipant mapping, boolean mustFullyAuthorize) {
    return net.locked(
        () -> {
          checkUp();
          requireTopologyStore();
          validate(mapping);
          int chosen = pickSerial(op, serial, mapping);
          TopologyTransaction tx = new TopologyTransaction(op, chosen, mapping);
          if (mustFullyAuthorize && !wouldBeFullyAuthorized(tx)) {
            throw new CantonError(
                "TOPOLOGY_UNAUTHORIZED_TRANSACTION",
                9,
                "Transaction for " + mapping.party() + " is not fully authorized by " + uid + "'s keys");
          }
          enqueue(tx);
          return tx;
        });
  }

  /**
   * The serial Authorize would use: 1 for a new party, the head's serial for an identical mapping
   * (which only adds a signature), head + 1 otherwise. A non-zero {@code serial} must match it.
   */
  private int pickSerial(TopologyTransaction.Op op, int serial, PartyToParticipant mapping) {
    Optional<StoredTopologyTransaction> head = localHead(mapping.party());
    if (head.isEmpty()) {
      if (serial != 0 && serial != 1) {
        throw serialMismatch(1, serial);
      }
      return 1;
    }
    TopologyTransaction h = head.get().transaction();
    if (h.op() == op && h.mapping().equals(mapping)) {
      if (serial != 0 && serial != h.serial()) {
        throw new CantonError(
            "TOPOLOGY_MAPPING_ALREADY_EXISTS", 10, "The mapping already exists with serial " + h.serial());
      }
      return h.serial();
    }
    if (serial != 0 && serial != h.serial() + 1) {
      throw serialMismatch(h.serial() + 1, serial);
    }
    return h.serial() + 1;
  }

  /**
   * Builds an unsigned transaction for signing elsewhere (GenerateTransactions): the same checks and
   * serial choice as Authorize, but nothing is signed, stored or sent.
   */
  public TopologyTransaction prepare(TopologyTransaction.Op op, int serial, PartyToParticipant mapping) {
    return net.locked(
        () -> {
          checkUp();
          requireTopologyStore();
          validate(mapping);
          return new TopologyTransaction(op, pickSerial(op, serial, mapping), mapping);
        });
  }

  /**
   * Submits a transaction with signatures made outside the node (AddTransactions): every signature
   * must verify against a registered root key; the node adds none of its own.
   *
   * @param signatures key fingerprint → Ed25519 signature over the transaction hash
   */
  public void addSigned(TopologyTransaction tx, Map<String, byte[]> signatures) {
    net.locked(
        () -> {
          checkUp();
          requireTopologyStore();
          validate(tx.mapping());
          if (signatures.isEmpty()) {
            throw new CantonError("TOPOLOGY_UNAUTHORIZED_TRANSACTION", 8, "The transaction carries no signature");
          }
          signatures.forEach((signedBy, signature) -> net.namespaces().verify(tx.hash(), signedBy, signature));
          enqueue(tx, Set.copyOf(signatures.keySet()));
          return null;
        });
  }

  private static void validate(PartyToParticipant mapping) {
    if (mapping.threshold() < 1 || !Ids.isUid(mapping.party())) {
      throw new CantonError("TOPOLOGY_INVALID_MAPPING", 8, "Invalid PartyToParticipant mapping");
    }
    if (mapping.threshold() > mapping.participants().size()) {
      throw new CantonError(
          "TOPOLOGY_CONFIRMING_THRESHOLD_CANNOT_BE_REACHED",
          10,
          "Threshold " + mapping.threshold() + " exceeds the " + mapping.participants().size() + " hosts");
    }
  }

  /** Adds this node's signature to a transaction it knows by hash (Authorize by transaction_hash). */
  public TopologyTransaction authorizeByHash(String hashHex) {
    return net.locked(
        () -> {
          checkUp();
          requireTopologyStore();
          TopologyTransaction tx =
              net.sync.topology.stream()
                  .filter(r -> state.observedTime != null && r.currentAt(state.observedTime))
                  .map(StoredTopologyTransaction::transaction)
                  .filter(t -> t.hashHex().equalsIgnoreCase(hashHex))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          new CantonError(
                              "TOPOLOGY_TRANSACTION_NOT_FOUND", 11, "No transaction with hash " + hashHex));
          enqueue(tx);
          return tx;
        });
  }

  /** Whether {@code tx} would be fully authorized with this node's signature plus existing ones. */
  public boolean wouldBeFullyAuthorized(TopologyTransaction tx) {
    return net.locked(
        () -> {
          Set<String> signers = new LinkedHashSet<>(Set.of(namespace));
          signersOf(tx).forEach(signers::add);
          PartyToParticipant before =
              localHead(tx.mapping().party())
                  .filter(h -> !Arrays.equals(h.transaction().hash(), tx.hash()))
                  .map(h -> h.transaction().mapping())
                  .orElse(null);
          return net.sync.isAuthorized(before, tx, signers);
        });
  }

  /** Signatures the stored copies of {@code tx} already carry (in this node's view). */
  public Set<String> signersOf(TopologyTransaction tx) {
    return net.locked(
        () -> {
          Set<String> signers = new LinkedHashSet<>();
          for (StoredTopologyTransaction r : net.sync.topology) {
            if (state.observedTime != null
                && r.currentAt(state.observedTime)
                && Arrays.equals(r.transaction().hash(), tx.hash())) {
              signers.addAll(r.signedBy());
            }
          }
          return signers;
        });
  }

  /** Whether {@code tx} is fully authorized and effective in this node's view. */
  public boolean isEffective(TopologyTransaction tx) {
    return net.locked(
        () ->
            state.observedTime != null
                && net.sync.topology.stream()
                    .anyMatch(
                        r ->
                            !r.proposal()
                                && Arrays.equals(r.transaction().hash(), tx.hash())
                                && !r.sequenced().isAfter(state.observedTime)
                                && !r.validFrom().isAfter(state.observedTime)));
  }

  private void enqueue(TopologyTransaction tx) {
    enqueue(tx, Set.of(namespace));
  }

  private void enqueue(TopologyTransaction tx, Set<String> signers) {
    outbox.add(tx);
    int epoch = connectionEpoch;
    net.later(
        net.timings.outboxDelay(),
        () -> {
          if (!connected || crashed || connectionEpoch != epoch || !outbox.remove(tx)) {
            return; // lost with the in-memory outbox
          }
          net.sequenceTopology(this, tx, signers);
        });
  }

  private static CantonError serialMismatch(int expected, int actual) {
    return new CantonError(
        "TOPOLOGY_SERIAL_MISMATCH", 9, "The given serial " + actual + " does not match the expected serial " + expected);
  }

  // ------------------------------------------------------------------------------------------------
  // Parties and contracts

  /** Allocates a local party owned by this node's namespace and waits until it is effective. */
  public String allocateParty(String hint) {
    String party = hint + "::" + namespace;
    TopologyTransaction tx =
        authorize(
            TopologyTransaction.Op.ADD_REPLACE,
            0,
            new PartyToParticipant(
                party, 1, List.of(new HostingParticipant(uid, Permission.SUBMISSION, false)), null));
    net.awaitCondition(() -> isEffectiveUnlocked(tx), Duration.ofSeconds(10), "party " + party + " to be allocated");
    return party;
  }

  /**
   * Allocates a party in a namespace held outside the nodes, hosted here: {@code signers} sign the
   * transaction (as AddTransactions would carry it) and this node signs as host. An external party
   * also carries its signing key in the mapping.
   */
  public String allocatePartyOwnedBy(
      String hint, String namespace, List<ExternalKey> signers, Permission permission, boolean external) {
    String party = hint + "::" + namespace;
    com.google.protobuf.ByteString signingKeys = com.google.protobuf.ByteString.EMPTY;
    if (external) {
      var keys = io.cantonrunbooks.cantonapi.crypto.v30.SigningKeysWithThreshold.newBuilder().setThreshold(1);
      for (ExternalKey key : signers) {
        keys.addKeys(io.cantonrunbooks.cantonapi.crypto.v30.SigningPublicKey.newBuilder()
            .setFormat(io.cantonrunbooks.cantonapi.crypto.v30.CryptoKeyFormat.CRYPTO_KEY_FORMAT_DER_X509_SUBJECT_PUBLIC_KEY_INFO)
            .setPublicKey(com.google.protobuf.ByteString.copyFrom(key.publicKey().getEncoded()))
            .addUsage(io.cantonrunbooks.cantonapi.crypto.v30.SigningKeyUsage.SIGNING_KEY_USAGE_PROTOCOL)
            .setKeySpec(io.cantonrunbooks.cantonapi.crypto.v30.SigningKeySpec.SIGNING_KEY_SPEC_EC_CURVE25519));
      }
      signingKeys = keys.build().toByteString();
    }
    PartyToParticipant mapping =
        new PartyToParticipant(party, 1, List.of(new HostingParticipant(uid, permission, false)), signingKeys);
    TopologyTransaction tx = prepare(TopologyTransaction.Op.ADD_REPLACE, 0, mapping);
    Map<String, byte[]> signatures = new LinkedHashMap<>();
    for (ExternalKey key : signers) {
      signatures.put(key.fingerprint(), key.sign(tx.hash()));
    }
    addSigned(tx, signatures);
    authorize(tx.op(), tx.serial(), mapping);
    net.awaitCondition(() -> isEffectiveUnlocked(tx), Duration.ofSeconds(10), "party " + party + " to be allocated");
    return party;
  }

  private boolean isEffectiveUnlocked(TopologyTransaction tx) {
    return state.observedTime != null
        && net.sync.topology.stream()
            .anyMatch(
                r ->
                    !r.proposal()
                        && Arrays.equals(r.transaction().hash(), tx.hash())
                        && !r.validFrom().isAfter(state.observedTime));
  }

  /** Active contracts with {@code party} as stakeholder, as of the ledger end. */
  public List<Contract> activeContracts(String party) {
    return net.locked(() -> activeContractsAt(party, state.ledgerEnd));
  }

  /**
   * Active contracts with {@code party} as stakeholder as of {@code offset}; below the pruning point
   * this fails with {@code PARTICIPANT_PRUNED_DATA_ACCESSED}.
   */
  public List<Contract> activeContractsAt(String party, long offset) {
    return net.locked(
        () -> {
          if (offset < state.prunedUpTo) {
            throw CantonError.prunedDataAccessed(offset, state.prunedUpTo);
          }
          return state.acs.values().stream()
              .filter(e -> e.activeAt(offset) && (party == null || e.contract().hasStakeholder(party)))
              .map(AcsEntry::contract)
              .sorted(Comparator.comparing(Contract::contractId))
              .toList();
        });
  }

  boolean isActiveHere(String contractId) {
    AcsEntry e = state.acs.get(contractId);
    return e != null && !e.tombstone() && e.archivedAt() == null;
  }

  Optional<Contract> contract(String contractId) {
    return Optional.ofNullable(state.acs.get(contractId)).map(AcsEntry::contract);
  }

  boolean responsive() {
    return connected && !crashed && !state.halted;
  }

  // ------------------------------------------------------------------------------------------------
  // ExportPartyAcs / ExportAcs

  /** The result of locating a party's activation on this node's ledger. */
  public record Activation(long offset, Instant effectiveTime, HostingEvent event) {}

  /** The snapshot an export produces. */
  public record AcsExport(Activation activation, List<Contract> contracts) {}

  /**
   * ExportPartyAcs: finds the first Onboarding/Added activation of {@code targetUid} for the party after
   * {@code beginOffsetExclusive} (waiting up to {@code timeout}), checks the onboarding flag, and
   * returns the party's stakeholder contracts at that offset minus those with another stakeholder
   * hosted on the target.
   */
  public AcsExport exportPartyAcs(
      String party, String synchronizerId, String targetUid, long beginOffsetExclusive, Duration timeout) {
    Activation activation;
    Set<String> onTarget;
    List<AcsEntry> entries;
    net.lock();
    try {
      checkUp();
      requireLedgerEnd();
      if (!Ids.isUid(party)) {
        throw CantonError.invalidArgumentParty("Invalid party id " + party);
      }
      checkSynchronizerArgument(synchronizerId);
      checkBeginOffset(beginOffsetExclusive);
      if (timeout.isNegative()) {
        throw CantonError.invalidArgumentParty("wait_for_activation_timeout must not be negative");
      }
      if (!Ids.isUid(targetUid)) {
        throw CantonError.invalidArgumentParty("Invalid target participant uid " + targetUid);
      }
      activation = findActivation(party, targetUid, beginOffsetExclusive, timeout);
      PartyToParticipant after = net.sync.hostingJustAfter(activation.effectiveTime()).get(party);
      boolean flagged =
          after != null && after.host(targetUid).map(HostingParticipant::onboarding).orElse(false);
      if (!flagged) {
        throw new CantonError(
            "PARTY_ACS_EXPORT_MISSING_TARGET_ONBOARDING_MAPPING",
            9,
            "Party " + party + " is not hosted on " + targetUid + " with the onboarding flag at "
                + activation.effectiveTime());
      }
      if (activation.offset() < state.prunedUpTo) {
        throw CantonError.ioStreamParty(
            CantonError.prunedDataAccessed(activation.offset(), state.prunedUpTo).toString());
      }
      onTarget =
          Synchronizer.partiesHostedBy(net.sync.hostingJustAfter(activation.effectiveTime()), targetUid);
      onTarget.remove(party);
      entries = snapshotOfAcs();
    } finally {
      net.unlock();
    }
    long offset = activation.offset();
    List<Contract> contracts =
        entries.stream()
            .filter(e -> e.activeAt(offset) && e.contract().hasStakeholder(party))
            .map(AcsEntry::contract)
            .filter(c -> c.stakeholders().stream().noneMatch(onTarget::contains))
            .sorted(Comparator.comparing(Contract::contractId))
            .toList();
    return new AcsExport(activation, contracts);
  }

  /**
   * The ACS entries as they are now (lock held). Entries are immutable, so an export can select and
   * sort its contracts from this copy after releasing the lock: a large export then does not stall
   * the synchronizer, the other nodes and the background jobs while it works.
   */
  private List<AcsEntry> snapshotOfAcs() {
    return new ArrayList<>(state.acs.values());
  }

  private Activation findActivation(String party, String targetUid, long begin, Duration timeout) {
    if (begin + 1 <= state.prunedUpTo) {
      throw CantonError.mappingNotFound(
          "Topology events request from " + begin + " precedes pruned offset " + state.prunedUpTo);
    }
    Instant deadline = net.now().plus(timeout);
    while (true) {
      for (LedgerUpdate u : state.updates) {
        if (u.offset() <= begin || !(u instanceof LedgerUpdate.Topology t)) {
          continue;
        }
        for (HostingEvent e : t.events()) {
          if (e.party().equals(party)
              && e.participantUid().equals(targetUid)
              && (e.kind() == HostingEvent.Kind.ONBOARDING || e.kind() == HostingEvent.Kind.ADDED)) {
            return new Activation(u.offset(), u.recordTime(), e);
          }
        }
      }
      if (!net.awaitChange(deadline)) {
        throw CantonError.mappingNotFound(
            "No activation of "
                + party
                + " on "
                + targetUid
                + " after offset "
                + begin
                + ": the topology transactions stream timed out after "
                + timeout);
      }
      checkUp();
    }
  }

  private void requireLedgerEnd() {
    if (state.ledgerEnd == 0) {
      throw CantonError.invalidStateParty("The participant has no ledger end yet");
    }
  }

  private void checkSynchronizerArgument(String synchronizerId) {
    if (!net.sync.id.equals(synchronizerId) || !state.everConnected) {
      throw CantonError.invalidArgumentParty("Unknown synchronizer id " + synchronizerId);
    }
  }

  private void checkBeginOffset(long begin) {
    if (begin <= 0 || begin > state.ledgerEnd) {
      throw CantonError.invalidArgumentParty(
          "begin_offset_exclusive " + begin + " must be positive and at most the ledger end " + state.ledgerEnd);
    }
  }

  /** The repair ExportAcs: contracts of the given parties (all hosted if empty) at an offset. */
  public List<Contract> exportAcs(
      Set<String> parties, String synchronizerId, long offset, Set<String> excludedStakeholders) {
    record Selection(Set<String> wanted, List<AcsEntry> entries) {}
    Selection selection =
        net.locked(
            () -> {
              checkUp();
              if (offset <= 0 || offset > state.ledgerEnd) {
                throw new CantonError(
                    "INVALID_ARGUMENT_REPAIR", 8, "ledger_offset " + offset + " must be in (0, " + state.ledgerEnd + "]");
              }
              if (!synchronizerId.isEmpty() && !net.sync.id.equals(synchronizerId)) {
                throw new CantonError("INVALID_ARGUMENT_REPAIR", 8, "Unknown synchronizer " + synchronizerId);
              }
              if (offset < state.prunedUpTo) {
                throw new CantonError(
                    "IO_STREAM_REPAIR_ERROR", 9, CantonError.prunedDataAccessed(offset, state.prunedUpTo).toString());
              }
              Set<String> wanted =
                  parties.isEmpty()
                      ? Synchronizer.partiesHostedBy(net.sync.hostingAt(observedOrEpoch().plusNanos(1)), uid)
                      : parties;
              return new Selection(wanted, snapshotOfAcs());
            });
    return selection.entries().stream()
        .filter(e -> e.activeAt(offset))
        .map(AcsEntry::contract)
        .filter(c -> c.stakeholders().stream().anyMatch(selection.wanted()::contains))
        .filter(c -> c.stakeholders().stream().noneMatch(excludedStakeholders::contains))
        .sorted(Comparator.comparing(Contract::contractId))
        .toList();
  }

  private Instant observedOrEpoch() {
    return state.observedTime == null ? Instant.EPOCH : state.observedTime;
  }

  // ------------------------------------------------------------------------------------------------
  // ImportPartyAcs / ImportAcs

  /**
   * Starts an import after the checks Canton runs before reading any contract: the onboarding mapping
   * (only with a party id), then "still connected", then the synchronizer's state.
   */
  public ImportSession beginImport(ImportOptions options) {
    return net.locked(
        () -> {
          checkUp();
          if (options.partyId() != null) {
            if (!net.sync.id.equals(options.synchronizerId()) || !state.everConnected) {
              throw CantonError.invalidStateParty(
                  "Synchronizer " + options.synchronizerId() + " has no active physical id on this node");
            }
            if (!hasOnboardingMapping(options.partyId())) {
              throw new CantonError(
                  "PARTY_ACS_IMPORT_MISSING_ONBOARDING_MAPPING",
                  9,
                  "Aborted ACS import: no PartyToParticipant mapping (effective or proposed) hosts "
                      + options.partyId()
                      + " on "
                      + uid
                      + " with the onboarding flag");
            }
          }
          if (connected) {
            String cause = "There are still synchronizers connected. Please disconnect all synchronizers.";
            throw options.partyEndpoint() ? CantonError.ioStreamParty(cause) : CantonError.importAcs(cause);
          }
          if (!net.sync.id.equals(options.synchronizerId()) || !state.everConnected) {
            throw CantonError.importAcs(
                "Synchronizer " + options.synchronizerId() + " is unknown or was never connected");
          }
          return new ImportSession(options, incarnation);
        });
  }

  private boolean hasOnboardingMapping(String party) {
    if (state.observedTime == null) {
      return false;
    }
    return net.sync.topology.stream()
        .filter(r -> r.currentAt(state.observedTime))
        .map(r -> r.transaction().mapping())
        .filter(m -> m.party().equals(party))
        .anyMatch(m -> m.host(uid).map(HostingParticipant::onboarding).orElse(false));
  }

  /**
   * One running import: records are checked as they arrive and staged; nothing is visible on the
   * ledger until {@link #commit()}, and a crash in between loses everything staged.
   */
  public final class ImportSession {
    private final ImportOptions options;
    private final int startedIncarnation;
    private final LinkedHashMap<String, Contract> staged = new LinkedHashMap<>();
    private int skipped;
    private boolean done;

    private ImportSession(ImportOptions options, int incarnation) {
      this.options = options;
      this.startedIncarnation = incarnation;
    }

    /** Number of contracts staged so far. */
    public int stagedCount() {
      return staged.size();
    }

    /** Number of identical, already active contracts skipped so far. */
    public int skippedCount() {
      return skipped;
    }

    /** Checks one snapshot record and stages it (or skips it, or fails the import). */
    public void add(ImportRecord record) {
      net.locked(
          () -> {
            checkAlive();
            if (!options.synchronizerId().equals(record.synchronizerId())) {
              return; // records assigned elsewhere are dropped silently
            }
            Contract c = record.contract();
            if (c.stakeholders().stream().anyMatch(options.excludedStakeholders()::contains)) {
              return;
            }
            if (record.reassignmentCounter() != 0) {
              throw CantonError.importAcs(
                  "Contract " + c.contractId() + " has reassignment counter " + record.reassignmentCounter()
                      + " but enable-all-ledger-api-reassignments is off");
            }
            selectPackage(record);
            AcsEntry existing = state.acs.get(c.contractId());
            if (existing != null) {
              if (existing.tombstone() || existing.archivedAt() != null) {
                throw CantonError.importAcs("Cannot add previously archived contract " + c.contractId());
              }
              if (!existing.contract().equals(c)) {
                throw CantonError.importAcs(
                    "Contract " + c.contractId() + " exists in the active contract store but does not match");
              }
              skipped++;
              return;
            }
            Contract previous = staged.putIfAbsent(c.contractId(), c);
            if (previous != null && !previous.equals(c)) {
              throw CantonError.importAcs("Contract " + c.contractId() + " appears twice with different content");
            }
          });
    }

    private void selectPackage(ImportRecord record) {
      Contract c = record.contract();
      String exported =
          record.representativePackageId().isEmpty()
              ? c.templateId().packageId()
              : record.representativePackageId();
      String chosen = options.contractOverride().get(c.contractId());
      if (chosen == null) {
        chosen = options.packageIdOverride().get(exported);
      }
      if (chosen == null && state.knownPackages.contains(exported)) {
        chosen = exported;
      }
      if (chosen == null && state.knownPackages.contains(c.templateId().packageId())) {
        chosen = c.templateId().packageId();
      }
      if (chosen == null) {
        chosen = options.packageNameOverride().get(c.packageName());
      }
      if (chosen == null) {
        chosen =
            state.dars.values().stream()
                .filter(d -> d.name().equals(c.packageName()))
                .map(Dar::mainPackageId)
                .reduce((a, b) -> b)
                .orElse(null);
      }
      if (chosen == null || !state.knownPackages.contains(chosen)) {
        throw CantonError.importAcs(
            "Could not select a representative package-id for contract " + c.contractId()
                + ": Failed to locate package " + exported + " (" + c.packageName() + ")");
      }
      if (options.mode() == ImportOptions.Mode.ACCEPT && !chosen.equals(exported)) {
        throw CantonError.importAcs(
            "Contract " + c.contractId() + ": representative package " + chosen
                + " differs from the exported " + exported + " in ACCEPT mode");
      }
    }

    private void checkAlive() {
      if (done) {
        throw new IllegalStateException("import already finished");
      }
      if (incarnation != startedIncarnation || crashed) {
        throw new CantonError("NODE_NOT_RUNNING", 1, "The participant restarted during the import");
      }
    }

    /** Publishes every staged contract at once, plus the commit marker; returns contracts added. */
    public int commit() {
      return net.locked(
          () -> {
            checkAlive();
            if (connected) {
              String cause = "There are still synchronizers connected. Please disconnect all synchronizers.";
              throw options.partyEndpoint() ? CantonError.ioStreamParty(cause) : CantonError.importAcs(cause);
            }
            done = true;
            if (options.partyId() != null && net.sync.protocolVersion >= 35) {
              Instant validFrom = effectiveOnboardingValidFrom(options.partyId());
              if (state.pendingClearances.containsKey(options.partyId())) {
                Instant existing = state.pendingClearances.get(options.partyId());
                if (existing != null && validFrom != null && !existing.equals(validFrom)) {
                  throw CantonError.invalidStateParty(
                      "A pending onboarding clearance with different data exists for " + options.partyId());
                }
              } else {
                state.pendingClearances.put(options.partyId(), validFrom);
              }
            }
            Instant recordTime = observedOrEpoch();
            Instant now = net.now();
            String prefix =
                options.workflowIdPrefix() == null || options.workflowIdPrefix().isEmpty()
                    ? "import-" + net.nextId("import")
                    : options.workflowIdPrefix();
            List<Contract> all = new ArrayList<>(staged.values());
            int n = 0;
            for (int from = 0; from < all.size(); from += 1000) {
              List<Contract> batch = all.subList(from, Math.min(all.size(), from + 1000));
              Map<Instant, List<Contract>> byCreateTime =
                  batch.stream()
                      .collect(Collectors.groupingBy(Contract::createdAt, TreeMap::new, Collectors.toList()));
              for (List<Contract> group : byCreateTime.values()) {
                String workflowId = prefix + "-" + (++n);
                long offset =
                    append(o -> new LedgerUpdate.Import(o, recordTime, now, workflowId, List.copyOf(group)));
                for (Contract c : group) {
                  putAcs(new AcsEntry(c, offset, null, false));
                }
              }
            }
            append(o -> new LedgerUpdate.CommitMarker(o, recordTime, now));
            state.repairCounter++;
            net.signal();
            return all.size();
          });
    }
  }

  private Instant effectiveOnboardingValidFrom(String party) {
    return localHead(party)
        .filter(h -> h.transaction().mapping().host(uid).map(HostingParticipant::onboarding).orElse(false))
        .filter(h -> !h.validFrom().isAfter(observedOrEpoch()))
        .map(StoredTopologyTransaction::validFrom)
        .orElse(null);
  }

  // ------------------------------------------------------------------------------------------------
  // ClearPartyOnboardingFlag

  /** The answer of ClearPartyOnboardingFlag. */
  public record ClearanceStatus(boolean onboarded, Instant earliestRetry) {}

  /**
   * ClearPartyOnboardingFlag: "not yet, safe after T" until the decision timeout after activation has
   * passed in observed synchronizer time, then proposes the clearing, then reports onboarded once the
   * clearing is effective.
   */
  public ClearanceStatus clearOnboardingFlag(
      String party, String synchronizerId, long beginOffsetExclusive, Duration timeout) {
    net.lock();
    try {
      checkUp();
      requireLedgerEnd();
      if (!Ids.isUid(party)) {
        throw CantonError.invalidArgumentParty("Invalid party id " + party);
      }
      checkSynchronizerArgument(synchronizerId);
      checkBeginOffset(beginOffsetExclusive);
      if (!connected) {
        throw CantonError.invalidStateParty(
            "A connection to synchronizer " + synchronizerId + " is required to clear the onboarding flag");
      }
      Activation activation = findActivation(party, uid, beginOffsetExclusive, timeout);
      PartyToParticipant after = net.sync.hostingJustAfter(activation.effectiveTime()).get(party);
      if (after == null || !after.host(uid).map(HostingParticipant::onboarding).orElse(false)) {
        throw new CantonError(
            "PARTY_ONBOARDING_CLEARANCE_MISSING_MAPPING",
            9,
            "The activation of " + party + " at offset " + activation.offset() + " does not carry the onboarding flag for " + uid);
      }
      if (timeTrackerEmpty) {
        // Canton's time tracker is empty right after a restart and the call then wrongly reports
        // success; runbooks must check the mapping itself.
        return new ClearanceStatus(true, null);
      }
      // Onboarded only once the clearing is effective in the node's view, not merely sequenced.
      PartyToParticipant effective = net.sync.hostingAt(state.observedTime).get(party);
      Optional<HostingParticipant> me = effective == null ? Optional.empty() : effective.host(uid);
      Optional<StoredTopologyTransaction> head = localHead(party);
      if (me.isEmpty() || head.isEmpty() || head.get().transaction().mapping().host(uid).isEmpty()) {
        throw CantonError.invalidStateParty("Participant " + uid + " no longer hosts " + party);
      }
      if (!me.get().onboarding()) {
        return new ClearanceStatus(true, null);
      }
      if (net.sync.protocolVersion >= 35) {
        state.pendingClearances.put(party, activation.effectiveTime());
      }
      Instant safe = net.sync.latestDecisionDeadline(activation.effectiveTime());
      proposeClearingIfSafe(party, safe, head.get());
      return new ClearanceStatus(false, safe);
    } finally {
      net.unlock();
    }
  }

  private void proposeClearingIfSafe(String party, Instant safe, StoredTopologyTransaction head) {
    if (head.transaction().mapping().host(uid).map(h -> !h.onboarding()).orElse(false)) {
      return; // the clearing is sequenced and waits for its effective time
    }
    if (state.observedTime != null && state.observedTime.isAfter(safe)) {
      Instant last = clearanceAttempts.get(party);
      Instant now = net.now();
      if (last == null || now.isAfter(last.plus(net.timings.clearanceRetryInterval().multipliedBy(5)))) {
        clearanceAttempts.put(party, now);
        PartyToParticipant current = head.transaction().mapping();
        List<HostingParticipant> hosts =
            current.participants().stream()
                .map(h -> h.participantUid().equals(uid) ? new HostingParticipant(uid, h.permission(), false) : h)
                .toList();
        enqueue(
            new TopologyTransaction(
                TopologyTransaction.Op.ADD_REPLACE,
                head.transaction().serial() + 1,
                new PartyToParticipant(party, current.threshold(), hosts, current.partySigningKeys())));
      }
    } else {
      // Ask for a time proof just after the safe time so time moves even on an idle synchronizer.
      net.requestTimeProof(safe.plusMillis(1));
    }
  }

  /** Background step of the PV35 automatic clearance (called on the scheduler under the lock). */
  void automaticClearanceStep() {
    if (!responsive() || state.pendingClearances.isEmpty()) {
      return;
    }
    for (Map.Entry<String, Instant> e : List.copyOf(state.pendingClearances.entrySet())) {
      if (e.getValue() == null) {
        continue; // waits until the Onboarding event is processed
      }
      Optional<StoredTopologyTransaction> head = localHead(e.getKey());
      Optional<HostingParticipant> me = head.flatMap(h -> h.transaction().mapping().host(uid));
      if (me.isEmpty() || !me.get().onboarding()) {
        continue;
      }
      proposeClearingIfSafe(e.getKey(), net.sync.latestDecisionDeadline(e.getValue()), head.get());
    }
  }

  /** Parties with a pending (PV35) onboarding clearance on this node, and their activation time. */
  public Map<String, Optional<Instant>> pendingClearances() {
    return net.locked(
        () -> {
          Map<String, Optional<Instant>> copy = new LinkedHashMap<>();
          state.pendingClearances.forEach((k, v) -> copy.put(k, Optional.ofNullable(v)));
          return copy;
        });
  }

  // ------------------------------------------------------------------------------------------------
  // Packages

  /** Uploads a DAR; with {@code vet} it is also vetted (which needs a connected synchronizer). */
  public Dar uploadDar(byte[] bytes, String description, boolean vet, String synchronizerId) {
    return uploadDar(bytes, description, vet, synchronizerId, false);
  }

  /**
   * Uploads a DAR; with {@code vet} its packages are also vetted, which is a topology transaction:
   * it waits in the node's in-memory outbox, is sequenced, and applies after the topology change
   * delay. With {@code synchronize} the call returns only once the vetting is effective on this node.
   */
  public Dar uploadDar(byte[] bytes, String description, boolean vet, String synchronizerId, boolean synchronize) {
    return net.locked(
        () -> {
          checkUp();
          if (vet) {
            requireVettingConnection(synchronizerId);
          }
          Dar dar = DarFile.describe(bytes, description);
          state.dars.put(dar.mainPackageId(), dar);
          state.knownPackages.addAll(dar.packageIds());
          if (vet) {
            vet(dar.packageIds(), synchronize);
          }
          return dar;
        });
  }

  /** The network's own DAR: uploaded and vetted from the synchronizer's genesis on. */
  void uploadDarVettedAtGenesis(byte[] bytes, String description) {
    Dar dar = DarFile.describe(bytes, description);
    state.dars.put(dar.mainPackageId(), dar);
    state.knownPackages.addAll(dar.packageIds());
    Set<String> vetted = new LinkedHashSet<>(net.sync.vettedAt(uid, Instant.MAX));
    vetted.addAll(dar.packageIds());
    net.sync.vet(uid, vetted, Instant.EPOCH, Instant.EPOCH);
  }

  /** Vets an uploaded DAR's packages on the synchronizer. */
  public void vetDar(String mainPackageId, String synchronizerId) {
    vetDar(mainPackageId, synchronizerId, false);
  }

  /** Like {@link #vetDar(String, String)}; with {@code synchronize} it waits until the vetting is effective here. */
  public void vetDar(String mainPackageId, String synchronizerId, boolean synchronize) {
    net.locked(
        () -> {
          checkUp();
          Dar dar = state.dars.get(mainPackageId);
          if (dar == null) {
            throw new CantonError("DAR_NOT_FOUND", 11, "No DAR with main package id " + mainPackageId);
          }
          requireVettingConnection(synchronizerId);
          vet(dar.packageIds(), synchronize);
        });
  }

  /**
   * Proposes this node's vetted set plus {@code packages} (nothing if they are all vetted or pending
   * already) and, with {@code synchronize}, waits until this node sees it effective.
   */
  private void vet(java.util.Collection<String> packages, boolean synchronize) {
    Set<String> current =
        new LinkedHashSet<>(pendingVetting != null ? pendingVetting : vettedPackagesKnown());
    if (!current.containsAll(packages)) {
      current.addAll(packages);
      pendingVetting = Set.copyOf(current);
      Set<String> proposed = pendingVetting;
      int epoch = connectionEpoch;
      net.later(
          net.timings.outboxDelay(),
          () -> {
            if (!connected || crashed || connectionEpoch != epoch || pendingVetting != proposed) {
              return; // lost with the in-memory outbox, or replaced by a later proposal
            }
            pendingVetting = null;
            net.sequenceVetting(this, proposed);
          });
    }
    if (!synchronize) {
      return;
    }
    Instant deadline = net.now().plusSeconds(30);
    while (!net.sync.vettedAt(uid, observedOrEpoch()).containsAll(packages)) {
      if (!connected) {
        throw new CantonError(
            "PACKAGE_SERVICE_NOT_CONNECTED_TO_SYNCHRONIZER",
            9,
            "Disconnected before the vetting of " + packages.size() + " packages took effect");
      }
      if (!net.awaitChange(deadline)) {
        throw new CantonError("PACKAGE_VETTING_TIMEOUT", 3, "The vetting did not take effect within 30 s");
      }
    }
  }

  private Set<String> vettedPackagesKnown() {
    return net.sync.vettingKnownAt(uid, observedOrEpoch()).map(Vetting::packages).orElse(Set.of());
  }

  private void requireVettingConnection(String synchronizerId) {
    if (synchronizerId != null && !synchronizerId.isEmpty()) {
      if (!connected || !net.sync.id.equals(synchronizerId)) {
        throw new CantonError(
            "PACKAGE_SERVICE_NOT_CONNECTED_TO_SYNCHRONIZER", 9, "Not connected to synchronizer " + synchronizerId);
      }
    } else if (!connected) {
      throw new CantonError(
          "PACKAGE_SERVICE_CANNOT_AUTODETECT_SYNCHRONIZER", 9, "No connected synchronizer to vet on");
    }
  }

  /** Uploaded DARs in upload order. */
  public List<Dar> dars() {
    return net.locked(() -> List.copyOf(state.dars.values()));
  }

  /**
   * Package ids this node has vetted, as its topology store shows them: the latest VettedPackages
   * transaction it has processed (possibly not effective yet).
   */
  public Set<String> vettedPackages() {
    return net.locked(this::vettedPackagesKnown);
  }

  /** The latest VettedPackages transaction of {@code participantUid} that this node has processed. */
  public Optional<Vetting> vettingOf(String participantUid) {
    return net.locked(() -> net.sync.vettingKnownAt(participantUid, observedOrEpoch()));
  }

  // ------------------------------------------------------------------------------------------------
  // Pruning

  /** The automatic pruning schedule, if one is set. */
  public Optional<PruningSchedule> pruningSchedule() {
    return net.locked(() -> Optional.ofNullable(state.schedule));
  }

  /** Sets (or replaces) the automatic pruning schedule after validating its cron expression. */
  public void setPruningSchedule(PruningSchedule schedule) {
    net.locked(
        () -> {
          checkUp();
          CronSchedule.validate(schedule);
          state.schedule = schedule;
          state.lastPruningFire = net.now();
        });
  }

  /** Clears the automatic pruning schedule (a no-op when none is set). */
  public void clearPruningSchedule() {
    net.locked(
        () -> {
          checkUp();
          state.schedule = null;
        });
  }

  /**
   * How far pruning may go now and why not further.
   *
   * @param lastSafeOffset the highest offset that may be pruned; the pruning point (0 if never
   *     pruned) when nothing more may be
   * @param limitedBy the bound that protects the next offset, in words; it starts with the bound's
   *     name ({@code ACS commitments}, {@code crash recovery}, {@code topology}, {@code max
   *     deduplication duration})
   */
  public record SafePruningPoint(long lastSafeOffset, String limitedBy) {}

  /** One reason to keep history: {@code firstUnsafe} and every later offset are protected. */
  record PruningLimit(long firstUnsafe, String reason) {}

  /** The highest offset a full prune accepts now (matched commitments only, as by default). */
  public long safePruningOffset() {
    return safePruningPoint(PrunableCommitments.MATCHED).lastSafeOffset();
  }

  /**
   * The highest offset that may be pruned now: below the first offset any of Canton's bounds
   * protects (ACS commitments, crash recovery, pending topology, deduplication), with the bound that
   * stops it.
   */
  public SafePruningPoint safePruningPoint(PrunableCommitments commitments) {
    return net.locked(
        () -> {
          PruningLimit lowest = null;
          for (PruningLimit limit : pruningLimits(commitments)) {
            if (lowest == null || limit.firstUnsafe() < lowest.firstUnsafe()) {
              lowest = limit;
            }
          }
          if (lowest == null) {
            return new SafePruningPoint(state.ledgerEnd, "nothing: the whole ledger may be pruned");
          }
          return new SafePruningPoint(Math.max(state.prunedUpTo, lowest.firstUnsafe() - 1), lowest.reason());
        });
  }

  /** Every bound on pruning that applies now (lock held), each as the first offset it protects. */
  List<PruningLimit> pruningLimits(PrunableCommitments rule) {
    List<PruningLimit> limits = new ArrayList<>();
    // Canton keeps the history it may need to investigate a commitment period that has not (yet)
    // matched; nothing is prunable before the first period is computed.
    Optional<AcsCommitments.PrunableUpTo> commitments = net.commitments.prunableUpTo(this, rule);
    if (commitments.isEmpty()) {
      limits.add(new PruningLimit(state.prunedUpTo + 1, "ACS commitments: no period computed yet"));
    } else {
      AcsCommitments.PrunableUpTo c = commitments.get();
      AcsCommitments.Period blocking = c.blockedBy();
      String reason =
          blocking == null
              ? "ACS commitments: computed only up to " + c.cleanUpTo()
              : "ACS commitments: the period (" + blocking.fromExclusive() + ", " + blocking.toInclusive()
                  + "] with " + blocking.counterParticipant() + " is " + blocking.received();
      firstRecordedAtOrAfter(c.cleanUpTo()).ifPresent(o -> limits.add(new PruningLimit(o, reason)));
    }
    if (state.observedTime != null) {
      // After a crash the node replays from its clean sequencer index; the updates it rebuilds from
      // there must still exist.
      Instant clean = state.observedTime;
      firstRecordedAtOrAfter(clean)
          .ifPresent(o -> limits.add(new PruningLimit(o, "crash recovery: replay starts at the clean sequencer index " + clean)));
      // A topology transaction's crash recovery needs the sequenced event that carried it until it
      // is effective.
      earliestPendingTopology(clean)
          .ifPresent(
              t ->
                  firstRecordedAtOrAfter(t.sequenced())
                      .ifPresent(
                          o ->
                              limits.add(
                                  new PruningLimit(
                                      o,
                                      "topology: a transaction sequenced at " + t.sequenced()
                                          + " is not effective before " + t.effective()))));
    }
    if (!state.updates.isEmpty()) {
      // Command deduplication may look back this far from the latest publication, so those updates
      // stay. Canton measures from the ledger end's publication time, not the clock, so an idle node
      // does not free them.
      Duration window = net.timings.maxDeduplicationDuration();
      Instant since = state.updates.get(state.updates.size() - 1).publicationTime().minus(window);
      state.updates.stream()
          .filter(u -> !u.publicationTime().isBefore(since))
          .mapToLong(LedgerUpdate::offset)
          .min()
          .ifPresent(
              o -> limits.add(new PruningLimit(o, "max deduplication duration " + window + ": updates published since " + since + " are kept")));
    }
    // In-flight submissions, requests awaiting their verdict and incomplete reassignments also bound
    // Canton's pruning; none of them outlives a call in the testbed, so they never apply.
    return limits;
  }

  /** A topology transaction's sequencing and effective time. */
  private record PendingTopology(Instant sequenced, Instant effective) {}

  /**
   * Among the topology transactions this node has seen by {@code clean}, the earliest sequenced one
   * that is not effective yet (effective at {@code clean} still counts, as in Canton's query).
   */
  private Optional<PendingTopology> earliestPendingTopology(Instant clean) {
    List<PendingTopology> pending = new ArrayList<>();
    for (StoredTopologyTransaction r : net.sync.topology) {
      if (!r.proposal()) {
        pending.add(new PendingTopology(r.sequenced(), r.validFrom()));
      }
    }
    for (Vetting v : net.sync.vetting) {
      pending.add(new PendingTopology(v.sequenced(), v.effective()));
    }
    // A parameter change is sequenced one topology change delay before it takes effect.
    for (SynchronizerParameters v : net.sync.parameters.subList(1, net.sync.parameters.size())) {
      pending.add(new PendingTopology(v.validFrom().minus(net.timings.topologyChangeDelay()), v.validFrom()));
    }
    return pending.stream()
        .filter(t -> !t.sequenced().isAfter(clean) && !t.effective().isBefore(clean))
        .min(Comparator.comparing(PendingTopology::sequenced));
  }

  /** The first held offset whose record time is at or after {@code t}. */
  private Optional<Long> firstRecordedAtOrAfter(Instant t) {
    return state.updates.stream()
        .filter(u -> !u.recordTime().isBefore(t))
        .map(LedgerUpdate::offset)
        .min(Long::compare);
  }

  /** The last held offset published at or before {@code t}; 0 if there is none. */
  private long lastPublishedAtOrBefore(Instant t) {
    long found = 0;
    for (LedgerUpdate u : state.updates) {
      if (!u.publicationTime().isAfter(t)) {
        found = Math.max(found, u.offset());
      }
    }
    return found;
  }

  /**
   * GetSafePruningOffset: the highest offset that may be pruned now, at most {@code upperBound} and
   * published at or before {@code beforeOrAt}; empty when none may be. Fails with {@code
   * NO_INTERNAL_PARTICIPANT_DATA_BEFORE} when no update this node still holds is that old.
   */
  public OptionalLong safePruningOffset(Instant beforeOrAt, long upperBound, PrunableCommitments commitments) {
    return net.locked(
        () -> {
          checkUp();
          long bound = Math.min(upperBound, lastPublishedAtOrBefore(beforeOrAt));
          boolean held = state.updates.stream().anyMatch(u -> u.offset() <= bound);
          if (!held) {
            throw new CantonError(
                "NO_INTERNAL_PARTICIPANT_DATA_BEFORE",
                9,
                "Nothing is held to prune up to " + beforeOrAt + " and offset " + upperBound);
          }
          if (net.commitments.prunableUpTo(this, commitments).isEmpty()) {
            return OptionalLong.empty(); // Canton answers "none" rather than an error here
          }
          long safe = Math.min(bound, safePruningPoint(commitments).lastSafeOffset());
          return safe > 0 ? OptionalLong.of(safe) : OptionalLong.empty();
        });
  }

  /** The Ledger API's full prune with the default commitment rule. */
  public void prune(long upTo) {
    prune(upTo, PrunableCommitments.MATCHED);
  }

  /**
   * The Ledger API's full prune: removes history up to {@code upTo}, which must be below the ledger
   * end and safe. {@code commitments} is a node setting in Canton (the Ledger API call has no such
   * field); the testbed's control call passes it.
   */
  public void prune(long upTo, PrunableCommitments commitments) {
    net.locked(
        () -> {
          checkUp();
          if (upTo == 0) {
            throw new CantonError("INVALID_ARGUMENT", 8, "prune_up_to is missing or zero");
          }
          if (upTo < 0) {
            throw new CantonError("NON_POSITIVE_OFFSET", 8, "prune_up_to " + upTo + " is not a positive offset");
          }
          if (upTo >= state.ledgerEnd) {
            throw new CantonError(
                "OFFSET_OUT_OF_RANGE", 9, "prune_up_to " + upTo + " must be before the ledger end " + state.ledgerEnd);
          }
          if (upTo <= state.prunedUpTo) {
            return; // nothing left to prune is success, so a retried prune is harmless
          }
          requireSafe(upTo, commitments);
          pruneNow(upTo);
        });
  }

  /** The Admin API's internal prune with the default commitment rule. */
  public void pruneInternally(long upTo) {
    pruneInternally(upTo, PrunableCommitments.MATCHED);
  }

  /**
   * The Admin API's internal prune: Canton stores only, Ledger API reads are unaffected. It may reach
   * the ledger end (not beyond), but the same safety bounds apply.
   */
  public void pruneInternally(long upTo, PrunableCommitments commitments) {
    net.locked(
        () -> {
          checkUp();
          if (upTo <= 0) {
            throw new CantonError("INVALID_ARGUMENT", 8, "prune_up_to " + upTo + " is not a positive offset");
          }
          if (upTo > state.ledgerEnd) {
            throw new CantonError(
                "INTERNAL_PRUNING_ERROR", 4, "Offset " + upTo + " is beyond the ledger end " + state.ledgerEnd);
          }
          if (upTo <= state.prunedUpTo) {
            return; // the Ledger API store holds nothing that old any more: nothing to prune
          }
          requireSafe(upTo, commitments);
          state.internallyPrunedUpTo = Math.max(state.internallyPrunedUpTo, upTo);
        });
  }

  private void requireSafe(long upTo, PrunableCommitments commitments) {
    SafePruningPoint safe = safePruningPoint(commitments);
    if (upTo > safe.lastSafeOffset()) {
      throw new CantonError(
          "UNSAFE_TO_PRUNE",
          9,
          "Cannot prune up to offset " + upTo + ", " + safe.limitedBy() + ". Last safe offset is "
              + safe.lastSafeOffset(),
          Map.of("safe_offset", safe.lastSafeOffset() > 0 ? Long.toString(safe.lastSafeOffset()) : "none"));
    }
  }

  private void pruneNow(long upTo) {
    if (upTo <= state.prunedUpTo) {
      return;
    }
    // The commitment store is pruned with the rest: periods that ended before the pruned history.
    state.updates.stream()
        .filter(u -> u.offset() <= upTo)
        .reduce((a, b) -> b)
        .ifPresent(last -> state.commitments().forgetBefore(last.recordTime()));
    state.updates.removeIf(u -> u.offset() <= upTo);
    if (state.acs.values().removeIf(e -> e.archivedAt() != null && e.archivedAt() <= upTo)) {
      state.acsChangedAt = state.ledgerEnd;
    }
    state.prunedUpTo = upTo;
    state.internallyPrunedUpTo = Math.max(state.internallyPrunedUpTo, upTo);
    net.signal();
  }

  /**
   * One iteration of the automatic pruning job (scheduler thread, under the lock). Within a cron
   * window it prunes up to the safe offset among updates older than the retention, at most one batch
   * per iteration; once it reaches that target it is done until the next fire.
   */
  void pruningStep(Instant now) {
    PruningSchedule s = state.schedule;
    if (s == null || crashed) {
      return;
    }
    Instant fire = CronSchedule.lastFireAtOrBefore(s.cron(), now);
    if (fire == null || state.lastPruningFire == null || fire.isBefore(state.lastPruningFire)) {
      return;
    }
    if (now.isAfter(fire.plus(s.maxDuration())) || fire.equals(pruningDoneForFire)) {
      return; // the window of that fire is over, or its job reported done
    }
    Instant cutoff = now.minus(s.retention());
    long byRetention = lastPublishedAtOrBefore(cutoff);
    OptionalLong safe = OptionalLong.empty();
    if (byRetention > 0) {
      try {
        safe = safePruningOffset(cutoff, byRetention, PrunableCommitments.MATCHED);
      } catch (CantonError e) {
        // nothing held that old: nothing to prune
      }
    }
    if (safe.isEmpty()) {
      pruningDoneForFire = fire; // nothing to prune (or unsafe) is not an error
      return;
    }
    long target = Math.min(safe.getAsLong(), state.internallyPrunedUpTo + net.maxPruningBatchSize);
    try {
      if (s.pruneInternallyOnly()) {
        pruneInternally(target, PrunableCommitments.MATCHED);
      } else {
        prune(target, PrunableCommitments.MATCHED);
      }
    } catch (CantonError e) {
      log.info("scheduled pruning of {} up to {} failed; retrying: {}", name, target, e.toString());
      return;
    }
    if (target == safe.getAsLong()) {
      pruningDoneForFire = fire;
    }
  }

  // ------------------------------------------------------------------------------------------------
  // Backup and restore

  /** Serializes the node's complete persistent state (what a database backup holds). */
  public byte[] backup() {
    return net.locked(
        () -> {
          try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
              out.writeUTF(uid);
              out.writeObject(state);
            }
            return bytes.toByteArray();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /**
   * Restores a backup: the node stops, its state is replaced, and it starts again (honouring
   * manual-connect), so it replays from the restored cursor.
   */
  public void restore(byte[] backup) {
    ParticipantState restored;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(backup))) {
      String backupOf = in.readUTF();
      if (!backupOf.equals(uid)) {
        throw new IllegalArgumentException("backup of " + backupOf + " cannot be restored on " + uid);
      }
      restored = (ParticipantState) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalArgumentException("unreadable backup: " + e.getMessage(), e);
    }
    net.locked(
        () -> {
          disconnectNow();
          crashed = true;
          incarnation++;
          clearanceAttempts.clear();
          state = restored;
          startUp();
        });
  }

  // ------------------------------------------------------------------------------------------------
  // ACS commitments support

  /**
   * The offset of the last update with record time at or before {@code t}; the pruning point (0 if
   * never pruned) when no update still held qualifies, since the pruned ones all came before.
   */
  long offsetAtRecordTime(Instant t) {
    long found = state.prunedUpTo;
    for (LedgerUpdate u : state.updates) {
      if (u.recordTime().isAfter(t)) {
        continue;
      }
      found = Math.max(found, u.offset());
    }
    return found;
  }

  Map<String, AcsEntry> acsEntries() {
    return state.acs;
  }

  @Override
  public String toString() {
    return name;
  }
}
