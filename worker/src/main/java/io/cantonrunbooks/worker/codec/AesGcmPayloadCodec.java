package io.cantonrunbooks.worker.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cantonrunbooks.worker.config.EncryptionSettings;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A {@link PayloadCodec} that encrypts each payload with AES-256-GCM under the current key and
 * decrypts with whichever configured key the payload names.
 *
 * <p>An encrypted payload carries metadata {@value #ENCODING_KEY} = {@value #ENCODING} and
 * {@value #KEY_ID_KEY} = the key id; its data is a fresh random 12-byte nonce followed by the
 * ciphertext and the 16-byte GCM tag. The plaintext is the whole original payload (metadata
 * included), so the server cannot even tell JSON from binary. The key id is also the GCM associated
 * data: a payload whose id was edited fails authentication instead of being decrypted with another
 * key.
 *
 * <p>Decoding passes through payloads that are not encrypted, so that encryption can be switched on
 * while workflows started without it are still running. A payload encrypted under a key id this
 * process does not know, or whose tag does not verify, is refused with a {@link
 * PayloadCodecException} that says which and what to do.
 *
 * <p>Instances are thread-safe: a {@link Cipher} is created per call because ciphers are not.
 */
public final class AesGcmPayloadCodec implements PayloadCodec {

  /** The metadata key Temporal's converters use for a payload's format. */
  public static final String ENCODING_KEY = "encoding";
  /** The encoding of an encrypted payload. */
  public static final String ENCODING = "binary/encrypted";
  /** The metadata key naming the key a payload was encrypted with. */
  public static final String KEY_ID_KEY = "encryption-key-id";

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final ByteString ENCODING_BYTES = ByteString.copyFromUtf8(ENCODING);

  private final String currentKeyId;
  private final Map<String, SecretKey> keys;
  private final SecureRandom random = new SecureRandom();

  /**
   * Creates a codec from raw keys.
   *
   * @param currentKeyId the id of the key that encrypts; it must be in {@code keys}
   * @param keys every key that may decrypt, by id, each 32 bytes
   */
  public AesGcmPayloadCodec(String currentKeyId, Map<String, byte[]> keys) {
    if (!keys.containsKey(currentKeyId)) {
      throw new IllegalArgumentException("the current key id \"" + currentKeyId + "\" has no key");
    }
    var copy = new LinkedHashMap<String, SecretKey>();
    keys.forEach(
        (id, bytes) -> {
          if (bytes.length != EncryptionSettings.KeyFile.KEY_BYTES) {
            throw new IllegalArgumentException(
                "key \"" + id + "\" has " + bytes.length + " bytes, expected " + EncryptionSettings.KeyFile.KEY_BYTES);
          }
          copy.put(id, new SecretKeySpec(bytes, "AES"));
        });
    this.currentKeyId = currentKeyId;
    this.keys = Map.copyOf(copy);
  }

  /** Creates a codec from validated configuration, reading the key files now. */
  public static AesGcmPayloadCodec fromSettings(EncryptionSettings settings) {
    var keys = new LinkedHashMap<String, byte[]>();
    try {
      keys.put(settings.current().keyId(), settings.current().read());
      for (EncryptionSettings.KeyFile old : settings.oldKeys()) {
        keys.put(old.keyId(), old.read());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read an encryption key file: " + e.getMessage(), e);
    }
    return new AesGcmPayloadCodec(settings.current().keyId(), keys);
  }

  /** The id of the key new payloads are encrypted with. */
  public String currentKeyId() {
    return currentKeyId;
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream().map(this::encrypt).toList();
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decrypt).toList();
  }

  private Payload encrypt(Payload payload) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), nonce, currentKeyId);
      byte[] sealed = cipher.doFinal(payload.toByteArray());
      byte[] data = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
      return Payload.newBuilder()
          .putMetadata(ENCODING_KEY, ENCODING_BYTES)
          .putMetadata(KEY_ID_KEY, ByteString.copyFromUtf8(currentKeyId))
          .setData(ByteString.copyFrom(data))
          .build();
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("AES-GCM encryption failed: " + e.getMessage(), e);
    }
  }

  private Payload decrypt(Payload payload) {
    if (!ENCODING_BYTES.equals(payload.getMetadataMap().get(ENCODING_KEY))) {
      return payload;
    }
    ByteString idBytes = payload.getMetadataMap().get(KEY_ID_KEY);
    if (idBytes == null) {
      throw failure("an encrypted payload has no " + KEY_ID_KEY + " metadata, so no key can be chosen to decrypt it");
    }
    String keyId = idBytes.toString(StandardCharsets.UTF_8);
    SecretKey key = keys.get(keyId);
    if (key == null) {
      throw failure("a payload is encrypted with key id \"" + keyId + "\", which this process does not know"
          + " (it knows " + String.join(", ", keys.keySet().stream().sorted().toList())
          + "); add that key to temporal.encryption.old-keys");
    }
    byte[] data = payload.getData().toByteArray();
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw failure("a payload encrypted with key id \"" + keyId + "\" is " + data.length
          + " bytes long, shorter than a nonce and a tag: it was truncated");
    }
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOf(data, NONCE_BYTES), keyId);
      byte[] plain = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
      return Payload.parseFrom(plain);
    } catch (AEADBadTagException e) {
      throw failure("a payload encrypted with key id \"" + keyId + "\" fails its integrity check:"
          + " it was altered, or encrypted with a different key under the same id");
    } catch (GeneralSecurityException | InvalidProtocolBufferException e) {
      throw failure("a payload encrypted with key id \"" + keyId + "\" cannot be decrypted: " + e.getMessage());
    }
  }

  private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String keyId)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance(TRANSFORMATION);
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    // Binding the id means a payload relabelled with another key's id cannot verify.
    cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  private static PayloadCodecException failure(String message) {
    return new PayloadCodecException(Objects.requireNonNull(message));
  }
}
