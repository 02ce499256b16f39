package io.cantonrunbooks.activities.impl;

import io.cantonrunbooks.activities.canton.ClientOptions;
import io.cantonrunbooks.activities.canton.ParticipantClient;
import io.cantonrunbooks.activities.nodes.NodeConfig;
import io.cantonrunbooks.activities.nodes.NodeInventory;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker's connections to its nodes: one {@link ParticipantClient} per node, opened on first
 * use and shared by every activity, plus what a node's ids resolve to. Closing it closes them all.
 */
public final class NodeClients implements AutoCloseable {

  private final NodeInventory inventory;
  private final ClientOptions options;
  private final Path acsDirectory;
  private final Map<String, ParticipantClient> clients = new ConcurrentHashMap<>();
  private final Map<String, String> synchronizerIds = new ConcurrentHashMap<>();
  private final Map<String, String> participantUids = new ConcurrentHashMap<>();

  public NodeClients(NodeInventory inventory, Path acsDirectory) {
    this(inventory, acsDirectory, ClientOptions.defaults());
  }

  public NodeClients(NodeInventory inventory, Path acsDirectory, ClientOptions options) {
    this.inventory = inventory;
    this.acsDirectory = acsDirectory;
    this.options = options;
  }

  public NodeInventory inventory() {
    return inventory;
  }

  /** Where ACS snapshot files are written on this worker's machine. */
  public Path acsDirectory() {
    return acsDirectory;
  }

  /** The node's inventory entry; throws {@code UNKNOWN_NODE} (non-retryable) for an unknown name. */
  public NodeConfig config(String node) {
    return Failures.guard(() -> inventory.get(node));
  }

  public ParticipantClient client(String node) {
    NodeConfig config = config(node);
    return clients.computeIfAbsent(node, n -> ParticipantClient.connect(config, options));
  }

  /**
   * The logical synchronizer id behind an alias on a node. Remembered after the first lookup: an
   * alias keeps its id, and the node may not answer the lookup while it is disconnected.
   */
  public String synchronizerId(String node, String alias) {
    String key = node + "\u0000" + alias;
    String known = synchronizerIds.get(key);
    if (known != null) {
      return known;
    }
    String id = client(node).synchronizers().getSynchronizerId(alias).logicalId();
    synchronizerIds.put(key, id);
    return id;
  }

  /** The participant's unique id, as the node reports it. */
  public String participantUid(String node) {
    String known = participantUids.get(node);
    if (known != null) {
      return known;
    }
    String uid = client(node).health().status().uid();
    participantUids.put(node, uid);
    return uid;
  }

  @Override
  public void close() {
    clients.values().forEach(ParticipantClient::close);
    clients.clear();
  }
}
