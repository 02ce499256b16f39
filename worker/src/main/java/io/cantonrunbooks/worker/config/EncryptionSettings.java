package io.cantonrunbooks.worker.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * Payload encryption settings: the key that encrypts every payload this process writes to
 * Temporal, and older keys that are kept only so that histories written with them stay readable.
 *
 * <p>The keys themselves are not held here: only where they are. They are read by the codec when a
 * connection is opened, so that a configuration can be printed without ever touching key bytes.
 *
 * @param current the key new payloads are encrypted with
 * @param oldKeys keys accepted for decryption only, after a rotation
 */
public record EncryptionSettings(KeyFile current, List<KeyFile> oldKeys) {

  public EncryptionSettings {
    oldKeys = List.copyOf(oldKeys);
  }

  /**
   * A named AES-256 key stored base64-encoded in a file.
   *
   * @param keyId the id written next to each encrypted payload, so a reader knows which key to use
   * @param file the file holding the base64 of 32 random bytes
   */
  public record KeyFile(String keyId, Path file) {

    /** The length of an AES-256 key. */
    public static final int KEY_BYTES = 32;

    /**
     * Reads and decodes the key.
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when it does not hold base64 of exactly {@value #KEY_BYTES}
     *     bytes; the message says what was found and never includes the file's content
     */
    public byte[] read() throws IOException {
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      byte[] key;
      try {
        key = Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not base64");
      }
      if (key.length != KEY_BYTES) {
        throw new IllegalArgumentException("decodes to " + key.length + " bytes");
      }
      return key;
    }
  }
}
