package io.cantonrunbooks.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code temporal.encryption} is validated like every other key, before anything connects. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EncryptionConfigurationTest {

  @TempDir java.nio.file.Path tmp;
  ConfigFiles files;

  @BeforeEach
  void setUp() {
    files = new ConfigFiles(tmp);
  }

  private String key(String name) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    files.write(name, Base64.getEncoder().encodeToString(key));
    return name;
  }

  @Test
  void a_current_key_and_an_old_key_are_read_with_paths_relative_to_the_file() throws Exception {
    key("keys/2025-02.key");
    key("keys/2025-01.key");
    RunbookConfig config = files.load("""
        temporal.encryption {
          key-id = "2025-02"
          key-file = "keys/2025-02.key"
          old-keys = [{ key-id = "2025-01", key-file = "keys/2025-01.key" }]
        }
        """);
    EncryptionSettings e = config.temporal().encryption().orElseThrow();
    assertThat(e.current().keyId()).isEqualTo("2025-02");
    assertThat(e.current().file()).isEqualTo(tmp.resolve("keys/2025-02.key"));
    assertThat(e.oldKeys()).extracting(EncryptionSettings.KeyFile::keyId).containsExactly("2025-01");
  }

  @Test
  void without_an_encryption_block_payloads_stay_plain() throws Exception {
    assertThat(files.load("temporal.namespace = ops").temporal().encryption()).isEmpty();
  }

  @Test
  void a_missing_key_file_is_rejected_naming_the_key() {
    assertThat(files.problems("temporal.encryption { key-id = k1, key-file = \"keys/none.key\" }"))
        .containsExactly("temporal.encryption.key-file: expected a readable file, got \"keys/none.key\" (no such file)");
  }

  @Test
  void a_key_of_the_wrong_length_is_rejected_without_printing_it() {
    files.write("short.key", Base64.getEncoder().encodeToString(new byte[16]));
    assertThat(files.problems("temporal.encryption { key-id = k1, key-file = short.key }"))
        .containsExactly("temporal.encryption.key-file: expected a file holding a base64-encoded 32-byte key, got \"short.key\" (decodes to 16 bytes)");
  }

  @Test
  void a_key_file_that_is_not_base64_is_rejected() {
    files.write("text.key", "this is not a key!");
    assertThat(files.problems("temporal.encryption { key-id = k1, key-file = text.key }"))
        .containsExactly("temporal.encryption.key-file: expected a file holding a base64-encoded 32-byte key, got \"text.key\" (not base64)");
  }

  @Test
  void a_block_without_a_key_id_is_rejected() {
    key("k.key");
    assertThat(files.problems("temporal.encryption { key-file = k.key }"))
        .containsExactly("temporal.encryption.key-id: expected a key id such as \"2025-01\", got nothing");
  }

  @Test
  void an_old_key_reusing_the_current_id_is_rejected() {
    key("a.key");
    key("b.key");
    assertThat(files.problems("""
        temporal.encryption {
          key-id = k1, key-file = a.key
          old-keys = [{ key-id = k1, key-file = b.key }]
        }
        """))
        .containsExactly("temporal.encryption.old-keys[0].key-id: expected a key id used once across temporal.encryption, got \"k1\" again");
  }

  @Test
  void an_old_key_without_its_file_and_an_unknown_key_are_both_reported() {
    key("a.key");
    assertThat(files.problems("""
        temporal.encryption {
          key-id = k1, key-file = a.key, cipher = aes
          old-keys = [{ key-id = k0 }]
        }
        """))
        .containsExactlyInAnyOrder(
            "temporal.encryption.cipher: unknown key, expected one of key-id, key-file, old-keys",
            "temporal.encryption.old-keys[0].key-file: expected a readable file holding a base64-encoded 32-byte key, got nothing");
  }
}
