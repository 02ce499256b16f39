package io.cantonrunbooks.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.activities.keys.ApproverRegistry;
import io.cantonrunbooks.activities.keys.Ed25519Keys;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code approvals} block: the worker's approver registry, every bad value named. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ApprovalsConfigurationTest {

  @TempDir Path tmp;
  ConfigFiles files;
  String bob;
  String carol;

  @BeforeEach
  void setUp() throws Exception {
    files = new ConfigFiles(tmp);
    bob = Ed25519Keys.toOpenSshPublicKey(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic(), "bob@ops");
    carol = Ed25519Keys.toOpenSshPublicKey(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic(), "carol@ops");
  }

  @Test
  void without_the_block_there_is_no_registry() throws Exception {
    assertThat(files.load("worker.task-queue = q").approvers()).isEqualTo(ApproverRegistry.none());
  }

  @Test
  void keys_make_a_registry_that_requires_signatures_unless_told_otherwise() throws Exception {
    String keys = "approvals.keys { bob = \"" + bob + "\", carol = \"" + carol + "\" }\n";
    assertThat(files.load(keys).approvers()).isEqualTo(new ApproverRegistry(Map.of("bob", bob, "carol", carol), true));
    assertThat(files.load(keys + "approvals.require-signatures = false").approvers().signaturesRequired()).isFalse();
  }

  @Test
  void a_key_that_is_not_an_openssh_ed25519_key_is_named() {
    assertThat(files.problems("approvals.keys.bob = \"ssh-rsa AAAAB3NzaC1yc2E bob\""))
        .singleElement().asString().startsWith("approvals.keys.bob: expected an OpenSSH Ed25519 public key");
  }

  @Test
  void one_key_for_two_approvers_is_refused() {
    assertThat(files.problems("approvals.keys { bob = \"" + bob + "\", robert = \"" + bob + "\" }"))
        .singleElement().asString().startsWith("approvals.keys.robert: the same key as bob's (SHA256:")
        .endsWith("distinct approvers need distinct keys");
  }

  @Test
  void requiring_signatures_without_keys_is_refused() {
    assertThat(files.problems("approvals.require-signatures = true"))
        .containsExactly("approvals.require-signatures: expected approvals.keys as well: signatures cannot be required"
            + " without keys to check them");
  }
}
