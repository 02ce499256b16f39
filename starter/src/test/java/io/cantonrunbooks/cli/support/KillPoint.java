package io.cantonrunbooks.cli.support;

import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationGate;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationStep;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A moment of an offline replication at which something is lost, and what is lost.
 *
 * @param name how the table shows it
 * @param when true of the first {@link Observation} at which to strike
 * @param strike what happens then
 * @param slowTransfer a transfer the testbed slows down for this run, so that the moment "half way
 *     through it" lasts long enough to strike in
 * @param gate the one approval gate the run waits at, approved after the strike; none by default
 */
public record KillPoint(
    String name,
    Predicate<Observation> when,
    Strike strike,
    Optional<SlowTransfer> slowTransfer,
    Optional<OfflinePartyReplicationGate> gate) {

  KillPoint(String name, Predicate<Observation> when, Strike strike, Optional<SlowTransfer> slowTransfer) {
    this(name, when, strike, slowTransfer, Optional.empty());
  }

  /** What the moment costs the runbook. */
  public enum Strike {
    /** The worker process gets SIGKILL, as when its machine is lost; a new worker is started. */
    KILL_WORKER,
    /** The target participant crashes (testbed Crash) and is restarted a second later. */
    CRASH_TARGET
  }

  /**
   * Which node's transfer RPC pauses after every chunk, until the strike.
   *
   * @param activityType the activity that runs the transfer, whose heartbeats report the bytes done
   */
  public record SlowTransfer(boolean onTarget, String rpc, String activityType) {}

  /**
   * The worker dies once the step has started and one of its calls is in flight, so that the
   * activity is lost with the worker; or, for a step too quick to catch that way, once it has ended.
   * The last step is struck as soon as it starts: when it ends, the run has ended.
   */
  public static KillPoint starts(OfflinePartyReplicationStep step) {
    boolean last = step.ordinal() == OfflinePartyReplicationStep.values().length - 1;
    return new KillPoint(step + " starts",
        o -> o.started(step) && (o.activityRunning() || o.ended(step) || last), Strike.KILL_WORKER, Optional.empty());
  }

  /** The worker dies as soon as the step has ended. */
  public static KillPoint ends(OfflinePartyReplicationStep step) {
    return new KillPoint(step + " ends", o -> o.ended(step), Strike.KILL_WORKER, Optional.empty());
  }

  /**
   * The worker dies while the runbook waits at an approval gate, with nothing in flight; the gate is
   * approved once the new worker is up, and the new worker carries on from there.
   */
  public static KillPoint waitsAt(OfflinePartyReplicationGate gate) {
    return new KillPoint("waits at " + gate.id(), o -> gate.id().equals(o.status().waitingGate()),
        Strike.KILL_WORKER, Optional.empty(), Optional.of(gate));
  }

  /** The worker dies while the source streams the ACS to it, once bytes have arrived. */
  public static KillPoint midExport() {
    return halfWay("worker killed mid-export", Strike.KILL_WORKER, new SlowTransfer(false, "ExportPartyAcs", "Parties_ExportPartyAcs"));
  }

  /** The worker dies while it streams the ACS to the target, once bytes have been sent. */
  public static KillPoint midImport() {
    return halfWay("worker killed mid-import", Strike.KILL_WORKER, new SlowTransfer(true, "ImportPartyAcs", "Parties_ImportPartyAcs"));
  }

  /** The target node crashes while the ACS is streamed into it. */
  public static KillPoint targetCrashMidImport() {
    return halfWay("target crashes mid-import", Strike.CRASH_TARGET, new SlowTransfer(true, "ImportPartyAcs", "Parties_ImportPartyAcs"));
  }

  private static KillPoint halfWay(String name, Strike strike, SlowTransfer transfer) {
    return new KillPoint(name, o -> o.bytesDone(transfer.activityType()) > 0, strike, Optional.of(transfer));
  }

  @Override
  public String toString() {
    return name;
  }
}
