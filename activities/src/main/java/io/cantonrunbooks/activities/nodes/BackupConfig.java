package io.cantonrunbooks.activities.nodes;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How a node is backed up and restored.
 *
 * <ul>
 *   <li>{@link Provider#TESTBED}: the testbed's own snapshot of the participant, taken through its
 *       control service on the node's admin endpoint (tests, demo, rehearsals).
 *   <li>{@link Provider#COMMAND}: shell command templates run by the worker next to the node (for
 *       example {@code pg_dump}); {@code ${file}} and {@code ${node}} are substituted.
 *   <li>{@link Provider#NONE}: the node has no backup; runbooks that need one refuse to start.
 * </ul>
 *
 * @param directory where backup files are written on the worker's machine
 */
public record BackupConfig(
    Provider provider,
    Optional<String> backupCommand,
    Optional<String> restoreCommand,
    Path directory) {

  public enum Provider {
    TESTBED,
    COMMAND,
    NONE
  }

  public static BackupConfig none(Path directory) {
    return new BackupConfig(Provider.NONE, Optional.empty(), Optional.empty(), directory);
  }
}
