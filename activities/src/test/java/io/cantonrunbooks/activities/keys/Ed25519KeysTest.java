package io.cantonrunbooks.activities.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The key utility against independent sources: RFC 8032's test vector, a public key and the
 * fingerprint {@code ssh-keygen} printed for it, and private keys encoded by Bouncy Castle's OpenSSH
 * writer and the JDK's PKCS#8 encoder. Private keys are generated here, never committed.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class Ed25519KeysTest {

  /** RFC 8032 section 7.1, test 2: this public key's signature of the one byte 0x72. */
  private static final String RFC8032_PUBLIC_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAID1AF8PoQ4lakrcKp00bfrycmCzPLsSWjMDNVfEq9GYM rfc8032-test2";
  private static final byte[] RFC8032_MESSAGE = {0x72};
  private static final byte[] RFC8032_SIGNATURE = HexFormat.of().parseHex(
      "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
          + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");

  /** Printed by {@code ssh-keygen -l -f} for the key above. */
  private static final String RFC8032_FINGERPRINT = "SHA256:F34nin7tcaYH6WR5LSWSfj6weFBPfBpuyUUoPFP9YjA";

  /** A key {@code ssh-keygen -t ed25519} generated (its private half was thrown away) and its fingerprint. */
  private static final String SSH_KEYGEN_PUBLIC_KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMMCfSlhjX1wdRprF5aLIr01dvnbrVONlOvphnctDrBh fixture@canton-runbooks";
  private static final String SSH_KEYGEN_FINGERPRINT = "SHA256:S316l0GEQ9lDsfRvQl4HcdVuxpzRRbYY+Lgu36HGo+Y";

  private static final byte[] MESSAGE = "approve before-acs-import".getBytes(StandardCharsets.UTF_8);

  @Test
  void an_openssh_public_key_verifies_the_rfc_8032_test_vector() {
    PublicKey key = Ed25519Keys.parseOpenSshPublicKey(RFC8032_PUBLIC_KEY);

    assertThat(Ed25519Keys.verify(key, RFC8032_MESSAGE, RFC8032_SIGNATURE)).isTrue();
    assertThat(Ed25519Keys.verify(key, new byte[] {0x73}, RFC8032_SIGNATURE)).as("another message").isFalse();
    byte[] flipped = RFC8032_SIGNATURE.clone();
    flipped[10] ^= 1;
    assertThat(Ed25519Keys.verify(key, RFC8032_MESSAGE, flipped)).as("a changed signature").isFalse();
    assertThat(Ed25519Keys.verify(key, RFC8032_MESSAGE, Arrays.copyOf(RFC8032_SIGNATURE, 63))).as("short").isFalse();
  }

  @Test
  void a_raw_32_byte_key_as_canton_carries_it_is_the_same_key() {
    PublicKey key = Ed25519Keys.parseOpenSshPublicKey(RFC8032_PUBLIC_KEY);
    byte[] raw = HexFormat.of().parseHex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");

    assertThat(Ed25519Keys.rawPublicKey(key)).isEqualTo(raw);
    assertThat(Ed25519Keys.publicKeyFromRaw(raw)).isEqualTo(key);
    assertThatThrownBy(() -> Ed25519Keys.publicKeyFromRaw(Arrays.copyOf(raw, 31)))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("expected a 32-byte Ed25519 public key, got 31 bytes");
  }

  @Test
  void the_fingerprint_is_the_one_ssh_keygen_prints() {
    assertThat(Ed25519Keys.fingerprint(Ed25519Keys.parseOpenSshPublicKey(RFC8032_PUBLIC_KEY))).isEqualTo(RFC8032_FINGERPRINT);
    assertThat(Ed25519Keys.fingerprint(Ed25519Keys.parseOpenSshPublicKey(SSH_KEYGEN_PUBLIC_KEY)))
        .isEqualTo(SSH_KEYGEN_FINGERPRINT);
  }

  @Test
  void a_public_key_is_written_back_in_the_same_openssh_line() {
    PublicKey key = Ed25519Keys.parseOpenSshPublicKey("  " + SSH_KEYGEN_PUBLIC_KEY + "\n");

    assertThat(Ed25519Keys.toOpenSshPublicKey(key, "fixture@canton-runbooks")).isEqualTo(SSH_KEYGEN_PUBLIC_KEY);
    assertThat(Ed25519Keys.toOpenSshPublicKey(key, null)).isEqualTo(SSH_KEYGEN_PUBLIC_KEY.substring(0, 80));
    assertThat(Ed25519Keys.parseOpenSshPublicKey(SSH_KEYGEN_PUBLIC_KEY.substring(0, 80))).isEqualTo(key);
  }

  @Test
  void an_unencrypted_openssh_private_key_signs_for_its_public_half() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String file = pem("OPENSSH PRIVATE KEY", OpenSSHPrivateKeyUtil.encodePrivateKey(bouncyCastle(pair)));

    Ed25519Keys.SigningKey key = Ed25519Keys.parsePrivateKey(file);

    assertThat(key.publicKey()).isEqualTo(pair.getPublic());
    byte[] signature = Ed25519Keys.sign(key.privateKey(), MESSAGE);
    assertThat(Ed25519Keys.verify(pair.getPublic(), MESSAGE, signature)).isTrue();
    assertThat(Ed25519Keys.verify(pair.getPublic(), "approve before-target-isolation".getBytes(StandardCharsets.UTF_8), signature))
        .isFalse();
  }

  @Test
  void a_pkcs8_private_key_signs_and_carries_no_public_half() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String file = "\n" + pem("PRIVATE KEY", pair.getPrivate().getEncoded()).replace("\n", "\r\n");

    Ed25519Keys.SigningKey key = Ed25519Keys.parsePrivateKey(file);

    assertThat(key.publicKey()).isNull();
    assertThat(Ed25519Keys.verify(pair.getPublic(), MESSAGE, Ed25519Keys.sign(key.privateKey(), MESSAGE))).isTrue();
  }

  @Test
  void a_signature_does_not_verify_with_another_key() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
    KeyPair signer = generator.generateKeyPair();
    KeyPair other = generator.generateKeyPair();

    byte[] signature = Ed25519Keys.sign(signer.getPrivate(), MESSAGE);

    assertThat(Ed25519Keys.verify(other.getPublic(), MESSAGE, signature)).isFalse();
    assertThat(Ed25519Keys.fingerprint(signer.getPublic())).isNotEqualTo(Ed25519Keys.fingerprint(other.getPublic()));
  }

  @Test
  void an_encrypted_openssh_key_is_refused_naming_its_cipher() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    var blob = new ByteArrayOutputStream();
    blob.write("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII));
    string(blob, "aes256-ctr".getBytes(StandardCharsets.US_ASCII));
    string(blob, "bcrypt".getBytes(StandardCharsets.US_ASCII));
    string(blob, new byte[24]);
    uint32(blob, 1);
    string(blob, Base64.getDecoder().decode(Ed25519Keys.toOpenSshPublicKey(pair.getPublic(), null).split(" ")[1]));
    string(blob, new byte[80]);

    assertThatThrownBy(() -> Ed25519Keys.parsePrivateKey(pem("OPENSSH PRIVATE KEY", blob.toByteArray())))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining("is encrypted (cipher aes256-ctr, kdf bcrypt)")
        .hasMessageContaining("unencrypted keys only");
  }

  @Test
  void an_encrypted_pkcs8_key_is_refused() {
    assertThatThrownBy(() -> Ed25519Keys.parsePrivateKey(pem("ENCRYPTED PRIVATE KEY", new byte[64])))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining("is encrypted");
  }

  @Test
  void a_damaged_openssh_private_key_is_refused() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] good = OpenSSHPrivateKeyUtil.encodePrivateKey(bouncyCastle(pair));

    assertThatThrownBy(() -> Ed25519Keys.parsePrivateKey(pem("OPENSSH PRIVATE KEY", Arrays.copyOf(good, good.length - 40))))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("truncated or malformed");
    byte[] wrongMagic = good.clone();
    wrongMagic[0] = 'X';
    assertThatThrownBy(() -> Ed25519Keys.parsePrivateKey(pem("OPENSSH PRIVATE KEY", wrongMagic)))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("openssh-key-v1");
    byte[] otherPublicHalf = good.clone();
    // The public key in the header is a string just before the private section; its last byte is
    // well inside the file, so flipping a byte 100 from the end lands in the private section.
    otherPublicHalf[otherPublicHalf.length - 100] ^= 1;
    assertThatThrownBy(() -> Ed25519Keys.parsePrivateKey(pem("OPENSSH PRIVATE KEY", otherPublicHalf)))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("is corrupt");
  }

  @Test
  void garbage_and_keys_of_other_kinds_are_refused_saying_what_is_expected() throws Exception {
    byte[] rsaPkcs8 = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate().getEncoded();

    assertThatThrownBy(() -> Ed25519Keys.parsePrivateKey("hello"))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("found no PEM block");
    assertThatThrownBy(() -> Ed25519Keys.parsePrivateKey(""))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("empty file");
    assertThatThrownBy(() -> Ed25519Keys.parsePrivateKey(SSH_KEYGEN_PUBLIC_KEY))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("got an OpenSSH public key line");
    assertThatThrownBy(() -> Ed25519Keys.parsePrivateKey(pem("PRIVATE KEY", rsaPkcs8)))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("expected an Ed25519 PKCS#8 private key");
    assertThatThrownBy(() -> Ed25519Keys.parsePrivateKey(pem("RSA PRIVATE KEY", new byte[32])))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("got a PEM 'RSA PRIVATE KEY' block");
    assertThatThrownBy(() -> Ed25519Keys.parsePrivateKey("-----BEGIN PRIVATE KEY-----\n!!not base64!!\n-----END PRIVATE KEY-----\n"))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("not valid base64");

    assertThatThrownBy(() -> Ed25519Keys.parseOpenSshPublicKey("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ bob"))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("got type 'ssh-rsa'");
    assertThatThrownBy(() -> Ed25519Keys.parseOpenSshPublicKey("ssh-ed25519"))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("without the base64 key");
    assertThatThrownBy(() -> Ed25519Keys.parseOpenSshPublicKey("ssh-ed25519 AAAA%%%%"))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("base64 part is malformed");
    assertThatThrownBy(() -> Ed25519Keys.parseOpenSshPublicKey("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAID1AF8Po"))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("truncated or malformed");
    assertThatThrownBy(() -> Ed25519Keys.parseOpenSshPublicKey("-----BEGIN OPENSSH PRIVATE KEY-----"))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("got a PEM block");
    assertThatThrownBy(() -> Ed25519Keys.parseOpenSshPublicKey(" "))
        .isInstanceOf(KeyFormatException.class).hasMessageContaining("got nothing");
  }

  private static Ed25519PrivateKeyParameters bouncyCastle(KeyPair pair) {
    byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
    return new Ed25519PrivateKeyParameters(seed, 0);
  }

  private static String pem(String label, byte[] der) {
    String body = Base64.getMimeEncoder(70, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }

  private static void uint32(ByteArrayOutputStream out, int value) {
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
  }

  private static void string(ByteArrayOutputStream out, byte[] value) {
    uint32(out, value.length);
    out.writeBytes(value);
  }
}
