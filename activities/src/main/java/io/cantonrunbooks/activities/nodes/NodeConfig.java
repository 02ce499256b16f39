package io.cantonrunbooks.activities.nodes;

import java.util.Objects;
import java.util.Optional;

/**
 * One participant node as the worker knows it: where its APIs are, how to authenticate, which
 * worker sits next to it and how it is backed up.
 *
 * <p>Only the worker's configuration holds these details. Workflow inputs name the node
 * ({@code participant2}) and the worker resolves the name through the {@link NodeInventory}.
 *
 * @param name the node's name in the inventory, as used in runbook inputs
 * @param adminApi the participant's Admin API endpoint
 * @param ledgerApi the participant's Ledger API endpoint
 * @param tls TLS settings shared by both endpoints; {@link TlsConfig#plaintext()} for none
 * @param token where the Ledger API bearer token comes from, if the node needs one
 * @param taskQueue the task queue of the worker that runs next to this node (files, backups)
 * @param backup how this node is backed up and restored
 */
public record NodeConfig(
    String name,
    Endpoint adminApi,
    Endpoint ledgerApi,
    TlsConfig tls,
    Optional<TokenSource> token,
    String taskQueue,
    BackupConfig backup) {

  public NodeConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(adminApi, "adminApi");
    Objects.requireNonNull(ledgerApi, "ledgerApi");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(taskQueue, "taskQueue");
    Objects.requireNonNull(backup, "backup");
  }
}
