package io.cantonrunbooks.activities.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifiedAcsFilesTest {

  @TempDir Path acs;
  private final Instant now = Instant.parse("2026-11-24T12:00:00Z");

  private Path snapshot(String name) throws Exception {
    return Files.write(acs.resolve(name), new byte[] {1, 2, 3});
  }

  @Test
  void without_a_retention_a_verified_snapshot_is_deleted_at_once_and_twice_is_fine() throws Exception {
    var files = new VerifiedAcsFiles(acs, Duration.ZERO);
    Path file = snapshot("a.acs.gz");

    assertThat(files.retire(file, now)).isEqualTo("deleted");
    assertThat(files.retire(file, now)).isEqualTo("deleted");
    assertThat(file).doesNotExist();
  }

  @Test
  void a_retained_snapshot_is_kept_until_its_retention_is_over_then_swept() throws Exception {
    var files = new VerifiedAcsFiles(acs, Duration.ofDays(7));
    Path file = snapshot("a.acs.gz");

    assertThat(files.retire(file, now)).contains("until 2026-12-01T12:00:00Z");
    Path kept = acs.resolve("verified").resolve("a.acs.gz");
    assertThat(kept).exists();
    assertThat(files.sweep(now.plus(Duration.ofDays(6)))).isEmpty();
    assertThat(files.sweep(now.plus(Duration.ofDays(8)))).containsExactly(kept);
    assertThat(kept).doesNotExist();
  }

  @Test
  void a_snapshot_still_waiting_for_its_import_is_never_swept_however_old() throws Exception {
    var files = new VerifiedAcsFiles(acs, Duration.ofHours(1));
    Path waiting = snapshot("waiting.acs.gz");
    Files.setLastModifiedTime(waiting, FileTime.from(now.minus(Duration.ofDays(30))));

    assertThat(files.sweep(now)).isEmpty();
    assertThat(waiting).exists();
  }
}
