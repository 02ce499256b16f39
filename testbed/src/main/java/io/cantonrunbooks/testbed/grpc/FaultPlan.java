package io.cantonrunbooks.testbed.grpc;

import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults injected into one participant's RPCs: fail N calls (the next ones, or after letting some
 * through), delay every call, slow every chunk of an ACS transfer, or crash the node once in the
 * middle of an import. It also counts the calls each RPC received and how often an injected fault
 * took effect, so that a test can tell a fault that fired from one that never did.
 */
public final class FaultPlan {
  /**
   * One injected fault, keyed by method name.
   *
   * @param chunkDelay for ACS transfers: a pause after every chunk (a slow node or link)
   * @param passFirst how many calls go through unharmed before the {@code failures} start
   */
  public record Fault(
      int failures,
      Status.Code code,
      String errorId,
      String message,
      Duration delay,
      int crashAfterContracts,
      Duration chunkDelay,
      int passFirst) {

    /** A fault whose failures start with the next call, without a chunk delay. */
    public Fault(int failures, Status.Code code, String errorId, String message, Duration delay, int crashAfterContracts) {
      this(failures, code, errorId, message, delay, crashAfterContracts, Duration.ZERO, 0);
    }

    Fault withFailures(int left) {
      return new Fault(left, code, errorId, message, delay, crashAfterContracts, chunkDelay, passFirst);
    }
  }

  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> fired = new ConcurrentHashMap<>();

  /** Installs (or replaces) the fault for an RPC ({@code ImportPartyAcs} or {@code Service/Method}). */
  public void inject(String rpc, Fault fault) {
    faults.put(shortName(rpc), fault);
  }

  /** Removes every fault and resets the counters. */
  public void clear() {
    faults.clear();
    served.clear();
    fired.clear();
  }

  /** Calls received per RPC (short name) since the last {@link #clear}, crashed-node refusals excluded. */
  public Map<String, Integer> served() {
    var counts = new TreeMap<String, Integer>();
    served.forEach((rpc, n) -> counts.put(rpc, n.get()));
    return counts;
  }

  /** How often an injected fault of this RPC took effect (a failure, a delay or a crash) since the last {@link #clear}. */
  public int fired(String rpc) {
    AtomicInteger n = fired.get(shortName(rpc));
    return n == null ? 0 : n.get();
  }

  void countServed(String fullMethodName) {
    served.computeIfAbsent(shortName(fullMethodName), k -> new AtomicInteger()).incrementAndGet();
  }

  void countFired(String fullMethodName) {
    fired.computeIfAbsent(shortName(fullMethodName), k -> new AtomicInteger()).incrementAndGet();
  }

  Fault peek(String fullMethodName) {
    return faults.get(shortName(fullMethodName));
  }

  /** Takes one failure from the budget of this method, if any is left and no call is still to pass first. */
  synchronized Fault takeFailure(String fullMethodName) {
    String key = shortName(fullMethodName);
    Fault f = faults.get(key);
    if (f == null || f.failures() <= 0) {
      return null;
    }
    if (f.passFirst() > 0) {
      faults.put(key, new Fault(f.failures(), f.code(), f.errorId(), f.message(), f.delay(), f.crashAfterContracts(),
          f.chunkDelay(), f.passFirst() - 1));
      return null;
    }
    faults.put(key, f.withFailures(f.failures() - 1));
    countFired(key);
    return f;
  }

  /** Pauses after one chunk of an ACS transfer on this method, when a chunk delay is injected. */
  void afterChunk(String fullMethodName) {
    Fault f = peek(fullMethodName);
    if (f == null || f.chunkDelay() == null || f.chunkDelay().isZero() || f.chunkDelay().isNegative()) {
      return;
    }
    try {
      Thread.sleep(f.chunkDelay().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Whether an import of this method that has read {@code records} contracts crashes the node now.
   * A crash happens once: the node that is restarted (or restored) afterwards imports normally, as a
   * real node does after an unlucky crash.
   */
  synchronized boolean takeCrash(String fullMethodName, int records) {
    String key = shortName(fullMethodName);
    Fault f = faults.get(key);
    if (f == null || f.crashAfterContracts() <= 0 || records < f.crashAfterContracts()) {
      return false;
    }
    faults.put(key, new Fault(f.failures(), f.code(), f.errorId(), f.message(), f.delay(), 0, f.chunkDelay(), f.passFirst()));
    countFired(key);
    return true;
  }

  private static String shortName(String rpc) {
    int slash = rpc.lastIndexOf('/');
    return slash < 0 ? rpc : rpc.substring(slash + 1);
  }
}
