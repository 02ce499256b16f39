package io.cantonrunbooks.bench.soak;

import io.cantonrunbooks.testbed.engine.PruningSchedule;
import java.time.Duration;

/**
 * Everything about one soak run that the seed decides: the nodes, the party's contracts and
 * traffic, the source's pruning schedule, and the fault with where and how it strikes.
 *
 * @param observerNode the node whose party observes some of the party's contracts (the target, in
 *     the case Canton's export leaves such contracts out, or the third node)
 * @param privateContracts how many of {@code contracts} have no observer (the crash counts these)
 * @param sourcePruning the source's automatic pruning schedule before the run, null for none
 * @param point the RPC the fault strikes, null for faults that strike no RPC
 * @param passFirst how many calls of {@code point} go through before the failures start
 * @param failures how many calls of {@code point} fail, for the failing kinds
 * @param delay how much every call of {@code point} is delayed, for {@link FaultKind#SLOW_CALL}
 * @param crashAfterContracts after how many imported contracts the target crashes
 * @param gate the gate that needs an approval nobody gives, for {@link FaultKind#GATE_TIMEOUT}
 */
record RunPlan(
    int index,
    FaultKind kind,
    String source,
    String target,
    String observerNode,
    int contracts,
    int privateContracts,
    double trafficPerSecond,
    PruningSchedule sourcePruning,
    FaultPoint point,
    int passFirst,
    int failures,
    Duration delay,
    int crashAfterContracts,
    String gate) {

  /** Which of the two nodes of the replication a fault strikes. */
  enum Role {
    SOURCE,
    TARGET
  }

  /**
   * An RPC of the source or the target.
   *
   * @param callsPerRun the fewest calls of it a fault-free run makes
   */
  record FaultPoint(Role role, String rpc, int callsPerRun) {
    @Override
    public String toString() {
      return rpc + " on the " + role.name().toLowerCase();
    }
  }

  String node(Role role) {
    return role == Role.SOURCE ? source : target;
  }

  /** One line: what the fault is and where it strikes. */
  String describeFault() {
    return switch (kind) {
      case NONE -> "no fault";
      case SLOW_CALL -> "every " + point + " delayed " + delay.toMillis() + " ms";
      case CRASH_MID_IMPORT -> "target crashes after " + crashAfterContracts + " imported contract(s)";
      case GATE_TIMEOUT -> "gate " + gate + " waits for an approval nobody gives";
      default -> failures + " × " + kind.code + " on " + point + (passFirst == 0 ? "" : " after " + passFirst + " call(s)");
    };
  }
}
