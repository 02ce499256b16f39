package io.cantonrunbooks.testbed.grpc;

import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Faults injected into one participant's RPCs: fail the next N calls, delay every call, slow every
 * chunk of an ACS transfer, or crash the node in the middle of an import.
 */
public final class FaultPlan {
  /** One injected fault, keyed by method name. */
  public record Fault(
      int failures,
      Status.Code code,
      String errorId,
      String message,
      Duration delay,
      int crashAfterContracts,
      Duration chunkDelay) {}

  private final Map<String, Fault> faults = new ConcurrentHashMap<>();

  /** Installs (or replaces) the fault for an RPC ({@code ImportPartyAcs} or {@code Service/Method}). */
  public void inject(String rpc, Fault fault) {
    faults.put(shortName(rpc), fault);
  }

  public void clear() {
    faults.clear();
  }

  Fault peek(String fullMethodName) {
    return faults.get(shortName(fullMethodName));
  }

  /** Takes one failure from the budget of this method, if any is left. */
  synchronized Fault takeFailure(String fullMethodName) {
    String key = shortName(fullMethodName);
    Fault f = faults.get(key);
    if (f == null || f.failures() <= 0) {
      return null;
    }
    faults.put(key, new Fault(
        f.failures() - 1, f.code(), f.errorId(), f.message(), f.delay(), f.crashAfterContracts(), f.chunkDelay()));
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

  private static String shortName(String rpc) {
    int slash = rpc.lastIndexOf('/');
    return slash < 0 ? rpc : rpc.substring(slash + 1);
  }
}
