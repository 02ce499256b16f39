package io.cantonrunbooks.worker;

import io.cantonrunbooks.activities.impl.ActivityMetrics;
import io.cantonrunbooks.activities.nodes.NodeConfig;
import io.cantonrunbooks.worker.config.RunbookConfig;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.common.metadata.POJOActivityImplMetadata;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running worker: one Temporal {@link WorkerFactory} that polls the worker's task queue for
 * every enabled runbook's workflows and activities, and the task queues of the nodes it sits next
 * to for their node-local activities.
 *
 * <p>Registration reads like a table: {@link Runbooks#all()} lists the runbooks, {@code
 * disabled-runbooks} removes some by name (a name that matches none is logged as a warning, since a
 * typo there would otherwise leave a runbook running that the operator meant to stop), and each
 * activity implementation class is registered once per task queue even when several runbooks
 * contribute it.
 *
 * <p>{@code worker.activity-heartbeat-timeout}, when set, replaces the heartbeat timeout of every
 * activity the registered workflows schedule, through the SDK's per-activity-type options
 * ({@link WorkflowImplementationOptions#getActivityOptions()}), which it merges over the options a
 * workflow gives its stubs; nothing else in those options changes.
 *
 * <p>Sticky execution is off unless {@code worker.sticky-execution} is on: a runbook's history is
 * short, so replaying it for each workflow task costs little, and no task then waits for a worker
 * that died.
 *
 * <p>{@link #close()} stops polling, lets running tasks finish for up to {@code
 * worker.shutdown-timeout}, then interrupts what is left; Temporal retries those activities
 * elsewhere, which is safe because every activity is idempotent.
 */
public final class RunbookWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RunbookWorker.class);

  private final WorkerFactory factory;
  private final List<RunbookModule> enabled;
  private final Map<String, Integer> activitiesByQueue;
  private final Duration shutdownTimeout;
  private final java.util.concurrent.ScheduledExecutorService sweeper;
  private final RunbookContext context;

  private RunbookWorker(
      WorkerFactory factory,
      List<RunbookModule> enabled,
      Map<String, Integer> activitiesByQueue,
      Duration shutdownTimeout,
      java.util.concurrent.ScheduledExecutorService sweeper,
      RunbookContext context) {
    this.factory = factory;
    this.context = context;
    this.enabled = enabled;
    this.activitiesByQueue = activitiesByQueue;
    this.shutdownTimeout = shutdownTimeout;
    this.sweeper = sweeper;
  }

  /**
   * With {@code acs.retention} set, deletes verified snapshots once they are older than it: at
   * start, then every hour. Null when verified snapshots are deleted at once.
   */
  private static java.util.concurrent.ScheduledExecutorService sweepVerifiedSnapshots(RunbookConfig config) {
    if (config.acsRetention().isZero()) {
      return null;
    }
    var files = new io.cantonrunbooks.activities.impl.VerifiedAcsFiles(config.acsDirectory(), config.acsRetention());
    var executor = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "acs-retention");
      t.setDaemon(true);
      return t;
    });
    executor.scheduleWithFixedDelay(() -> {
      try {
        files.sweep(java.time.Instant.now()).forEach(f -> log.info("deleted verified snapshot {} (acs.retention {})", f.getFileName(), config.acsRetention()));
      } catch (RuntimeException e) {
        log.warn("could not sweep verified snapshots: {}", e.getMessage());
      }
    }, 0, 1, TimeUnit.HOURS);
    return executor;
  }

  /** Registers the enabled runbooks of {@code modules} and starts polling. */
  public static RunbookWorker start(
      RunbookConfig config, WorkflowClient client, List<RunbookModule> modules) {
    unknownDisabledRunbooks(config, modules)
        .forEach(
            name ->
                log.warn(
                    "disabled-runbooks names \"{}\", which matches no runbook (known: {})",
                    name,
                    names(modules)));
    List<RunbookModule> enabled =
        modules.stream().filter(m -> !config.disabledRunbooks().contains(m.name())).toList();
    var context = new RunbookContext(config);
    var options =
        WorkerOptions.newBuilder()
            .setMaxConcurrentActivityExecutionSize(config.worker().maxConcurrentActivities())
            // Zero turns sticky execution off: every workflow task goes to the task queue, where any
            // live worker takes it. With it on, a dead worker's tasks wait on its own queue: 5 s on a
            // Temporal server, and for ever on the SDK's test server behind `runbook dev-server`.
            .setStickyQueueScheduleToStartTimeout(config.worker().stickyExecution() ? null : Duration.ZERO)
            .build();
    // Activity retries are counted for every runbook in one place (see ActivityMetrics).
    WorkerFactory factory = WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder()
        .setWorkerInterceptors(new ActivityMetrics.RetryCounter())
        .build());
    String mainQueue = config.worker().taskQueue();

    // Activities per task queue: the worker's own queue first, then each local node's queue.
    var activities = new LinkedHashMap<String, List<Object>>();
    activities.put(mainQueue, new ArrayList<>());
    Set<Class<?>> workflowTypes = new LinkedHashSet<>();
    for (RunbookModule module : enabled) {
      workflowTypes.addAll(module.workflowTypes());
      activities.get(mainQueue).addAll(module.activities(context));
    }
    nodesByQueue(config.localNodes())
        .forEach(
            (queue, nodes) -> {
              for (RunbookModule module : enabled) {
                activities.computeIfAbsent(queue, q -> new ArrayList<>()).addAll(module.nodeActivities(nodes, context));
              }
            });

    WorkflowImplementationOptions workflowOptions = workflowOptions(config, enabled, context);
    var registered = new LinkedHashMap<String, Integer>();
    activities.forEach(
        (queue, implementations) -> {
          boolean withWorkflows = queue.equals(mainQueue) && !workflowTypes.isEmpty();
          List<Object> unique = onePerClass(implementations);
          if (!withWorkflows && unique.isEmpty()) {
            // Nothing to run on this queue: polling it would only take tasks we cannot handle.
            return;
          }
          Worker worker = factory.newWorker(queue, options);
          if (withWorkflows) {
            worker.registerWorkflowImplementationTypes(workflowOptions, workflowTypes.toArray(Class<?>[]::new));
          }
          if (!unique.isEmpty()) {
            worker.registerActivitiesImplementations(unique.toArray());
          }
          registered.put(queue, unique.size());
        });
    factory.start();
    log.info(
        "worker started: runbooks {}, {} workflow types, activities per task queue {}{}",
        names(enabled),
        workflowTypes.size(),
        registered,
        config.worker().activityHeartbeatTimeout()
            .map(t -> ", activity heartbeat timeout " + t.toMillis() + " ms")
            .orElse(""));
    return new RunbookWorker(factory, enabled, registered, config.worker().shutdownTimeout(), sweepVerifiedSnapshots(config),
        context);
  }

  /**
   * The options the workflows are registered with: with {@code worker.activity-heartbeat-timeout},
   * that heartbeat timeout for every activity type that an enabled runbook's activities implement,
   * wherever they run (the worker's own queue or a node's).
   */
  static WorkflowImplementationOptions workflowOptions(
      RunbookConfig config, List<RunbookModule> enabled, RunbookContext context) {
    Optional<Duration> heartbeat = config.worker().activityHeartbeatTimeout();
    if (heartbeat.isEmpty()) {
      return WorkflowImplementationOptions.getDefaultInstance();
    }
    ActivityOptions override = ActivityOptions.newBuilder().setHeartbeatTimeout(heartbeat.get()).build();
    var byType = new TreeMap<String, ActivityOptions>();
    for (RunbookModule module : enabled) {
      var implementations = new ArrayList<>(module.activities(context));
      implementations.addAll(module.nodeActivities(List.copyOf(config.nodes().all()), context));
      for (Object implementation : implementations) {
        POJOActivityImplMetadata.newInstance(implementation.getClass()).getActivityMethods()
            .forEach(method -> byType.put(method.getActivityTypeName(), override));
      }
    }
    return WorkflowImplementationOptions.newBuilder().setActivityOptions(byType).build();
  }

  /** Names in {@code disabled-runbooks} that match no module: most likely typos. */
  public static List<String> unknownDisabledRunbooks(RunbookConfig config, List<RunbookModule> modules) {
    Set<String> known = new LinkedHashSet<>(names(modules));
    return config.disabledRunbooks().stream().filter(name -> !known.contains(name)).toList();
  }

  /** The runbooks this worker registered. */
  public List<RunbookModule> runbooks() {
    return enabled;
  }

  /**
   * The task queues this worker polls, with the number of activity implementations on each; empty
   * when no runbook is enabled.
   */
  public Map<String, Integer> taskQueues() {
    return activitiesByQueue;
  }

  /**
   * Stops polling, waits up to the shutdown timeout for running tasks, then closes what the
   * runbooks shared (the node connections); idempotent.
   */
  @Override
  public void close() {
    if (sweeper != null) {
      sweeper.shutdownNow();
    }
    if (factory.isShutdown()) {
      return;
    }
    factory.shutdown();
    long started = System.nanoTime();
    factory.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
    // awaitTermination returns early only when every task has finished.
    if (System.nanoTime() - started >= shutdownTimeout.toNanos()) {
      log.warn("tasks still running after {}; interrupting them", shutdownTimeout);
      factory.shutdownNow();
      factory.awaitTermination(5, TimeUnit.SECONDS);
    }
    context.close();
  }

  private static Map<String, List<NodeConfig>> nodesByQueue(List<NodeConfig> nodes) {
    var byQueue = new LinkedHashMap<String, List<NodeConfig>>();
    nodes.forEach(node -> byQueue.computeIfAbsent(node.taskQueue(), q -> new ArrayList<>()).add(node));
    return byQueue;
  }

  private static List<Object> onePerClass(List<Object> implementations) {
    var byClass = new LinkedHashMap<Class<?>, Object>();
    implementations.forEach(impl -> byClass.putIfAbsent(impl.getClass(), impl));
    return List.copyOf(byClass.values());
  }

  private static List<String> names(List<RunbookModule> modules) {
    return modules.stream().map(RunbookModule::name).toList();
  }
}
