package io.cantonrunbooks.activities.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApproverRegistryTest {

  private static String newKey(String comment) throws Exception {
    PublicKey key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
    return Ed25519Keys.toOpenSshPublicKey(key, comment);
  }

  private static String fingerprintOf(String openSsh) {
    return Ed25519Keys.fingerprint(Ed25519Keys.parseOpenSshPublicKey(openSsh));
  }

  @Test
  void without_a_registry_the_input_decides() throws Exception {
    assertThat(ApproverRegistry.none().problems(Map.of("bob", newKey("anyone")))).isEmpty();
    assertThat(ApproverRegistry.none().problems(null)).isEmpty();
  }

  @Test
  void the_registrys_own_keys_pass_and_a_subset_of_its_approvers_is_enough() throws Exception {
    String bob = newKey("bob@ops");
    String carol = newKey("carol@ops");
    var registry = new ApproverRegistry(Map.of("bob", bob, "carol", carol), true);
    assertThat(registry.problems(Map.of("bob", bob, "carol", carol))).isEmpty();
    // The comment is not part of the key: a copy with another comment is the same key.
    assertThat(registry.problems(Map.of("bob", bob.replace("bob@ops", "bob@laptop")))).isEmpty();
  }

  @Test
  void a_key_the_registry_does_not_hold_for_that_approver_is_named_with_both_fingerprints() throws Exception {
    String bob = newKey("bob@ops");
    String forged = newKey("mallory");
    var registry = new ApproverRegistry(Map.of("bob", bob), true);

    assertThat(registry.problems(Map.of("bob", forged))).singleElement().asString()
        .startsWith("approvals.approverKeys.bob: key " + fingerprintOf(forged) + " is not bob's key")
        .endsWith(fingerprintOf(bob));
    assertThat(registry.problems(Map.of("mallory", forged))).singleElement().asString()
        .startsWith("approvals.approverKeys.mallory: 'mallory' is not in this worker's approver registry")
        .contains("[bob]");
  }

  @Test
  void unsigned_approvals_are_refused_only_when_the_registry_requires_signatures() throws Exception {
    String bob = newKey("bob@ops");
    assertThat(new ApproverRegistry(Map.of("bob", bob), true).problems(Map.of())).singleElement().asString()
        .startsWith("approvals.approverKeys: this worker requires signed approvals")
        .contains("bob " + fingerprintOf(bob));
    assertThat(new ApproverRegistry(Map.of("bob", bob), false).problems(Map.of())).isEmpty();
  }

  @Test
  void a_malformed_registry_key_is_refused_when_the_registry_is_built() {
    assertThatThrownBy(() -> new ApproverRegistry(Map.of("bob", "ssh-rsa AAAA"), true))
        .isInstanceOf(KeyFormatException.class);
  }
}
