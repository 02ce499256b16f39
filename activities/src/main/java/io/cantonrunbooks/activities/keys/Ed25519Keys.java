package io.cantonrunbooks.activities.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 keys in the formats operators have: OpenSSH public keys ({@code ssh-ed25519 AAAA…
 * comment}, one line of {@code ~/.ssh/id_ed25519.pub}), unencrypted OpenSSH private keys ({@code
 * -----BEGIN OPENSSH PRIVATE KEY-----}, as {@code ssh-keygen -t ed25519 -N ''} writes them) and
 * PKCS#8 private keys ({@code -----BEGIN PRIVATE KEY-----}, as {@code openssl genpkey -algorithm
 * ed25519} writes them); signing and verifying with the JDK's built-in Ed25519; and the fingerprint
 * {@code ssh-keygen -l} prints ({@code SHA256:} and the unpadded base64 of the SHA-256 of the key's
 * SSH wire form).
 *
 * <p>Every method is pure computation: callers read files themselves. A key that cannot be used
 * throws {@link KeyFormatException} saying what was found and what is expected; messages never
 * quote private key material.
 */
public final class Ed25519Keys {

  /** The key type of an Ed25519 key in OpenSSH formats. */
  public static final String SSH_KEY_TYPE = "ssh-ed25519";

  private static final String ALGORITHM = "Ed25519";
  private static final int KEY_BYTES = 32;
  private static final String PUBLIC_KEY_SHAPE = "\"ssh-ed25519 AAAA… [comment]\"";

  /** The DER of an Ed25519 SubjectPublicKeyInfo (RFC 8410) up to the raw 32-byte key that ends it. */
  private static final byte[] SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private static final byte[] OPENSSH_MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

  private Ed25519Keys() {}

  /**
   * A private key read from a file, with its public half when the file carries it.
   *
   * @param publicKey the public key; present for OpenSSH files, null for PKCS#8 ones (the JDK cannot
   *     derive it, so check the key by verifying a signature with the public key you expect)
   */
  public record SigningKey(PrivateKey privateKey, PublicKey publicKey) {}

  /** Reads one OpenSSH public key line, {@code ssh-ed25519 AAAA… [comment]}. */
  public static PublicKey parseOpenSshPublicKey(String line) {
    if (line == null || line.isBlank()) {
      throw new KeyFormatException("expected an OpenSSH Ed25519 public key " + PUBLIC_KEY_SHAPE + ", got nothing");
    }
    String[] fields = line.strip().split("\\s+", 3);
    if (fields[0].startsWith("-----BEGIN")) {
      throw new KeyFormatException("expected an OpenSSH Ed25519 public key " + PUBLIC_KEY_SHAPE
          + ", got a PEM block (a private key? give the .pub file's line)");
    }
    if (!fields[0].equals(SSH_KEY_TYPE)) {
      throw new KeyFormatException("expected an OpenSSH Ed25519 public key " + PUBLIC_KEY_SHAPE
          + ", got type '" + shorten(fields[0]) + "'");
    }
    if (fields.length < 2) {
      throw new KeyFormatException("expected an OpenSSH Ed25519 public key " + PUBLIC_KEY_SHAPE
          + ", got the type without the base64 key");
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(fields[1]);
    } catch (IllegalArgumentException e) {
      throw new KeyFormatException("expected an OpenSSH Ed25519 public key " + PUBLIC_KEY_SHAPE
          + ", but its base64 part is malformed (" + e.getMessage() + ")");
    }
    return publicKeyFromSshBlob(blob, "the public key");
  }

  /** The one-line OpenSSH form of {@code key}, as in a {@code .pub} file; {@code comment} may be null. */
  public static String toOpenSshPublicKey(PublicKey key, String comment) {
    String line = SSH_KEY_TYPE + " " + Base64.getEncoder().encodeToString(sshBlob(key));
    return comment == null || comment.isBlank() ? line : line + " " + comment.strip();
  }

