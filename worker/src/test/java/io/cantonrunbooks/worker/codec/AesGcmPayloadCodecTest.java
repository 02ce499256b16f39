package io.cantonrunbooks.worker.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cantonrunbooks.worker.config.EncryptionSettings;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AES-GCM codec keeps payloads secret and intact, and survives a key rotation. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AesGcmPayloadCodecTest {

  private static final String PARTY = "alice::1220deadbeef";

  static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  private static Payload json(String text) {
    return Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(text))
        .build();
  }

  private final byte[] k1 = randomKey();
  private final byte[] k2 = randomKey();

  @Test
  void a_payload_round_trips_and_its_ciphertext_shows_neither_data_nor_encoding() {
    var codec = new AesGcmPayloadCodec("k1", Map.of("k1", k1));
    Payload plain = json("{\"party\":\"" + PARTY + "\"}");

    Payload sealed = codec.encode(List.of(plain)).get(0);

    assertThat(sealed.getMetadataMap().get("encoding").toStringUtf8()).isEqualTo("binary/encrypted");
    assertThat(sealed.getMetadataMap().get("encryption-key-id").toStringUtf8()).isEqualTo("k1");
    String raw = new String(sealed.toByteArray(), StandardCharsets.ISO_8859_1);
    assertThat(raw).doesNotContain(PARTY).doesNotContain("json/plain");
    assertThat(codec.decode(List.of(sealed))).containsExactly(plain);
  }

  @Test
  void the_same_payload_encrypts_differently_each_time_because_each_gets_a_fresh_nonce() {
    var codec = new AesGcmPayloadCodec("k1", Map.of("k1", k1));
    Payload plain = json("\"same\"");
    assertThat(codec.encode(List.of(plain)).get(0).getData())
        .isNotEqualTo(codec.encode(List.of(plain)).get(0).getData());
  }

  @Test
  void a_flipped_bit_in_the_ciphertext_fails_the_gcm_tag_check() {
    var codec = new AesGcmPayloadCodec("k1", Map.of("k1", k1));
    Payload sealed = codec.encode(List.of(json("\"secret\""))).get(0);
    byte[] data = sealed.getData().toByteArray();
    data[data.length - 20] ^= 1;
    Payload tampered = sealed.toBuilder().setData(ByteString.copyFrom(data)).build();

    assertThatThrownBy(() -> codec.decode(List.of(tampered)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("key id \"k1\" fails its integrity check");
  }

  @Test
  void a_payload_relabelled_with_another_known_key_id_fails_instead_of_decrypting() {
    var codec = new AesGcmPayloadCodec("k1", Map.of("k1", k1, "k2", k2));
    Payload sealed = codec.encode(List.of(json("\"secret\""))).get(0);
    Payload relabelled = sealed.toBuilder().putMetadata("encryption-key-id", ByteString.copyFromUtf8("k2")).build();

    assertThatThrownBy(() -> codec.decode(List.of(relabelled)))
        .hasMessageContaining("key id \"k2\" fails its integrity check");
  }

  @Test
  void a_truncated_payload_is_refused_as_truncated() {
    var codec = new AesGcmPayloadCodec("k1", Map.of("k1", k1));
    Payload sealed = codec.encode(List.of(json("\"x\""))).get(0);
    Payload cut = sealed.toBuilder().setData(sealed.getData().substring(0, 10)).build();
    assertThatThrownBy(() -> codec.decode(List.of(cut))).hasMessageContaining("was truncated");
  }

  @Test
  void after_a_rotation_payloads_written_with_the_old_key_still_decrypt() {
    var before = new AesGcmPayloadCodec("k1", Map.of("k1", k1));
    var after = new AesGcmPayloadCodec("k2", Map.of("k2", k2, "k1", k1));
    Payload plain = json("\"written before the rotation\"");

    Payload old = before.encode(List.of(plain)).get(0);

    assertThat(after.decode(List.of(old))).containsExactly(plain);
    assertThat(after.encode(List.of(plain)).get(0).getMetadataMap().get("encryption-key-id").toStringUtf8())
        .isEqualTo("k2");
  }

  @Test
  void a_payload_under_an_unknown_key_id_is_refused_naming_the_id_and_the_fix() {
    var writer = new AesGcmPayloadCodec("retired", Map.of("retired", k1));
    var reader = new AesGcmPayloadCodec("k2", Map.of("k2", k2));
    Payload sealed = writer.encode(List.of(json("\"x\""))).get(0);

    assertThatThrownBy(() -> reader.decode(List.of(sealed)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("encrypted with key id \"retired\", which this process does not know (it knows k2)")
        .hasMessageContaining("temporal.encryption.old-keys");
  }

  @Test
  void a_payload_written_before_encryption_was_switched_on_is_read_as_it_is() {
    var codec = new AesGcmPayloadCodec("k1", Map.of("k1", k1));
    Payload plain = json("\"from before\"");
    assertThat(codec.decode(List.of(plain))).containsExactly(plain);
  }

  @Test
  void the_codec_built_from_key_files_works_inside_temporals_codec_data_converter(@TempDir Path dir)
      throws Exception {
    Path keyFile = Files.writeString(dir.resolve("k1.key"), Base64.getEncoder().encodeToString(k1) + "\n");
    var codec = AesGcmPayloadCodec.fromSettings(
        new EncryptionSettings(new EncryptionSettings.KeyFile("k1", keyFile), List.of()));
    var converter = new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), List.of(codec));

    Optional<io.temporal.api.common.v1.Payloads> payloads = converter.toPayloads(Map.of("party", PARTY));

    assertThat(payloads.orElseThrow().getPayloads(0).getMetadataMap().get("encoding").toStringUtf8())
        .isEqualTo("binary/encrypted");
    assertThat(converter.fromPayloads(0, payloads, Map.class, Map.class)).isEqualTo(Map.of("party", PARTY));
  }
}
