package io.cantonrunbooks.activities.nodes;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The nodes a worker knows, by name. Built from the worker configuration. */
public final class NodeInventory {

  private final Map<String, NodeConfig> nodes;

  public NodeInventory(List<NodeConfig> nodes) {
    var byName = new LinkedHashMap<String, NodeConfig>();
    for (NodeConfig node : nodes) {
      if (byName.putIfAbsent(node.name(), node) != null) {
        throw new IllegalArgumentException("duplicate node name '" + node.name() + "'");
      }
    }
    this.nodes = Collections.unmodifiableMap(byName);
  }

  public Optional<NodeConfig> find(String name) {
    return Optional.ofNullable(nodes.get(name));
  }

  /** Returns the node or throws {@link UnknownNodeException} naming the known nodes. */
  public NodeConfig get(String name) {
    NodeConfig node = nodes.get(name);
    if (node == null) {
      throw new UnknownNodeException(name, nodes.keySet());
    }
    return node;
  }

  public Collection<NodeConfig> all() {
    return nodes.values();
  }

  public boolean isEmpty() {
    return nodes.isEmpty();
  }

  /** A runbook or command named a node that is not in the worker's inventory. */
  public static final class UnknownNodeException extends IllegalArgumentException {
    public UnknownNodeException(String name, Collection<String> known) {
      super("unknown node '" + name + "': the inventory has " + (known.isEmpty() ? "no nodes" : String.join(", ", known)));
    }
  }
}
