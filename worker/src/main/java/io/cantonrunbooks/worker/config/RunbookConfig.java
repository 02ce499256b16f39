package io.cantonrunbooks.worker.config;

import io.cantonrunbooks.activities.keys.ApproverRegistry;
import io.cantonrunbooks.activities.nodes.NodeConfig;
import io.cantonrunbooks.activities.nodes.NodeInventory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The validated configuration of a worker or CLI process: the Temporal connection, the worker's
 * own settings and the node inventory.
 *
 * <p>Built by {@link RunbookConfigLoader} from defaults, an optional HOCON file, environment
 * variables and flags (later ones win). Every instance is valid: files named here existed and
 * were readable when it was loaded.
 *
 * @param temporal how to reach Temporal
 * @param worker the worker's task queue and limits
 * @param nodes the node inventory, by name
 * @param acsDirectory where ACS snapshot files are written and read on this machine
 * @param acsRetention how long a snapshot is kept after its import was verified; zero deletes it at once
 * @param disabledRunbooks runbook names the worker must not register
 * @param metrics the worker's Prometheus endpoint, off by default
 * @param approvers the approver keys this worker trusts ({@code approvals.keys}); empty: the
 *     runbook's input decides
 * @param source the configuration file, if one was read
 */
public record RunbookConfig(
    TemporalSettings temporal,
    WorkerSettings worker,
    NodeInventory nodes,
    Path acsDirectory,
    java.time.Duration acsRetention,
    List<String> disabledRunbooks,
    MetricsSettings metrics,
    ApproverRegistry approvers,
    Optional<Path> source) {

  /** The nodes whose task queues this worker polls, in inventory order. */
  public List<NodeConfig> localNodes() {
    return worker
        .localNodes()
        .map(names -> names.stream().map(nodes::get).toList())
        .orElseGet(() -> List.copyOf(nodes.all()));
  }
}
