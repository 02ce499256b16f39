package io.cantonrunbooks.cli;

import io.cantonrunbooks.activities.canton.CantonCallException;
import io.cantonrunbooks.activities.canton.ClientOptions;
import io.cantonrunbooks.activities.canton.ConnectedSynchronizer;
import io.cantonrunbooks.activities.canton.ParticipantClient;
import io.cantonrunbooks.activities.canton.ParticipantStatus;
import io.cantonrunbooks.activities.nodes.BackupConfig;
import io.cantonrunbooks.activities.nodes.NodeConfig;
import io.cantonrunbooks.activities.nodes.TlsConfig;
import io.cantonrunbooks.worker.RunbookModule;
import io.cantonrunbooks.worker.RunbookWorker;
import io.cantonrunbooks.worker.Runbooks;
import io.cantonrunbooks.worker.config.RunbookConfig;
import io.cantonrunbooks.worker.config.TemporalSettings;
import io.cantonrunbooks.worker.config.TemporalTls;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runbook config check}: validates the configuration without connecting anywhere and
 * prints what a worker would use, secrets masked.
 *
 * <p>Token and API-key values are never printed; the output names where they come from (a file
 * path or an environment variable), which is what an operator needs to check. Only {@code
 * --connect} reads the tokens, to send them to the nodes.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Validate the configuration and print the resolved Temporal settings and node inventory.",
      "Secrets are masked: tokens and API keys show where they come from, never their value.",
      "Exits 2 and lists every problem when the configuration is invalid.",
      "With --connect, also calls every node as a worker would (Admin API, Ledger API with its token)",
      "and exits 1 when any node fails."
    })