  /**
   * The OpenSSH fingerprint of {@code key}, {@code SHA256:} and 43 base64 characters, the same as
   * {@code ssh-keygen -l -f key.pub} prints.
   */
  public static String fingerprint(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(sshBlob(key));
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * Reads a private key file's text: an unencrypted OpenSSH key or a PKCS#8 key, both Ed25519.
   * Encrypted keys are refused: this tool asks for no passphrase.
   */
  public static SigningKey parsePrivateKey(String text) {
    if (text == null || text.isBlank()) {
      throw new KeyFormatException("expected a PEM private key, got an empty file");
    }
    Matcher pem = PEM.matcher(text);
    if (!pem.find()) {
      if (text.strip().startsWith(SSH_KEY_TYPE) || text.strip().startsWith("ssh-")) {
        throw new KeyFormatException(
            "expected a private key, got an OpenSSH public key line (use the key file without .pub)");
      }
      throw new KeyFormatException("expected a PEM private key (-----BEGIN OPENSSH PRIVATE KEY----- or"
          + " -----BEGIN PRIVATE KEY-----), found no PEM block");
    }
    String label = pem.group(1);
    byte[] der = decodePemBody(pem.group(2), label);
    return switch (label) {
      case "OPENSSH PRIVATE KEY" -> openSshPrivateKey(der);
      case "PRIVATE KEY" -> new SigningKey(pkcs8PrivateKey(der), null);
      case "ENCRYPTED PRIVATE KEY" -> throw new KeyFormatException(
          "the PKCS#8 key is encrypted; runbook reads unencrypted keys only (it asks for no passphrase)");
      default -> throw new KeyFormatException("expected an Ed25519 private key (-----BEGIN OPENSSH PRIVATE KEY-----"
          + " or -----BEGIN PRIVATE KEY-----), got a PEM '" + label + "' block");
    };
  }

  /** Signs {@code message} with Ed25519 (RFC 8032, pure: the message itself, not a hash of it). */
  public static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initSign(key);
      signature.update(message);
      return signature.sign();
    } catch (InvalidKeyException e) {
      throw new KeyFormatException("expected an Ed25519 private key, got " + key.getAlgorithm(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed: " + e.getMessage(), e);
    }
  }

  /** Whether {@code signature} is {@code key}'s Ed25519 signature of {@code message}. */
  public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (SignatureException malformed) {
      return false;
    } catch (InvalidKeyException e) {
      throw new KeyFormatException("expected an Ed25519 public key, got " + key.getAlgorithm(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no Ed25519 (it has since Java 15)", e);
    }
  }

  /** The raw 32-byte Ed25519 public key (RFC 8032 encoding), as Canton's topology transactions carry it. */
  public static byte[] rawPublicKey(PublicKey key) {
    byte[] spki = key.getEncoded();
    if (spki == null || spki.length != SPKI_PREFIX.length + KEY_BYTES
        || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
      throw new KeyFormatException("expected an Ed25519 public key, got " + key.getAlgorithm());
    }
    return Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length);
  }

  /** The key's SSH wire form: string "ssh-ed25519", string key (RFC 4253 strings: uint32 length, bytes). */
  private static byte[] sshBlob(PublicKey key) {
    byte[] type = SSH_KEY_TYPE.getBytes(StandardCharsets.US_ASCII);
    byte[] raw = rawPublicKey(key);
    byte[] blob = new byte[4 + type.length + 4 + raw.length];
    int at = putString(blob, 0, type);
    putString(blob, at, raw);
    return blob;
  }

  private static int putString(byte[] into, int at, byte[] value) {
    into[at] = (byte) (value.length >>> 24);
    into[at + 1] = (byte) (value.length >>> 16);
    into[at + 2] = (byte) (value.length >>> 8);
    into[at + 3] = (byte) value.length;
    System.arraycopy(value, 0, into, at + 4, value.length);
    return at + 4 + value.length;
  }

  private static PublicKey publicKeyFromSshBlob(byte[] blob, String what) {
    SshReader in = new SshReader(blob, what);
    String type = in.text();
    if (!type.equals(SSH_KEY_TYPE)) {
      throw new KeyFormatException(what + ": expected type ssh-ed25519 inside the key, got '" + shorten(type) + "'");
    }
    byte[] raw = in.bytes();
    if (raw.length != KEY_BYTES) {
      throw new KeyFormatException(what + ": expected a 32-byte Ed25519 key, got " + raw.length + " bytes");
    }
    in.expectEnd();
    return publicKeyFromRaw(raw);
  }

  /** The public key whose raw 32-byte Ed25519 encoding (RFC 8032) is {@code raw}. */
  public static PublicKey publicKeyFromRaw(byte[] raw) {
    if (raw == null || raw.length != KEY_BYTES) {
      throw new KeyFormatException("expected a 32-byte Ed25519 public key, got "
          + (raw == null ? "none" : raw.length + " bytes"));
    }
    byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + KEY_BYTES);
    System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, KEY_BYTES);
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(spki));
    } catch (InvalidKeySpecException e) {
      throw new KeyFormatException("not a valid Ed25519 public key: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no Ed25519 (it has since Java 15)", e);
    }
  }

  private static PrivateKey privateKeyFromSeed(byte[] seed) {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
    } catch (InvalidKeySpecException e) {
      throw new KeyFormatException("not a valid Ed25519 private key", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no Ed25519 (it has since Java 15)", e);
    }
  }

  private static PrivateKey pkcs8PrivateKey(byte[] der) {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (InvalidKeySpecException e) {
      // The JDK's message names the algorithm it found (e.g. RSA); it quotes no key bytes.
      throw new KeyFormatException("expected an Ed25519 PKCS#8 private key: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no Ed25519 (it has since Java 15)", e);
    }
  }

  /**
   * The OpenSSH private key format ({@code openssh-key-v1}): magic, cipher name, KDF name, KDF
   * options, number of keys, each public key, then one string holding two equal check words, for each
   * key its type, public key, private key (seed then public key), comment, and padding 1, 2, 3, ….
   */
  private static SigningKey openSshPrivateKey(byte[] data) {
    String what = "the OpenSSH private key";
    if (data.length < OPENSSH_MAGIC.length
        || !Arrays.equals(data, 0, OPENSSH_MAGIC.length, OPENSSH_MAGIC, 0, OPENSSH_MAGIC.length)) {
      throw new KeyFormatException(what + ": expected the openssh-key-v1 header, the file is not in OpenSSH format");
    }
    SshReader in = new SshReader(Arrays.copyOfRange(data, OPENSSH_MAGIC.length, data.length), what);
    String cipher = in.text();
    String kdf = in.text();
    in.bytes();
    if (!cipher.equals("none") || !kdf.equals("none")) {
      throw new KeyFormatException(what + " is encrypted (cipher " + shorten(cipher) + ", kdf " + shorten(kdf)
          + "); runbook reads unencrypted keys only (it asks for no passphrase)");
    }
    int keys = in.uint32();
    if (keys != 1) {
      throw new KeyFormatException(what + ": expected one key in the file, found " + keys);
    }
    PublicKey publicKey = publicKeyFromSshBlob(in.bytes(), what);
    SshReader section = new SshReader(in.bytes(), what);
    in.expectEnd();

    int check1 = section.uint32();
    int check2 = section.uint32();
    if (check1 != check2) {
      throw new KeyFormatException(what + " is corrupt: its two check words differ");
    }
    String type = section.text();
    if (!type.equals(SSH_KEY_TYPE)) {
      throw new KeyFormatException(what + ": expected an ssh-ed25519 key, got '" + shorten(type) + "'");
    }
    byte[] raw = section.bytes();
    byte[] seedAndPublic = section.bytes();
    section.bytes();
    try {
      if (raw.length != KEY_BYTES || seedAndPublic.length != 2 * KEY_BYTES
          || !Arrays.equals(seedAndPublic, KEY_BYTES, 2 * KEY_BYTES, raw, 0, KEY_BYTES)
          || !Arrays.equals(raw, rawPublicKey(publicKey))) {
        throw new KeyFormatException(what + " is corrupt: its public and private halves do not belong together");
      }
      section.expectPadding();
      return new SigningKey(privateKeyFromSeed(Arrays.copyOf(seedAndPublic, KEY_BYTES)), publicKey);
    } finally {
      Arrays.fill(seedAndPublic, (byte) 0);
    }
  }

  private static byte[] decodePemBody(String body, String label) {
    String base64 = body.replaceAll("\\s+", "");
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new KeyFormatException("the PEM '" + label + "' block is not valid base64");
    }
  }

  /** At most 40 characters of something that was found where a known word was expected. */
  private static String shorten(String found) {
    return found.length() <= 40 ? found : found.substring(0, 40) + "…";
  }

  /** Reads RFC 4253 wire types: uint32 (big-endian) and string (uint32 length, then bytes). */
  private static final class SshReader {
    private final byte[] data;
    private final String what;
    private int at;

    SshReader(byte[] data, String what) {
      this.data = data;
      this.what = what;
    }

    int uint32() {
      if (data.length - at < 4) {
        throw truncated();
      }
      int value = ((data[at] & 0xff) << 24) | ((data[at + 1] & 0xff) << 16) | ((data[at + 2] & 0xff) << 8) | (data[at + 3] & 0xff);
      at += 4;
      return value;
    }

    byte[] bytes() {
      int length = uint32();
      if (length < 0 || length > data.length - at) {
        throw truncated();
      }
      byte[] value = Arrays.copyOfRange(data, at, at + length);
      at += length;
      return value;
    }

    String text() {
      return new String(bytes(), StandardCharsets.UTF_8);
    }

    void expectEnd() {
      if (at != data.length) {
        throw new KeyFormatException(what + " is malformed: " + (data.length - at) + " unexpected bytes at its end");
      }
    }

    /** OpenSSH pads the private section with the bytes 1, 2, 3, … up to its cipher's block size. */
    void expectPadding() {
      for (int i = 1; at < data.length; i++, at++) {
        if (data[at] != (byte) i) {
          throw new KeyFormatException(what + " is corrupt: its padding is wrong");
        }
      }
    }

    private KeyFormatException truncated() {
      return new KeyFormatException(what + " is truncated or malformed");
    }
  }
}
