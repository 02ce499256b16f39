package io.cantonrunbooks.workflows.runbook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which gates of a runbook need a human's approval and who may give it. Part of every runbook's
 * input.
 *
 * @param gates the gates that need approval; null means the runbook's safe defaults, empty means none
 * @param approvers who may approve or reject; empty means anyone except, under four-eyes, the starter
 * @param minApprovers how many distinct approvers each gate needs (default 1)
 * @param starterMayApprove whether the person who started the runbook may approve it (default false)
 * @param startedBy who started the runbook (the CLI fills this in)
 * @param gateTimeouts per gate, how long it waits before failing safe
 * @param defaultGateTimeout the timeout of gates not listed in {@code gateTimeouts} (default 24 h)
 */
public record ApprovalPolicy(
    List<String> gates,
    List<String> approvers,
    Integer minApprovers,
    Boolean starterMayApprove,
    String startedBy,
    Map<String, Duration> gateTimeouts,
    Duration defaultGateTimeout) {

  public static final Duration DEFAULT_GATE_TIMEOUT = Duration.ofHours(24);

  public int requiredApprovals() {
    return minApprovers == null ? 1 : minApprovers;
  }

  public boolean starterMayApproveOrDefault() {
    return Boolean.TRUE.equals(starterMayApprove);
  }

  public List<String> approversOrEmpty() {
    return approvers == null ? List.of() : approvers;
  }

  public Duration timeoutOf(String gate) {
    if (gateTimeouts != null && gateTimeouts.containsKey(gate)) {
      return gateTimeouts.get(gate);
    }
    return defaultGateTimeout == null ? DEFAULT_GATE_TIMEOUT : defaultGateTimeout;
  }

  /**
   * Every problem with this policy for a runbook whose gates are {@code knownGates}, each naming the
   * field (prefixed with {@code fieldPrefix}) and what is expected.
   */
  public List<String> problems(String fieldPrefix, List<String> knownGates) {
    var problems = new ArrayList<String>();
    if (gates != null) {
      for (String gate : gates) {
        if (!knownGates.contains(gate)) {
          problems.add(fieldPrefix + ".gates: unknown gate '" + gate + "', expected one of " + knownGates);
        }
      }
    }
    if (minApprovers != null && minApprovers < 1) {
      problems.add(fieldPrefix + ".minApprovers: expected 1 or more, got " + minApprovers);
    }
    if (minApprovers != null && approvers != null && !approvers.isEmpty()) {
      long distinct = approvers.stream().distinct().count();
      if (minApprovers > distinct) {
        problems.add(fieldPrefix + ".minApprovers: " + minApprovers + " approvals needed but only "
            + distinct + " approvers are allowed");
      }
    }
    if (approvers != null && approvers.stream().anyMatch(a -> a == null || a.isBlank())) {
      problems.add(fieldPrefix + ".approvers: expected non-blank names");
    }
    if (gateTimeouts != null) {
      gateTimeouts.forEach((gate, timeout) -> {
        if (!knownGates.contains(gate)) {
          problems.add(fieldPrefix + ".gateTimeouts: unknown gate '" + gate + "', expected one of " + knownGates);
        } else if (timeout == null || timeout.isNegative() || timeout.isZero()) {
          problems.add(fieldPrefix + ".gateTimeouts." + gate + ": expected a positive duration, got " + timeout);
        }
      });
    }
    if (defaultGateTimeout != null && (defaultGateTimeout.isNegative() || defaultGateTimeout.isZero())) {
      problems.add(fieldPrefix + ".defaultGateTimeout: expected a positive duration, got " + defaultGateTimeout);
    }
    return problems;
  }
}
