package io.cantonrunbooks.testbed.engine;

import java.time.Duration;

/**
 * Every duration the simulation uses, so tests can run a whole procedure in seconds.
 *
 * @param topologyChangeDelay effective time = sequencing time + this (Canton default 250 ms)
 * @param confirmationResponseTimeout part of the decision timeout (Canton default 30 s); the initial
 *     value of this dynamic synchronizer parameter, see {@link SimulatedNetwork#changeSynchronizerParameters}
 * @param mediatorReactionTimeout part of the decision timeout (Canton default 30 s); initial value too
 * @param outboxDelay how long an authorized topology transaction waits in the participant's
 *     in-memory outbox before it is sequenced; a disconnect within this window loses it
 * @param reconciliationInterval ACS commitment period (Canton default 60 s)
 * @param clearanceRetryInterval how often automatic onboarding-flag clearance retries
 * @param backgroundTick how often background jobs (pruning schedules, commitment checks) wake up
 * @param maxDeduplicationDuration how long command deduplication may look back (Canton default 7
 *     days); updates published within this span of the latest one may not be pruned
 */
public record Timings(
    Duration topologyChangeDelay,
    Duration confirmationResponseTimeout,
    Duration mediatorReactionTimeout,
    Duration outboxDelay,
    Duration reconciliationInterval,
    Duration clearanceRetryInterval,
    Duration backgroundTick,
    Duration maxDeduplicationDuration) {

  /** Canton's defaults, for rehearsals that should feel like a real network. */
  public static Timings cantonDefaults() {
    return new Timings(
        Duration.ofMillis(250),
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        Duration.ofMillis(100),
        Duration.ofSeconds(60),
        Duration.ofSeconds(10),
        Duration.ofMillis(500),
        Duration.ofDays(7));
  }

  /**
   * Short timings for tests: a full offline replication finishes in a few seconds. No deduplication
   * window, so a test may prune what it has just seen; {@link #withMaxDeduplicationDuration} sets one.
   */
  public static Timings fast() {
    return new Timings(
        Duration.ofMillis(100),
        Duration.ofMillis(400),
        Duration.ofMillis(400),
        Duration.ofMillis(150),
        Duration.ofMillis(500),
        Duration.ofMillis(100),
        Duration.ofMillis(50),
        Duration.ZERO);
  }

  /** These timings with another topology change delay. */
  public Timings withTopologyChangeDelay(Duration delay) {
    return new Timings(delay, confirmationResponseTimeout, mediatorReactionTimeout, outboxDelay,
        reconciliationInterval, clearanceRetryInterval, backgroundTick, maxDeduplicationDuration);
  }

  /** These timings with another initial decision timeout, split evenly between its two parts. */
  public Timings withDecisionTimeout(Duration decisionTimeout) {
    Duration half = decisionTimeout.dividedBy(2);
    return new Timings(topologyChangeDelay, half, decisionTimeout.minus(half), outboxDelay,
        reconciliationInterval, clearanceRetryInterval, backgroundTick, maxDeduplicationDuration);
  }

  /** These timings with another ACS commitment period. */
  public Timings withReconciliationInterval(Duration interval) {
    return new Timings(topologyChangeDelay, confirmationResponseTimeout, mediatorReactionTimeout, outboxDelay,
        interval, clearanceRetryInterval, backgroundTick, maxDeduplicationDuration);
  }

  /** These timings with another max deduplication duration. */
  public Timings withMaxDeduplicationDuration(Duration duration) {
    return new Timings(topologyChangeDelay, confirmationResponseTimeout, mediatorReactionTimeout, outboxDelay,
        reconciliationInterval, clearanceRetryInterval, backgroundTick, duration);
  }

  /** The initial decision timeout: confirmation response timeout + mediator reaction timeout. */
  public Duration decisionTimeout() {
    return confirmationResponseTimeout.plus(mediatorReactionTimeout);
  }
}
