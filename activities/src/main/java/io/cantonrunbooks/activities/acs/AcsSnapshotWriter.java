package io.cantonrunbooks.activities.acs;

import io.cantonrunbooks.activities.acs.AcsFileException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * A sink that writes a streamed ACS snapshot to a file, hashing and counting it on the way.
 *
 * <p>Bytes go to a temporary file next to the target, created owner-only (0600) because a snapshot
 * holds every contract of a party. {@link #commit} checks that the stream was a complete snapshot,
 * syncs the file and atomically renames it to the target, so a reader never sees a half-written
 * snapshot under the target name. {@link #close} without a commit deletes the temporary file.
 *
 * <p>A process that was killed while writing leaves its temporary file behind: {@link #open}
 * deletes those of the same target first, so that a retry on the same machine does not leave a
 * partial copy of the party's contracts on disk.
 */
public final class AcsSnapshotWriter implements AutoCloseable {

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private final MessageDigest sha256;
  private final AcsStreamInspector inspector;
  private long bytes;
  private boolean committed;

  private AcsSnapshotWriter(Path target, Path temp, FileChannel channel) {
    this.target = target;
    this.temp = temp;
    this.channel = channel;
    this.sha256 = newSha256();
    this.inspector = new AcsStreamInspector(false, target);
  }

  /** Opens a writer whose temporary file sits in the target's directory. */
  public static AcsSnapshotWriter open(Path target) {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    try {
      Files.createDirectories(dir);
      deleteLeftovers(dir, absolute.getFileName().toString());
      Path temp =
          Files.createTempFile(
              dir,
              "." + absolute.getFileName() + ".",
              ".part",
              PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      // The create attribute is filtered by the umask; set it again so it is exactly 0600.
      Files.setPosixFilePermissions(temp, OWNER_ONLY);
      var channel = FileChannel.open(temp, StandardOpenOption.WRITE);
      return new AcsSnapshotWriter(absolute, temp, channel);
    } catch (IOException e) {
      throw new AcsFileException(Reason.IO, target, "cannot create the snapshot file", e);
    }
  }

  /** Deletes the temporary files of earlier writers of the same target, which died before closing. */
  private static void deleteLeftovers(Path dir, String targetName) throws IOException {
    try (var partial = Files.newDirectoryStream(dir, "." + escapeGlob(targetName) + ".*.part")) {
      for (Path leftover : partial) {
        Files.deleteIfExists(leftover);
      }
    }
  }

  private static String escapeGlob(String name) {
    return name.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
  }

  /** Appends the next chunk as received from the node. */
  public void write(byte[] chunk) {
    try {
      ByteBuffer buffer = ByteBuffer.wrap(chunk);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      throw new AcsFileException(Reason.IO, temp, "cannot write the snapshot file", e);
    }
    sha256.update(chunk);
    inspector.update(chunk, 0, chunk.length);
    bytes += chunk.length;
  }

  /** Bytes written so far. */
  public long bytes() {
    return bytes;
  }

  /**
   * Checks that the stream was complete, makes the file durable and moves it to the target.
   *
   * @throws AcsFileException if the stream was truncated or corrupt, or the file system failed
   */
  public AcsSnapshotFile commit() {
    long contracts = inspector.finish();
    try {
      channel.force(true);
      channel.close();
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        // Same directory, so this only happens on exotic file systems; the rename still replaces.
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new AcsFileException(Reason.IO, target, "cannot finish the snapshot file", e);
    }
    committed = true;
    return new AcsSnapshotFile(target, bytes, HexFormat.of().formatHex(sha256.digest()), contracts);
  }

  @Override
  public void close() {
    inspector.close();
    if (committed) {
      return;
    }
    try {
      channel.close();
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // Best effort: the leftover is a dot-file ending in .part, never mistaken for a snapshot.
    }
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM provides SHA-256", e);
    }
  }
}
