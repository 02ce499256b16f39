package io.cantonrunbooks.activities.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Snapshot files whose import has been verified, kept for a while when the configuration asks for
 * it ({@code acs.retention}) and deleted afterwards.
 *
 * <p>Only files moved into {@code verified/} are ever swept: a snapshot waiting for its import (for
 * instance behind an approval gate) stays where the export wrote it, however old it gets.
 */
public final class VerifiedAcsFiles {

  static final String DIRECTORY = "verified";

  private final Path acsDirectory;
  private final Duration retention;

  /** @param retention how long to keep a verified file; zero deletes it at once */
  public VerifiedAcsFiles(Path acsDirectory, Duration retention) {
    this.acsDirectory = acsDirectory;
    this.retention = retention;
  }

  /**
   * Deletes a verified snapshot, or, with a retention, moves it into {@code verified/} stamped now.
   * Doing it twice is fine.
   *
   * @return what happened, for the runbook's report
   */
  public String retire(Path file, Instant now) {
    try {
      if (retention.isZero()) {
        Files.deleteIfExists(file);
        return "deleted";
      }
      Path kept = acsDirectory.resolve(DIRECTORY).resolve(file.getFileName());
      if (Files.exists(file)) {
        Files.createDirectories(kept.getParent());
        Files.move(file, kept, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.setLastModifiedTime(kept, FileTime.from(now));
      }
      return "kept as " + kept + " until " + now.plus(retention);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot retire the snapshot " + file, e);
    }
  }

  /** Deletes verified snapshots older than the retention; returns the files deleted. */
  public List<Path> sweep(Instant now) {
    Path dir = acsDirectory.resolve(DIRECTORY);
    List<Path> deleted = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return deleted;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (Files.getLastModifiedTime(file).toInstant().plus(retention).isBefore(now)) {
          Files.deleteIfExists(file);
          deleted.add(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sweep " + dir, e);
    }
    return deleted;
  }
}