final class ConfigCheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--connect",
      description = {
        "Also call every node: its status over the Admin API and its ledger end over the Ledger API,",
        "with the configured TLS and token. Reads only. Exits 1 when any node fails."
      })
  boolean connect;

  /** Long enough for a node under load, short enough that a check of ten dead nodes ends soon. */
  private static final Duration CONNECT_DEADLINE = Duration.ofSeconds(10);

  @Override
  public Integer call() throws Exception {
    RunbookConfig config = connection.load();
    PrintWriter out = spec.commandLine().getOut();
    out.println("configuration  " + config.source().map(Path::toString).orElse("built-in defaults (no --config, no RUNBOOK_CONFIG)"));
    out.println("temporal       " + temporal(config.temporal()));
    out.println(
        "worker         task queue "
            + config.worker().taskQueue()
            + ", local nodes "
            + config.worker().localNodes().map(n -> String.join(", ", n)).orElse("all")
            + ", max concurrent activities "
            + config.worker().maxConcurrentActivities()
            + ", shutdown timeout "
            + config.worker().shutdownTimeout().toString().substring(2).toLowerCase(Locale.ROOT)
            + config.worker().activityHeartbeatTimeout()
                .map(t -> ", activity heartbeat timeout " + t.toString().substring(2).toLowerCase(Locale.ROOT))
                .orElse("")
            + (config.worker().stickyExecution() ? ", sticky execution on" : ""));
    out.println("acs directory  " + config.acsDirectory());
    out.println("metrics        " + (config.metrics().enabled()
        ? "http://" + config.metrics().host() + ":" + config.metrics().port().getAsInt() + "/metrics"
        : "off (set metrics.port to serve Prometheus metrics)"));
    List<RunbookModule> modules = Runbooks.all();
    out.println(
        "runbooks       "
            + (modules.isEmpty()
                ? "none registered yet"
                : String.join(", ", modules.stream().map(m -> m.name() + (config.disabledRunbooks().contains(m.name()) ? " (disabled)" : "")).toList())));
    out.println("approvals      " + (config.approvers().isEmpty()
        ? "no approver registry: each runbook's input names its approver keys"
        : "approver registry of " + config.approvers().keys().size() + (config.approvers().signaturesRequired()
            ? ", signed decisions required" : ", unsigned decisions allowed")));
    new TreeMap<>(config.approvers().keys()).forEach((approver, key) -> out.println("  " + approver + "  " + key));
    out.println("nodes          " + (config.nodes().isEmpty() ? "none" : config.nodes().all().size()));
    for (NodeConfig node : config.nodes().all()) {
      out.println("  " + node.name());
      out.println("    admin-api   " + node.adminApi());
      out.println("    ledger-api  " + node.ledgerApi());
      out.println("    tls         " + tls(node.tls()));
      out.println("    token       " + node.token().map(t -> t + " (value not shown)").orElse("none"));
      out.println("    task-queue  " + node.taskQueue());
      out.println("    backup      " + backup(node.backup()));
    }
    List<String> unknown = RunbookWorker.unknownDisabledRunbooks(config, modules);
    unknown.forEach(
        name ->
            spec.commandLine()
                .getErr()
                .println("warning: disabled-runbooks names \"" + name + "\", which matches no runbook"));
    out.println("configuration is valid");
    out.flush();
    return connect ? connectToEveryNode(config, out) : RunbookCli.OK;
  }

  private static int connectToEveryNode(RunbookConfig config, PrintWriter out) {
    List<NodeConfig> nodes = List.copyOf(config.nodes().all());
    if (nodes.isEmpty()) {
      out.println("no nodes to connect to");
      return RunbookCli.OK;
    }
    out.println("connecting (deadline " + CONNECT_DEADLINE.toSeconds() + " s per call):");
    // All nodes at once, so that dead ones cost one deadline in total, not one each.
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(nodes.size(), 16));
    int failed = 0;
    try {
      List<CompletableFuture<NodeCheck>> checks =
          nodes.stream().map(n -> CompletableFuture.supplyAsync(() -> check(n), pool)).toList();
      for (int i = 0; i < nodes.size(); i++) {
        NodeCheck result = checks.get(i).join();
        failed += result.ok() ? 0 : 1;
        out.printf("  %-14s %s%n", nodes.get(i).name(), (result.ok() ? "ok      " : "FAILED  ") + result.line());
      }
    } finally {
      pool.shutdownNow();
    }
    if (failed > 0) {
      out.println(failed + " of " + nodes.size() + " nodes failed the connection check");
      return RunbookCli.FAILED;
    }
    out.println("every node answered");
    return RunbookCli.OK;
  }

  private record NodeCheck(boolean ok, String line) {}

  private static NodeCheck check(NodeConfig node) {
    try (ParticipantClient client = ParticipantClient.connect(node, ClientOptions.defaults().withUnaryDeadline(CONNECT_DEADLINE))) {
      return new NodeCheck(true, reachable(client));
    } catch (CantonCallException e) {
      return new NodeCheck(false, e.getMessage());
    } catch (RuntimeException e) {
      return new NodeCheck(false, node.name() + ": " + e.getMessage());
    }
  }

  /** What the three calls a runbook starts with returned: identity, connections, Ledger API access. */
  private static String reachable(ParticipantClient client) {
    ParticipantStatus status = client.health().status();
    List<String> connected = client.synchronizers().listConnected().stream().map(ConnectedSynchronizer::alias).toList();
    long ledgerEnd = client.ledger().ledgerEnd();
    return status.uid() + ", Canton " + status.version()
        + ", connected to " + (connected.isEmpty() ? "no synchronizer" : String.join(", ", connected))
        + ", ledger end " + ledgerEnd;
  }

  private static String temporal(TemporalSettings t) {
    var parts = new ArrayList<String>();
    parts.add(t.embedded() ? "embedded test server" : t.address());
    parts.add("namespace " + t.namespace());
    parts.add(t.tls().map(ConfigCheckCommand::temporalTls).orElse(t.apiKey().isPresent() ? "TLS (system trust store)" : "plaintext"));
    t.apiKey().ifPresent(k -> parts.add("API key " + k));
    return String.join(", ", parts);
  }

  private static String temporalTls(TemporalTls tls) {
    var parts = new ArrayList<String>();
    parts.add(tls.cert().isPresent() ? "mutual TLS" : "TLS");
    tls.cert().ifPresent(c -> parts.add("cert " + c));
    tls.key().ifPresent(k -> parts.add("key " + k));
    parts.add("ca " + tls.ca().map(Path::toString).orElse("system trust store"));
    tls.serverName().ifPresent(n -> parts.add("server name " + n));
    return String.join(" ", parts);
  }

  private static String tls(TlsConfig tls) {
    if (!tls.enabled()) {
      return "off";
    }
    return (tls.mutual() ? "mutual, " : "on, ")
        + "ca "
        + tls.trustCollection().map(Path::toString).orElse("system trust store")
        + tls.certChain().map(c -> ", cert " + c).orElse("")
        + tls.privateKey().map(k -> ", key " + k).orElse("");
  }

  private static String backup(BackupConfig b) {
    return b.provider().name().toLowerCase(Locale.ROOT)
        + b.backupCommand().map(c -> ", backup \"" + c + "\"").orElse("")
        + b.restoreCommand().map(c -> ", restore \"" + c + "\"").orElse("")
        + ", directory "
        + b.directory();
  }

}
