package io.cantonrunbooks.worker;

import io.cantonrunbooks.activities.nodes.NodeInventory;
import io.cantonrunbooks.worker.config.RunbookConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link RunbookModule} gets to build its activity implementations: the validated
 * configuration, the node inventory, and a place to share instances between runbooks.
 *
 * <p>Two runbooks that both need, say, the parties activities ask for them with {@link #shared}, so
 * the worker holds one instance (and one set of node connections) and registers it once.
 */
public final class RunbookContext implements AutoCloseable {

  private final RunbookConfig config;
  private static final Logger log = LoggerFactory.getLogger(RunbookContext.class);

  /** In creation order, so that closing goes newest first: users before what they use. */
  private final Map<Class<?>, Object> shared = new LinkedHashMap<>();

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

  /**
   * Closes every shared instance that holds resources (the node clients' gRPC channels), newest
   * first; the worker calls it once its tasks have stopped. A failure to close one is logged and
   * the rest are still closed.
   */
  @Override
  public synchronized void close() {
    List<Object> newestFirst = new ArrayList<>(shared.values());
    Collections.reverse(newestFirst);
    shared.clear();
    for (Object instance : newestFirst) {
      if (instance instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          log.warn("closing {} failed: {}", instance.getClass().getSimpleName(), e.toString());
        }
      }
    }
  }
}
