package io.cantonrunbooks.worker;

import io.cantonrunbooks.activities.nodes.NodeConfig;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One runbook as the worker sees it: its name, its workflow implementation classes and the
 * activity implementations it needs, built from the worker's configuration.
 *
 * <p>Activities come in two kinds. {@link #activities} run anywhere and are registered on the
 * worker's own task queue. {@link #nodeActivities} must run next to a node (ACS files, backups) and
 * are registered on the task queue of each node this worker sits next to ({@code
 * worker.local-nodes}); they receive every local node that shares that queue. Instances that two
 * runbooks share should come from {@link RunbookContext#shared}; the worker registers each
 * implementation class once.
 *
 * <p>The list of modules is {@link Runbooks#all()}; {@code disabled-runbooks} removes one by name.
 */
public interface RunbookModule {

  /** The runbook's name as operators write it, e.g. {@code offline-party-replication}. */
  String name();

  /** Workflow implementation classes to register on the worker's task queue. */
  List<Class<?>> workflowTypes();

  /** Activity implementations that may run on any worker. */
  List<Object> activities(RunbookContext context);

  /** Activity implementations that must run next to the given nodes, which share one task queue. */
  default List<Object> nodeActivities(List<NodeConfig> nodes, RunbookContext context) {
    return List.of();
  }

  /** A module from its parts; the usual way to write an entry of {@link Runbooks#all()}. */
  static RunbookModule of(
      String name, List<Class<?>> workflowTypes, Function<RunbookContext, List<Object>> activities) {
    return new Simple(name, workflowTypes, activities, (nodes, context) -> List.of());
  }

  /** Like {@link #of(String, List, Function)}, with activities that run next to nodes. */
  static RunbookModule of(
      String name,
      List<Class<?>> workflowTypes,
      Function<RunbookContext, List<Object>> activities,
      BiFunction<List<NodeConfig>, RunbookContext, List<Object>> nodeActivities) {
    return new Simple(name, workflowTypes, activities, nodeActivities);
  }

  /** The plain implementation behind {@link #of}. */
  record Simple(
      String name,
      List<Class<?>> workflowTypes,
      Function<RunbookContext, List<Object>> activityFactory,
      BiFunction<List<NodeConfig>, RunbookContext, List<Object>> nodeActivityFactory)
      implements RunbookModule {

    @Override
    public List<Object> activities(RunbookContext context) {
      return activityFactory.apply(context);
    }

    @Override
    public List<Object> nodeActivities(List<NodeConfig> nodes, RunbookContext context) {
      return nodeActivityFactory.apply(nodes, context);
    }
  }
}
