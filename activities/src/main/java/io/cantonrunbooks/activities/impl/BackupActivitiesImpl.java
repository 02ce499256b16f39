package io.cantonrunbooks.activities.impl;

import io.cantonrunbooks.activities.BackupActivities;
import io.cantonrunbooks.activities.BackupRef;
import io.cantonrunbooks.activities.RunbookError;
import io.cantonrunbooks.activities.nodes.BackupConfig;
import io.cantonrunbooks.activities.nodes.NodeConfig;
import io.cantonrunbooks.cantonapi.testbed.v1.BackupParticipantRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.RestoreParticipantRequest;
import io.cantonrunbooks.cantonapi.testbed.v1.TestbedControlServiceGrpc;
import io.temporal.activity.Activity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link BackupActivities} through the node's backup provider: the testbed's own snapshot, or the
 * operator's command templates ({@code ${file}} and {@code ${node}} substituted). Runs on the
 * node's task queue, so backup files stay on the machine next to the node.
 */
public final class BackupActivitiesImpl implements BackupActivities {

  private final NodeClients nodes;

  public BackupActivitiesImpl(NodeClients nodes) {
    this.nodes = nodes;
  }

  @Override
  public BackupRef backup(String node) {
    return Failures.guard(() -> {
      NodeConfig config = nodes.config(node);
      BackupConfig backup = config.backup();
      String backupId = node + "-" + PartiesActivitiesImpl.safeName(Activity.getExecutionContext().getInfo().getWorkflowId())
          + "-" + Instant.now().toEpochMilli();
      Path file = backup.directory().resolve(backupId + ".backup").toAbsolutePath();
      PartiesActivitiesImpl.createDirectories(file.getParent());
      switch (backup.provider()) {
        case TESTBED -> control(node).backupParticipant(BackupParticipantRequest.newBuilder().setPath(file.toString()).build());
        case COMMAND -> runCommand(node, backup.backupCommand().orElseThrow(), file);
        case NONE -> throw Failures.fail(RunbookError.BACKUP_FAILED,
            node + " has no backup provider (nodes." + node + ".backup.provider = none); this runbook needs a backup of it");
      }
      return new BackupRef(node, backupId, file.toString(), sha256(file), Instant.now());
    });
  }

  @Override
  public void restore(BackupRef backup) {
    Failures.run(() -> {
      NodeConfig config = nodes.config(backup.node());
      Path file = Path.of(backup.location());
      String actual = sha256(file);
      if (!actual.equals(backup.sha256())) {
        throw Failures.fail(RunbookError.BACKUP_FAILED, "backup " + backup.backupId() + " has SHA-256 " + actual
            + " but " + backup.sha256() + " was recorded when it was taken; refusing to restore it");
      }
      switch (config.backup().provider()) {
        case TESTBED -> control(backup.node()).restoreParticipant(
            RestoreParticipantRequest.newBuilder().setPath(file.toString()).build());
        case COMMAND -> runCommand(backup.node(), config.backup().restoreCommand().orElseThrow(() -> Failures.fail(
            RunbookError.BACKUP_FAILED, "nodes." + backup.node() + ".backup.restore-command is not set")), file);
        case NONE -> throw Failures.fail(RunbookError.BACKUP_FAILED, backup.node() + " has no backup provider");
      }
    });
  }

  private TestbedControlServiceGrpc.TestbedControlServiceBlockingStub control(String node) {
    return TestbedControlServiceGrpc.newBlockingStub(nodes.client(node).adminChannel())
        .withDeadlineAfter(10, TimeUnit.MINUTES);
  }

  private static void runCommand(String node, String template, Path file) {
    String command = template.replace("${file}", file.toString()).replace("${node}", node);
    try {
      Process process = new ProcessBuilder(List.of("sh", "-c", command)).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(6, TimeUnit.HOURS) || process.exitValue() != 0) {
        throw Failures.fail(RunbookError.BACKUP_FAILED, "backup command for " + node + " failed (exit "
            + (process.isAlive() ? "timeout" : process.exitValue()) + "): " + tail(output));
      }
    } catch (IOException e) {
      throw Failures.fail(RunbookError.BACKUP_FAILED, "cannot run the backup command for " + node + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failures.retryable(RunbookError.BACKUP_FAILED, "interrupted while backing up " + node);
    }
  }

  private static String tail(String output) {
    return output.length() <= 2000 ? output : "…" + output.substring(output.length() - 2000);
  }

  static String sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw Failures.fail(RunbookError.BACKUP_FAILED, "cannot read backup file " + file + ": " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
