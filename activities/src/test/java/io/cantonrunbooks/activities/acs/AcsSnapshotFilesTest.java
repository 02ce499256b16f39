package io.cantonrunbooks.activities.acs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cantonrunbooks.activities.acs.AcsFileException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcsSnapshotFilesTest {

  @TempDir Path dir;

  @Test
  void a_streamed_snapshot_lands_owner_only_with_its_checksum_and_count() throws Exception {
    byte[] snapshot = TestSnapshots.snapshot(50, 300);
    Path target = dir.resolve("party.acs.gz");

    AcsSnapshotFile file;
    try (var writer = AcsSnapshotWriter.open(target)) {
      // Slices of odd sizes split records and the gzip header/trailer anywhere.
      for (int at = 0; at < snapshot.length; at += 7) {
        writer.write(Arrays.copyOfRange(snapshot, at, Math.min(snapshot.length, at + 7)));
      }
      file = writer.commit();
    }

    assertThat(file.contracts()).isEqualTo(50);
    assertThat(file.bytes()).isEqualTo(snapshot.length);
    assertThat(file.sha256()).isEqualTo(TestSnapshots.sha256(snapshot));
    assertThat(Files.readAllBytes(target)).isEqualTo(snapshot);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
    try (var leftovers = Files.list(dir)) {
      assertThat(leftovers).containsExactly(target);
    }
  }

  @Test
  void the_partial_file_of_a_writer_that_was_killed_is_deleted_by_the_next_one() throws Exception {
    Path target = dir.resolve("party.acs.gz");
    Path killed = Files.write(dir.resolve(".party.acs.gz.4711.part"), TestSnapshots.snapshot(5, 100));
    Path other = Files.write(dir.resolve(".other.acs.gz.4711.part"), new byte[] {1});
    byte[] snapshot = TestSnapshots.snapshot(3, 100);

    try (var writer = AcsSnapshotWriter.open(target)) {
      writer.write(snapshot);
      writer.commit();
    }

    assertThat(killed).doesNotExist();
    assertThat(other).as("another target's file is not ours to delete").exists();
    assertThat(Files.readAllBytes(target)).isEqualTo(snapshot);
  }

  @Test
  void an_empty_acs_is_a_valid_snapshot_with_no_contracts() {
    byte[] empty = TestSnapshots.gzip(new byte[0]);
    Path target = dir.resolve("empty.gz");
    try (var writer = AcsSnapshotWriter.open(target)) {
      writer.write(empty);
      assertThat(writer.commit().contracts()).isZero();
    }
  }

  @Test
  void a_truncated_stream_is_not_committed_and_leaves_no_file() {
    byte[] snapshot = TestSnapshots.snapshot(20, 200);
    Path target = dir.resolve("cut.gz");

    try (var writer = AcsSnapshotWriter.open(target)) {
      writer.write(Arrays.copyOf(snapshot, snapshot.length - 10));
      assertThatThrownBy(writer::commit)
          .isInstanceOfSatisfying(AcsFileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
    }
    assertThat(dir.toFile().list()).isEmpty();
  }

  @Test
  void verification_accepts_a_good_file_and_reports_its_facts() throws Exception {
    byte[] snapshot = TestSnapshots.snapshot(12, 100);
    Path file = Files.write(dir.resolve("good.gz"), snapshot);

    var facts = AcsSnapshotVerifier.verify(file, Optional.of(TestSnapshots.sha256(snapshot).toUpperCase()));

    assertThat(facts.contracts()).isEqualTo(12);
    assertThat(facts.bytes()).isEqualTo(snapshot.length);
  }

  @Test
  void verification_rejects_a_missing_file() {
    assertThatThrownBy(() -> AcsSnapshotVerifier.verify(dir.resolve("nope.gz"), Optional.empty()))
        .isInstanceOfSatisfying(AcsFileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MISSING));
  }

  @Test
  void verification_rejects_a_file_cut_inside_the_gzip_stream() throws Exception {
    byte[] snapshot = TestSnapshots.snapshot(12, 100);
    Path file = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(snapshot, snapshot.length / 2));

    assertThatThrownBy(() -> AcsSnapshotVerifier.verify(file, Optional.empty()))
        .isInstanceOfSatisfying(AcsFileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
  }

  @Test
  void verification_rejects_a_complete_gzip_whose_last_record_is_cut() throws Exception {
    byte[] records = TestSnapshots.records(3, 50, 30);
    Path file = Files.write(dir.resolve("short.gz"), TestSnapshots.gzip(Arrays.copyOf(records, records.length - 5)));

    assertThatThrownBy(() -> AcsSnapshotVerifier.verify(file, Optional.empty()))
        .isInstanceOfSatisfying(AcsFileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
  }

  @Test
  void verification_rejects_flipped_bytes() throws Exception {
    byte[] snapshot = TestSnapshots.snapshot(12, 100);
    snapshot[snapshot.length / 2] ^= 0x55;
    Path file = Files.write(dir.resolve("flipped.gz"), snapshot);

    assertThatThrownBy(() -> AcsSnapshotVerifier.verify(file, Optional.empty()))
        .isInstanceOfSatisfying(
            AcsFileException.class,
            e -> assertThat(e.reason()).isIn(Reason.NOT_GZIP, Reason.BAD_RECORD, Reason.TRUNCATED));
  }

  @Test
  void verification_rejects_records_of_another_version() throws Exception {
    Path file = Files.write(dir.resolve("v31.gz"), TestSnapshots.gzip(TestSnapshots.records(2, 10, 31)));

    assertThatThrownBy(() -> AcsSnapshotVerifier.verify(file, Optional.empty()))
        .isInstanceOfSatisfying(AcsFileException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.BAD_RECORD);
          assertThat(e).hasMessageContaining("version 31");
        });
  }

  @Test
  void verification_rejects_a_second_gzip_member_that_canton_would_silently_ignore() throws Exception {
    byte[] one = TestSnapshots.snapshot(2, 10);
    byte[] two = new byte[one.length * 2];
    System.arraycopy(one, 0, two, 0, one.length);
    System.arraycopy(one, 0, two, one.length, one.length);
    Path file = Files.write(dir.resolve("two.gz"), two);

    assertThatThrownBy(() -> AcsSnapshotVerifier.verify(file, Optional.empty()))
        .isInstanceOfSatisfying(AcsFileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_GZIP));
  }

  @Test
  void verification_rejects_plain_bytes_that_are_not_gzip() throws Exception {
    Path file = Files.write(dir.resolve("plain"), TestSnapshots.records(2, 10, 30));

    assertThatThrownBy(() -> AcsSnapshotVerifier.verify(file, Optional.empty()))
        .isInstanceOfSatisfying(AcsFileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_GZIP));
  }

  @Test
  void verification_rejects_a_good_file_with_another_checksum() throws Exception {
    Path file = Files.write(dir.resolve("other.gz"), TestSnapshots.snapshot(3, 10));

    assertThatThrownBy(() -> AcsSnapshotVerifier.verify(file, Optional.of("00".repeat(32))))
        .isInstanceOfSatisfying(
            AcsFileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CHECKSUM_MISMATCH));
  }
}
