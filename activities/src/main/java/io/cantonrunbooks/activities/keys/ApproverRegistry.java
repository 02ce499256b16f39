package io.cantonrunbooks.activities.keys;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The approver keys a worker trusts, from its own configuration ({@code approvals.keys}), not from
 * a runbook's input. Without a registry, whoever starts a runbook chooses its approver keys; with
 * one, the preflight refuses a runbook whose keys are not exactly the registry's, so a decision can
 * only be signed by a key the platform team pinned.
 *
 * @param keys approver name to public key, OpenSSH form, each already parsed once (empty: no registry)
 * @param signaturesRequired whether a runbook without approver keys (unsigned decisions) is refused
 */
public record ApproverRegistry(Map<String, String> keys, boolean signaturesRequired) {

  public ApproverRegistry {
    keys = Map.copyOf(keys);
    keys.forEach((approver, key) -> Ed25519Keys.parseOpenSshPublicKey(key));
  }

  /**
   * What is wrong with each of these approver keys, checked as both the registry and a runbook's
   * {@code approverKeys} need them: an OpenSSH Ed25519 public key, and no key held by two approvers
   * (it would count twice towards minApprovers). Keyed by approver, in the map's order; approvers
   * whose key is fine are absent.
   */
  public static Map<String, String> keyProblems(Map<String, String> keys) {
    var problems = new LinkedHashMap<String, String>();
    var holders = new LinkedHashMap<String, String>(); // fingerprint to approver
    keys.forEach((approver, key) -> {
      try {
        String fingerprint = fingerprint(key);
        String other = holders.putIfAbsent(fingerprint, approver);
        if (other != null) {
          problems.put(approver, "the same key as " + other + "'s (" + fingerprint + "); distinct approvers need distinct keys");
        }
      } catch (KeyFormatException e) {
        problems.put(approver, e.getMessage());
      }
    });
    return problems;
  }

  /** No registry: the runbook's input decides, as before. */
  public static ApproverRegistry none() {
    return new ApproverRegistry(Map.of(), false);
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  /**
   * What is wrong with a runbook's {@code approvals.approverKeys} under this registry, one sentence
   * each naming the field; empty when the keys are acceptable. Changes nothing.
   */
  public List<String> problems(Map<String, String> approverKeys) {
    var problems = new ArrayList<String>();
    if (isEmpty()) {
      return problems;
    }
    Map<String, String> given = approverKeys == null ? Map.of() : new TreeMap<>(approverKeys);
    if (given.isEmpty()) {
      if (signaturesRequired) {
        problems.add("approvals.approverKeys: this worker requires signed approvals with the keys of its approver"
            + " registry (approvals.keys: " + summary() + "); add this runbook's approvers with those keys, which"
            + " `runbook config check` prints");
      }
      return problems;
    }
    given.forEach((approver, key) -> {
      String pinned = keys.get(approver);
      if (pinned == null) {
        problems.add("approvals.approverKeys." + approver + ": '" + approver + "' is not in this worker's approver"
            + " registry (approvals.keys), whose approvers are " + new TreeMap<>(keys).keySet());
        return;
      }
      String givenFingerprint;
      try {
        givenFingerprint = fingerprint(key);
      } catch (KeyFormatException e) {
        return; // the input's own validation names a malformed key
      }
      if (!givenFingerprint.equals(fingerprint(pinned))) {
        problems.add("approvals.approverKeys." + approver + ": key " + givenFingerprint + " is not " + approver
            + "'s key in this worker's approver registry (approvals.keys), " + fingerprint(pinned));
      }
    });
    return problems;
  }

  /** Each approver with the fingerprint of the registered key, for messages and {@code config check}. */
  public String summary() {
    var parts = new ArrayList<String>();
    new TreeMap<>(keys).forEach((approver, key) -> parts.add(approver + " " + fingerprint(key)));
    return String.join(", ", parts);
  }

  private static String fingerprint(String openSshKey) {
    PublicKey key = Ed25519Keys.parseOpenSshPublicKey(openSshKey);
    return Ed25519Keys.fingerprint(key);
  }
}
