package io.cantonrunbooks.worker;

import io.cantonrunbooks.activities.nodes.NodeInventory;
import io.cantonrunbooks.worker.config.RunbookConfig;
import java.util.Map;
import java.util.HashMap;
import java.util.function.Supplier;

/**
 * What a {@link RunbookModule} gets to build its activity implementations: the validated
 * configuration, the node inventory, and a place to share instances between runbooks.
 *
 * <p>Two runbooks that both need, say, the parties activities ask for them with {@link #shared}, so
 * the worker holds one instance (and one set of node connections) and registers it once.
 */
public final class RunbookContext {

  private final RunbookConfig config;
  private final Map<Class<?>, Object> shared = new HashMap<>();

  public RunbookContext(RunbookConfig config) {
    this.config = config;
  }

  public RunbookConfig config() {
    return config;
  }

  public NodeInventory nodes() {
    return config.nodes();
  }

  /** Returns the one instance of {@code type} in this worker, creating it on first use. */
  public synchronized <T> T shared(Class<T> type, Supplier<? extends T> factory) {
    // Not computeIfAbsent: factories ask for other shared instances (activities need the node
    // clients), and a nested computeIfAbsent on a ConcurrentHashMap throws "Recursive update"
    // whenever the two Class keys' identity hashes share a bin, i.e. at random from run to run.
    Object existing = shared.get(type);
    if (existing != null) {
      return type.cast(existing);
    }
    T created = factory.get();
    shared.put(type, created);
    return created;
  }
}
