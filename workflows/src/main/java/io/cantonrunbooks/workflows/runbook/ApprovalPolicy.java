package io.cantonrunbooks.workflows.runbook;

import io.cantonrunbooks.activities.keys.ApproverRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 * @param approverKeys per approver, an Ed25519 public key in OpenSSH form ({@code ssh-ed25519 AAAA…
 *     comment}); when any is set, every decision must be signed with the approver's key (see
 *     {@link ApprovalSignatures}) and only approvers with a key may decide
 */
public record ApprovalPolicy(
    List<String> gates,
    List<String> approvers,
    Integer minApprovers,
    Boolean starterMayApprove,
    String startedBy,
    Map<String, Duration> gateTimeouts,
    Duration defaultGateTimeout,
    Map<String, String> approverKeys) {

  public static final Duration DEFAULT_GATE_TIMEOUT = Duration.ofHours(24);

  /** A policy without approver keys: decisions need no signature. */
  public ApprovalPolicy(
      List<String> gates,
      List<String> approvers,
      Integer minApprovers,
      Boolean starterMayApprove,
      String startedBy,
      Map<String, Duration> gateTimeouts,
      Duration defaultGateTimeout) {
    this(gates, approvers, minApprovers, starterMayApprove, startedBy, gateTimeouts, defaultGateTimeout, null);
  }

  public int requiredApprovals() {
    return minApprovers == null ? 1 : minApprovers;
  }

  public boolean starterMayApproveOrDefault() {
    return Boolean.TRUE.equals(starterMayApprove);
  }

  public List<String> approversOrEmpty() {
    return approvers == null ? List.of() : approvers;
  }

  public Map<String, String> approverKeysOrEmpty() {
    return approverKeys == null ? Map.of() : approverKeys;
  }

  /** Whether every decision must be signed: true as soon as one approver key is configured. */
  public boolean signaturesRequired() {
    return !approverKeysOrEmpty().isEmpty();
  }

  /**
   * Who may decide: the {@code approvers} list; when it is empty and keys are configured, the
   * approvers with a key (nobody else could sign); empty means anyone.
   */
  public List<String> allowedApprovers() {
    if (!approversOrEmpty().isEmpty() || !signaturesRequired()) {
      return approversOrEmpty();
    }
    return List.copyOf(new TreeMap<>(approverKeysOrEmpty()).keySet());
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
    List<String> allowed = allowedApprovers();
    if (minApprovers != null && !allowed.isEmpty()) {
      long distinct = allowed.stream().distinct().count();
      if (minApprovers > distinct) {
        problems.add(fieldPrefix + ".minApprovers: " + minApprovers + " approvals needed but only "
            + distinct + " approvers are allowed" + (approversOrEmpty().isEmpty() ? " (those with approverKeys)" : ""));
      }
    }
    if (approvers != null && approvers.stream().anyMatch(a -> a == null || a.isBlank())) {
      problems.add(fieldPrefix + ".approvers: expected non-blank names");
    }
    problems.addAll(approverKeyProblems(fieldPrefix + ".approverKeys"));
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

  private List<String> approverKeyProblems(String field) {
    var problems = new ArrayList<String>();
    var named = new LinkedHashMap<String, String>();
    approverKeysOrEmpty().forEach((approver, key) -> {
      if (approver == null || approver.isBlank()) {
        problems.add(field + ": expected approver names as keys, got a blank name");
      } else {
        named.put(approver, key);
      }
    });
    Map<String, String> keyProblems = ApproverRegistry.keyProblems(named);
    named.keySet().forEach(approver -> {
      if (keyProblems.containsKey(approver)) {
        problems.add(field + "." + approver + ": " + keyProblems.get(approver));
      }
      if (!approversOrEmpty().isEmpty() && !approversOrEmpty().contains(approver)) {
        problems.add(field + "." + approver + ": not in approvers " + approversOrEmpty()
            + "; a key only matters for someone who may approve");
      }
    });
    if (signaturesRequired()) {
      for (String approver : approversOrEmpty()) {
        if (approver != null && !approver.isBlank() && !approverKeysOrEmpty().containsKey(approver)) {
          problems.add(field + ": approver '" + approver + "' has no key; with approverKeys set, every"
              + " approver needs one (\"" + approver + "\": \"ssh-ed25519 AAAA…\")");
        }
      }
    }
    return problems;
  }
}
