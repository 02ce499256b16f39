package io.cantonrunbooks.testbed.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Builds and splits Canton-shaped identifiers ({@code identifier::fingerprint}). */
public final class Ids {
  private Ids() {}

  /** A Canton-style key fingerprint ({@code 1220} + SHA-256 hex) derived from a seed. */
  public static String fingerprint(String seed) {
    return "1220" + HexFormat.of().formatHex(sha256(seed.getBytes(StandardCharsets.UTF_8)));
  }

  /** The namespace part of a unique identifier, or the empty string if it has none. */
  public static String namespaceOf(String uid) {
    int i = uid.indexOf("::");
    if (i < 0) {
      return "";
    }
    String rest = uid.substring(i + 2);
    int j = rest.indexOf("::");
    return j < 0 ? rest : rest.substring(0, j);
  }

  /** The identifier part of a unique identifier. */
  public static String identifierOf(String uid) {
    int i = uid.indexOf("::");
    return i < 0 ? uid : uid.substring(0, i);
  }

  /** Whether {@code value} looks like {@code identifier::namespace}. */
  public static boolean isUid(String value) {
    if (value == null) {
      return false;
    }
    int i = value.indexOf("::");
    return i > 0 && i + 2 < value.length();
  }

  static byte[] sha256(byte[] data) {
    return newSha256().digest(data);
  }

  /** A SHA-256 digest to reuse over many short inputs (looking one up per input costs more). */
  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
