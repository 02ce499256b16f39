package io.cantonrunbooks.testbed.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulation engine: one synchronizer, N participants, the alarms, the traffic generators and the
 * background jobs (effective-time broadcasts, outbox dispatch, automatic clearance, pruning
 * schedules, commitment checks).
 *
 * <p>All state lives behind one lock. Delivery to connected participants happens while the event is
 * sequenced, so a connected participant is always caught up and a disconnected one replays from its
 * own cursor when it reconnects.
 */
public final class SimulatedNetwork implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SimulatedNetwork.class);

  /** Package name of the DAR every testbed network knows; traffic uses its template. */
  public static final String DEMO_PACKAGE_NAME = "testbed-demo";

  final Timings timings;
  final Synchronizer sync;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ScheduledExecutorService scheduler;
  private final LinkedHashMap<String, Participant> participants = new LinkedHashMap<>();
  private final List<Alarm> alarms = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final Map<String, Long> counters = new HashMap<>();
  private final Random random;
  private final long seed;
  private final Map<String, TrafficGenerator> traffic = new LinkedHashMap<>();
  private final byte[] demoDar;
  private final Dar demoDarInfo;
  final AcsCommitments commitments;
  /** Most offsets one scheduled pruning iteration removes (Canton's max pruning batch size). */
  final int maxPruningBatchSize;
  private final Namespaces namespaces = new Namespaces();
  private volatile boolean closed;

  private SimulatedNetwork(Builder b) {
    this.timings = b.timings;
    this.clock = b.clock;
    this.seed = b.seed;
    this.maxPruningBatchSize = b.maxPruningBatchSize;
    this.random = new Random(b.seed);
    String syncId = b.synchronizerAlias + "::" + Ids.fingerprint("synchronizer/" + b.synchronizerAlias + "/" + b.seed);
    this.sync =
        new Synchronizer(
            b.synchronizerAlias, syncId, b.protocolVersion, timings.topologyChangeDelay(), namespaces, timings);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "testbed-synchronizer");
              t.setDaemon(true);
              return t;
            });
    String demoPackageId = Ids.fingerprint("package/" + DEMO_PACKAGE_NAME).substring(4);
    this.demoDar = DarFile.build(DEMO_PACKAGE_NAME, "1.0.0", demoPackageId);
    this.demoDarInfo = DarFile.describe(demoDar, "testbed demo templates");
    this.commitments = new AcsCommitments(this);
    lock.lock();
    try {
      for (String name : b.participantNames) {
        String uid = name + "::" + Ids.fingerprint("participant/" + name + "/" + b.seed);
        Participant p = new Participant(this, name, uid);
        p.state.configs.put(
            sync.alias, new ConnectionConfig(sync.alias, false, 0, com.google.protobuf.ByteString.EMPTY));
        participants.put(name, p);
      }
      for (Participant p : participants.values()) {
        p.startUp();
        if (b.demoPackageOn.test(p.name())) {
          p.uploadDarVettedAtGenesis(demoDar, "testbed demo templates");
        }
      }
      // Joining the synchronizer gives every node a first offset, as a real node has after onboarding.
      sequenceTimeProof();
    } finally {
      lock.unlock();
    }
    long tick = Math.max(10, timings.backgroundTick().toMillis());
    scheduler.scheduleWithFixedDelay(this::backgroundTick, tick, tick, TimeUnit.MILLISECONDS);
  }

  /** Starts building a network. */
  public static Builder builder() {
    return new Builder();
  }

  /** Root keys and decentralized namespaces known to the synchronizer. */
  public Namespaces namespaces() {
    return namespaces;
  }

  /** Configures a {@link SimulatedNetwork}. */
  public static final class Builder {
    private final List<String> participantNames = new ArrayList<>();
    private String synchronizerAlias = "global";
    private int protocolVersion = 35;
    private Timings timings = Timings.fast();
    private Clock clock = Clock.systemUTC();
    private long seed = 42;
    private java.util.function.Predicate<String> demoPackageOn = name -> true;
    private int maxPruningBatchSize = 1000;

    /** Adds participants {@code participant1} … {@code participantN}. */
    public Builder participants(int n) {
      for (int i = 1; i <= n; i++) {
        participantNames.add("participant" + i);
      }
      return this;
    }

    /** Adds one participant with the given node name. */
    public Builder participant(String name) {
      participantNames.add(name);
      return this;
    }

    public Builder synchronizerAlias(String alias) {
      this.synchronizerAlias = alias;
      return this;
    }

    /** Protocol version 34 or 35 (default); changes onboarding events and automatic clearance. */
    public Builder protocolVersion(int pv) {
      if (pv != 34 && pv != 35) {
        throw new IllegalArgumentException("protocol version must be 34 or 35");
      }
      this.protocolVersion = pv;
      return this;
    }

    public Builder timings(Timings timings) {
      this.timings = timings;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Seed for identifiers and traffic, so runs are repeatable. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Chooses the nodes that start with the demo DAR uploaded and vetted (default: all). */
    public Builder demoPackageOn(java.util.function.Predicate<String> nodes) {
      this.demoPackageOn = nodes;
      return this;
    }

    /**
     * Most offsets one iteration of scheduled pruning removes (Canton's default: 1000); a window
     * runs further iterations until it reaches its target or ends.
     */
    public Builder maxPruningBatchSize(int offsets) {
      if (offsets < 1) {
        throw new IllegalArgumentException("the pruning batch size must be positive");
      }
      this.maxPruningBatchSize = offsets;
      return this;
    }

    public SimulatedNetwork build() {
      if (participantNames.isEmpty()) {
        participants(2);
      }
      return new SimulatedNetwork(this);
    }
  }

  // ------------------------------------------------------------------------------------------------
  // Accessors

  public Timings timings() {
    return timings;
  }

  public String synchronizerAlias() {
    return sync.alias;
  }

  /** The logical synchronizer id ({@code global::1220…}). */
  public String synchronizerId() {
    return sync.id;
  }

  /** The physical synchronizer id ({@code global::1220…::35-0}). */
  public String physicalSynchronizerId() {
    return sync.physicalId;
  }

  public int protocolVersion() {
    return sync.protocolVersion;
  }

  /** The participant with this node name. */
  public Participant participant(String name) {
    Participant p = participants.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no participant named " + name);
    }
    return p;
  }

  /** The participant with this UID, if any. */
  public Optional<Participant> participantByUid(String uid) {
    return participants.values().stream().filter(p -> p.uid().equals(uid)).findFirst();
  }

  public List<Participant> participants() {
    return List.copyOf(participants.values());
  }

  /** The demo DAR's bytes, for tests that upload it themselves. */
  public byte[] demoDar() {
    return demoDar.clone();
  }

  /** The template traffic and test helpers create. */
  public TemplateId demoTemplate() {
    return new TemplateId(demoDarInfo.mainPackageId(), "Testbed.Demo", "Asset");
  }

  /** Every alarm raised so far, oldest first. */
  public List<Alarm> alarms() {
    return locked(() -> List.copyOf(alarms));
  }

  /** Forgets raised alarms (for rehearsals that reuse a network). */
  public void clearAlarms() {
    locked(alarms::clear);
  }

  /** Warnings that are expected during onboarding (e.g. commitment mismatches) and are not alarms. */
  public List<String> warnings() {
    return locked(() -> List.copyOf(warnings));
  }

  /** The synchronizer's view of a party's hosting now (authorized, possibly not yet effective). */
  public Optional<PartyToParticipant> currentMapping(String party) {
    return locked(() -> sync.head(party).map(r -> r.transaction().mapping()));
  }

  /** Topology transactions the synchronizer rejected (serial mismatches), for diagnostics. */
  public List<String> rejectedTopology() {
    return locked(() -> List.copyOf(sync.rejectedTopology));
  }

  /**
   * {@code p}'s latest ACS commitment period (the one ending at the last tick it computed) with each
   * counter-participant it sent a commitment to or received one from, from {@code p}'s point of view.
   */
  public List<AcsCommitments.Period> commitmentPeriods(Participant p) {
    return locked(
        () -> {
          commitments.computeAll();
          return commitments.latest(p);
        });
  }

  /**
   * Every ACS commitment period of {@code p} that overlaps {@code (fromExclusive, toInclusive]}, with
   * each counter-participant, from {@code p}'s point of view: what its commitment store still holds.
   */
  public List<AcsCommitments.Period> commitmentPeriods(Participant p, Instant fromExclusive, Instant toInclusive) {
    return locked(
        () -> {
          commitments.computeAll();
          return commitments.between(p, fromExclusive, toInclusive);
        });
  }

  // ------------------------------------------------------------------------------------------------
  // Lock helpers

  Instant now() {
    return clock.instant();
  }

  void lock() {
    lock.lock();
  }

  void unlock() {
    lock.unlock();
  }

  <T> T locked(Supplier<T> body) {
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }

  void locked(Runnable body) {
    lock.lock();
    try {
      body.run();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every thread waiting for a ledger or topology change. Call with the lock held. */
  void signal() {
    changed.signalAll();
  }

  /** Waits (lock held) for a change or the deadline; false once the deadline has passed. */
  boolean awaitChange(Instant deadline) {
    long nanos = Duration.between(now(), deadline).toNanos();
    if (nanos <= 0) {
      return false;
    }
    try {
      changed.awaitNanos(Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(50)));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CantonError("INTERRUPTED", 1, "interrupted while waiting");
    }
  }

  /** Waits until {@code condition} (evaluated under the lock) holds, or fails after {@code timeout}. */
  public void awaitCondition(BooleanSupplier condition, Duration timeout, String what) {
    Instant deadline = now().plus(timeout);
    lock.lock();
    try {
      while (!condition.getAsBoolean()) {
        if (!awaitChange(deadline)) {
          throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code task} under the lock after {@code delay} on the synchronizer thread. */
  void later(Duration delay, Runnable task) {
    if (closed) {
      return;
    }
    scheduler.schedule(
        () -> {
          try {
            locked(task);
          } catch (RuntimeException e) {
            log.warn("testbed background task failed", e);
          }
        },
        Math.max(0, delay.toMillis()),
        TimeUnit.MILLISECONDS);
  }

  // ------------------------------------------------------------------------------------------------
  // Sequencing

  private void deliver() {
    for (Participant p : participants.values()) {
      p.catchUp();
    }
    signal();
  }

  void sequenceTimeProof() {
    Instant t = sync.nextTime(now());
    sync.append(new SequencedEvent.TimeProof(sync.nextIndex(), t));
    deliver();
  }

  /** Sequences a time proof at or after {@code at}, so time moves even on an idle synchronizer. */
  void requestTimeProof(Instant at) {
    Duration delay = Duration.between(now(), at);
    later(
        delay.isNegative() ? Duration.ZERO : delay.plusMillis(1),
        () -> {
          if (!sync.lastSequencedTime().isAfter(at)) {
            sequenceTimeProof();
          }
        });
  }

  void sequenceTopology(Participant submitter, TopologyTransaction tx, Set<String> signers) {
    Instant t = sync.nextTime(now());
    sync.processTopology(tx, signers, t);
    sync.append(new SequencedEvent.TopologyBroadcast(sync.nextIndex(), t, submitter.uid(), tx.hashHex()));
    deliver();
    // The sequencer's time-advancing broadcast at the effective time.
    requestTimeProof(t.plus(timings.topologyChangeDelay()));
  }

  /** Sequences a participant's VettedPackages transaction; it takes effect after the topology change delay. */
  Vetting sequenceVetting(Participant submitter, Set<String> packages) {
    Instant t = sync.nextTime(now());
    Instant effective = t.plus(timings.topologyChangeDelay());
    Vetting v = sync.vet(submitter.uid(), packages, t, effective);
    String hash = Ids.fingerprint("vetted-packages/" + submitter.uid() + "/" + v.serial());
    sync.append(new SequencedEvent.TopologyBroadcast(sync.nextIndex(), t, submitter.uid(), hash));
    deliver();
    requestTimeProof(effective);
    return v;
  }

  /**
   * Changes the dynamic synchronizer parameters, as the synchronizer's owners would with a
   * SynchronizerParametersState topology transaction: it is sequenced now and takes effect after the
   * topology change delay. Participants see it as a sequenced event without a Ledger API update.
   *
   * @return the effective time of the new parameters
   */
  public Instant changeSynchronizerParameters(Duration confirmationResponseTimeout, Duration mediatorReactionTimeout) {
    return locked(
        () -> {
          Instant t = sync.nextTime(now());
          Instant effective = t.plus(timings.topologyChangeDelay());
          sync.changeParameters(confirmationResponseTimeout, mediatorReactionTimeout, effective);
          String hash = Ids.fingerprint("synchronizer-parameters/" + sync.id + "/" + t);
          sync.append(new SequencedEvent.TopologyBroadcast(sync.nextIndex(), t, sync.id, hash));
          deliver();
          requestTimeProof(effective);
          return effective;
        });
  }

  /** Every version of the dynamic synchronizer parameters, oldest first; the last one is current. */
  public List<SynchronizerParameters> synchronizerParameters() {
    return locked(() -> List.copyOf(sync.parameters));
  }

  /**
   * The earliest time after which an onboarding flag for an activation effective at {@code e} may be
   * cleared: e + the decision timeout valid at e, raised by earlier parameter versions (see Canton's
   * clearance rule); clearing needs an observed synchronizer time strictly after it.
   */
  public Instant clearanceSafeTime(Instant e) {
    return locked(() -> sync.latestDecisionDeadline(e));
  }

  String nextId(String kind) {
    long n = counters.merge(kind, 1L, Long::sum);
    return Ids.fingerprint(kind + "/" + seed + "/" + n).substring(4, 4 + 32);
  }

  /**
   * Submits a transaction on {@code submitter} acting as {@code actAs}: creates contracts and archives
   * the given active contracts. Routing, vetting and confirmation follow Canton's rules; the result
   * carries the mediator's verdict.
   */
  public SubmissionResult submit(
      Participant submitter, String actAs, List<ContractSpec> creates, List<String> archiveIds) {
    return locked(
        () -> {
          submitter.checkUp();
          if (!submitter.isConnected()) {
            throw new CantonError(
                "NOT_CONNECTED_TO_SYNCHRONIZER", 9, submitter.name() + " is not connected to " + sync.alias);
          }
          if (submitter.isHalted()) {
            throw new CantonError("SYNC_SERVICE_ALARM", 9, submitter.name() + " has halted");
          }
          Instant now = now();
          Map<String, PartyToParticipant> hosting = sync.hostingAt(now);
          PartyToParticipant actor = hosting.get(actAs);
          HostingParticipant me = actor == null ? null : actor.host(submitter.uid()).orElse(null);
          if (me == null) {
            throw new CantonError(
                "NO_SYNCHRONIZER_FOR_SUBMISSION", 9, actAs + " is not hosted on " + submitter.name());
          }
          if (me.onboarding()) {
            throw new CantonError(
                "PARTY_CURRENTLY_ONBOARDING", 9, actAs + " is onboarding on " + submitter.name() + " and cannot submit");
          }
          if (me.permission() != Permission.SUBMISSION || actor.threshold() > 1) {
            throw new CantonError(
                "NO_SYNCHRONIZER_FOR_SUBMISSION", 9, submitter.name() + " cannot submit for " + actAs);
          }
          List<Contract> archived = new ArrayList<>();
          for (String cid : archiveIds) {
            if (!submitter.isActiveHere(cid)) {
              throw new CantonError("CONTRACT_NOT_FOUND", 11, "Contract could not be found: " + cid);
            }
            archived.add(submitter.contract(cid).orElseThrow());
          }
          List<Contract> created = new ArrayList<>();
          for (ContractSpec spec : creates) {
            created.add(
                new Contract(
                    "00" + nextId("contract") + nextId("contract-suffix"),
                    spec.template(),
                    spec.packageName(),
                    spec.signatories(),
                    spec.observers(),
                    now,
                    spec.argument()));
          }
          Set<String> informees = new LinkedHashSet<>();
          Set<String> confirmingParties = new LinkedHashSet<>();
          Set<String> packages = new LinkedHashSet<>();
          for (Contract c : concat(created, archived)) {
            informees.addAll(c.stakeholders());
            confirmingParties.addAll(c.signatories());
            packages.add(c.templateId().packageId());
          }
          // Every host of an informee, onboarding ones included, must have vetted the packages.
          for (String party : informees) {
            PartyToParticipant m = hosting.get(party);
            if (m == null) {
              throw new CantonError("NO_SYNCHRONIZER_FOR_SUBMISSION", 9, "Informee " + party + " is not hosted");
            }
            for (HostingParticipant h : m.participants()) {
              Participant host = participantByUid(h.participantUid()).orElseThrow();
              for (String pkg : packages) {
                if (!sync.vettedAt(host.uid(), now).contains(pkg)) {
                  // Input contracts fix the synchronizer: routing then reports the prescribed one as unusable.
                  throw new CantonError(
                      archiveIds.isEmpty() ? "NO_SYNCHRONIZER_FOR_SUBMISSION" : "INVALID_PRESCRIBED_SYNCHRONIZER_ID",
                      9,
                      "Package " + pkg + " is not vetted by " + host.uid() + " (host of " + party + ")");
                }
              }
            }
          }
          String verdict = "approved";
          boolean approved = true;
          for (String party : confirmingParties) {
            Optional<String> rejection = vote(submitter, hosting.get(party), archived);
            if (rejection.isPresent()) {
              approved = false;
              verdict = rejection.get();
              break;
            }
          }
          Instant t = sync.nextTime(now());
          Map<String, PartyToParticipant> atT = sync.hostingAt(t);
          Set<String> recipients = new LinkedHashSet<>();
          for (String party : informees) {
            PartyToParticipant m = atT.get(party);
            if (m != null) {
              m.participants().forEach(h -> recipients.add(h.participantUid()));
            }
          }
          String updateId = "1220" + nextId("update");
          sync.append(
              new SequencedEvent.TransactionRequest(
                  sync.nextIndex(),
                  t,
                  Set.copyOf(recipients),
                  updateId,
                  submitter.uid(),
                  List.copyOf(created),
                  List.copyOf(archived),
                  approved,
                  verdict));
          if (approved) {
            created.forEach(c -> sync.recordCreated(c, t));
            archived.forEach(c -> sync.recordArchived(c.contractId(), t));
          }
          deliver();
          return new SubmissionResult(updateId, approved, verdict, approved ? List.copyOf(created) : List.of(), t);
        });
  }

  private static List<Contract> concat(List<Contract> a, List<Contract> b) {
    List<Contract> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /**
   * The mediator's decision for one confirming party: the submitter answers first, then the other
   * confirming hosts in node order; the first condition reached decides.
   */
  private Optional<String> vote(Participant submitter, PartyToParticipant mapping, List<Contract> inputs) {
    if (mapping == null) {
      return Optional.of("unknown confirming party");
    }
    List<Participant> voters = new ArrayList<>();
    for (HostingParticipant h : mapping.participants()) {
      if (h.permission().canConfirm() && !h.onboarding()) {
        participantByUid(h.participantUid()).ifPresent(voters::add);
      }
    }
    if (voters.isEmpty()) {
      throw new CantonError(
          "NO_SYNCHRONIZER_FOR_SUBMISSION", 9, "Party " + mapping.party() + " has no confirming participant");
    }
    voters.sort((a, b) -> a == submitter ? -1 : b == submitter ? 1 : 0);
    int approvals = 0;
    int rejections = 0;
    for (Participant v : voters) {
      if (!v.responsive()) {
        continue; // no answer before the decision timeout
      }
      boolean activenessOk = true;
      Map<String, PartyToParticipant> hosting = sync.hostingAt(now());
      for (Contract c : inputs) {
        boolean hostedHere =
            c.stakeholders().stream()
                .anyMatch(p -> hosting.containsKey(p) && hosting.get(p).host(v.uid()).isPresent());
        if (hostedHere && !v.isActiveHere(c.contractId())) {
          activenessOk = false;
        }
      }
      if (activenessOk) {
        if (++approvals >= mapping.threshold()) {
          return Optional.empty();
        }
      } else {
        rejections++;
        if (rejections >= mapping.threshold() || rejections + mapping.threshold() > voters.size()) {
          return Optional.of("LOCAL_VERDICT_INACTIVE_CONTRACTS from " + v.uid());
        }
      }
    }
    return Optional.of("MEDIATOR_SAYS_TX_TIMED_OUT: not enough confirmations for " + mapping.party());
  }

  /** Creates one demo contract with {@code party} as signatory (and optional observers). */
  public Contract createContract(Participant submitter, String party, List<String> observers, String argument) {
    SubmissionResult r =
        submit(
            submitter,
            party,
            List.of(new ContractSpec(demoTemplate(), DEMO_PACKAGE_NAME, List.of(party), observers, argument)),
            List.of());
    if (!r.approved()) {
      throw new CantonError("REQUEST_REJECTED", 9, r.verdict());
    }
    return r.created().get(0);
  }

  /** Archives a contract on behalf of {@code party}. */
  public SubmissionResult archiveContract(Participant submitter, String party, String contractId) {
    return submit(submitter, party, List.of(), List.of(contractId));
  }

  // ------------------------------------------------------------------------------------------------
  // Alarms

  void raise(Participant p, Alarm.Kind kind, String message) {
    Alarm alarm = new Alarm(now(), p.name(), kind, message);
    alarms.add(alarm);
    log.warn("ALARM {}", alarm);
    signal();
  }

  void warn(String message) {
    if (warnings.size() < 10_000) {
      warnings.add(now() + " " + message);
    }
  }

  boolean alarmAlreadyRaised(String participant, Alarm.Kind kind, String messagePrefix) {
    return alarms.stream()
        .anyMatch(a -> a.participant().equals(participant) && a.kind() == kind && a.message().startsWith(messagePrefix));
  }

  // ------------------------------------------------------------------------------------------------
  // Traffic

  /**
   * Starts creating and archiving contracts for {@code party} at {@code perSecond} transactions per
   * second; with a counterparty, contracts carry it as an observer.
   */
  public void startTraffic(String party, double perSecond, String counterparty) {
    locked(
        () -> {
          stopTrafficLocked(party);
          TrafficGenerator g =
              new TrafficGenerator(this, party, counterparty, new Random(seed ^ party.hashCode()));
          long periodMicros = Math.max(1000, (long) (1_000_000 / perSecond));
          g.future =
              scheduler.scheduleAtFixedRate(
                  () -> {
                    try {
                      locked(g::step);
                    } catch (RuntimeException e) {
                      log.debug("traffic step failed", e);
                    }
                  },
                  periodMicros,
                  periodMicros,
                  TimeUnit.MICROSECONDS);
          traffic.put(party, g);
        });
  }

  /** Stops the traffic for {@code party}; returns its counters, if it was running. */
  public Optional<TrafficGenerator.Stats> stopTraffic(String party) {
    return locked(() -> stopTrafficLocked(party));
  }

  private Optional<TrafficGenerator.Stats> stopTrafficLocked(String party) {
    TrafficGenerator g = traffic.remove(party);
    if (g == null) {
      return Optional.empty();
    }
    g.future.cancel(false);
    return Optional.of(g.stats());
  }

  /** Counters of every running traffic generator. */
  public List<TrafficGenerator.Stats> trafficStats() {
    return locked(() -> traffic.values().stream().map(TrafficGenerator::stats).toList());
  }

  Participant submittingHost(String party) {
    PartyToParticipant m = sync.hostingAt(now()).get(party);
    if (m == null) {
      return null;
    }
    for (HostingParticipant h : m.participants()) {
      if (h.permission() == Permission.SUBMISSION && !h.onboarding()) {
        Participant p = participantByUid(h.participantUid()).orElse(null);
        if (p != null && p.responsive()) {
          return p;
        }
      }
    }
    return null;
  }

  // ------------------------------------------------------------------------------------------------
  // Background jobs

  private void backgroundTick() {
    try {
      locked(
          () -> {
            Instant now = now();
            for (Participant p : participants.values()) {
              p.automaticClearanceStep();
              p.pruningStep(now);
            }
            // Commitments travel through the sequencer, so time moves at every reconciliation tick
            // even on an otherwise idle synchronizer.
            if (sync.lastSequencedTime().isBefore(commitments.tickAtOrBefore(now))) {
              sequenceTimeProof();
            }
            commitments.computeAll();
            commitments.check(now);
          });
    } catch (RuntimeException e) {
      log.warn("testbed background tick failed", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    locked(
        () -> {
          for (TrafficGenerator g : traffic.values()) {
            g.future.cancel(false);
          }
          traffic.clear();
        });
    scheduler.shutdownNow();
  }
}
