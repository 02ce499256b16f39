package io.cantonrunbooks.testbed.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cantonrunbooks.cantonapi.version.v1.UntypedVersionedMessage;
import io.cantonrunbooks.testbed.engine.Contract;
import io.cantonrunbooks.testbed.engine.TemplateId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class AcsSnapshotCodecTest {
  private static List<Contract> contracts(int n) {
    Random random = new Random(7);
    List<Contract> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] noise = new byte[600];
      random.nextBytes(noise);
      all.add(new Contract("00" + i, new TemplateId("pkg", "M", "T"), "demo", List.of("alice::1220aa"), List.of(),
          Instant.ofEpochSecond(1_700_000_000L + i), java.util.HexFormat.of().formatHex(noise)));
    }
    return all;
  }

  @Test
  void a_large_snapshot_is_served_in_two_mebibyte_chunks_with_a_smaller_last_one() throws IOException {
    List<ByteString> chunks = new ArrayList<>();
    AcsSnapshotCodec.write(contracts(4000), "global::1220bb", chunks::add);
    assertThat(chunks.size()).isGreaterThan(1);
    chunks.subList(0, chunks.size() - 1).forEach(c -> assertThat(c.size()).isEqualTo(AcsSnapshotCodec.CHUNK_SIZE));
    assertThat(chunks.get(chunks.size() - 1).size()).isLessThanOrEqualTo(AcsSnapshotCodec.CHUNK_SIZE);

    ByteArrayOutputStream all = new ByteArrayOutputStream();
    chunks.forEach(c -> all.writeBytes(c.toByteArray()));
    assertThat(new GZIPInputStream(new ByteArrayInputStream(all.toByteArray())).readAllBytes()).isNotEmpty();

    AcsSnapshotCodec.StreamingDecoder decoder = new AcsSnapshotCodec.StreamingDecoder();
    byte[] bytes = all.toByteArray();
    int decoded = 0;
    for (int i = 0; i < bytes.length; i += 100_003) {
      for (byte[] record : decoder.feed(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 100_003)))) {
        assertThat(AcsSnapshotCodec.decodeRecord(record).contract().contractId()).isEqualTo("00" + decoded);
        decoded++;
      }
    }
    assertThat(decoder.finish()).isTrue();
    assertThat(decoded).isEqualTo(4000);
  }

  @Test
  void records_are_the_bytes_of_the_messages_written_delimited() throws IOException {
    // Sizes that need one, two and three varint bytes for the three lengths (the blob caps the
    // argument at 64 KiB).
    List<Contract> contracts = new ArrayList<>();
    for (int argument : new int[] {0, 10, 200, 20_000, 60_000}) {
      contracts.add(new Contract("00" + argument, new TemplateId("pkg", "M", "T"), "demo",
          List.of("alice::1220aa", "bob::1220bb"), List.of("carol::1220cc"),
          Instant.ofEpochSecond(1_700_000_000L, 123), "x".repeat(argument)));
    }
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (Contract c : contracts) {
      byte[] admin = io.cantonrunbooks.cantonapi.admin.participant.v30.ActiveContract.newBuilder()
          .setActiveContract(AcsSnapshotCodec.toLedgerApi(c, "global::1220bb").toByteString())
          .build()
          .toByteArray();
      UntypedVersionedMessage.newBuilder().setData(ByteString.copyFrom(admin)).setVersion(30).build()
          .writeDelimitedTo(expected);
    }

    ByteArrayOutputStream written = new ByteArrayOutputStream();
    AcsSnapshotCodec.write(contracts, "global::1220bb", c -> written.writeBytes(c.toByteArray()));

    byte[] inflated = new GZIPInputStream(new ByteArrayInputStream(written.toByteArray())).readAllBytes();
    assertThat(inflated).isEqualTo(expected.toByteArray());
  }

  @Test
  void records_larger_than_the_decoders_block_are_decoded_whole_from_small_slices() throws IOException {
    List<Contract> contracts = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      // The created-event blob repeats the argument, so each large record is about 120 KB.
      String argument = i % 3 == 0 ? String.valueOf(i).repeat(60_000) : "small " + i;
      contracts.add(new Contract("00" + i, new TemplateId("pkg", "M", "T"), "demo", List.of("alice::1220aa"),
          List.of(), Instant.ofEpochSecond(1_700_000_000L + i), argument));
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    AcsSnapshotCodec.write(contracts, "global::1220bb", c -> all.writeBytes(c.toByteArray()));
    byte[] bytes = all.toByteArray();

    AcsSnapshotCodec.StreamingDecoder decoder = new AcsSnapshotCodec.StreamingDecoder();
    List<Contract> decoded = new ArrayList<>();
    for (int i = 0; i < bytes.length; i += 997) {
      for (byte[] record : decoder.feed(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 997)))) {
        decoded.add(AcsSnapshotCodec.decodeRecord(record).contract());
      }
    }
    assertThat(decoder.finish()).isTrue();
    assertThat(decoded).isEqualTo(contracts);
  }

  @Test
  void an_empty_acs_still_yields_one_small_chunk() {
    List<ByteString> chunks = new ArrayList<>();
    AcsSnapshotCodec.write(List.of(), "global::1220bb", chunks::add);
    assertThat(chunks).hasSize(1);
    assertThat(chunks.get(0).size()).isLessThan(40);
  }

  @Test
  void a_truncated_snapshot_is_refused_instead_of_imported_shorter() throws IOException {
    List<ByteString> chunks = new ArrayList<>();
    AcsSnapshotCodec.write(contracts(50), "global::1220bb", chunks::add);
    byte[] bytes = chunks.get(0).toByteArray();
    AcsSnapshotCodec.StreamingDecoder decoder = new AcsSnapshotCodec.StreamingDecoder();
    decoder.feed(Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(decoder::finish).isInstanceOf(IOException.class);
  }
}
