package io.cantonrunbooks.cli;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code runbook config check}: validates the configuration without connecting anywhere and
 * prints what a worker would use, secrets masked.
 *
 * <p>Token and API-key values are never read or printed; the output names where they come from
 * (a file path or an environment variable), which is what an operator needs to check.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Validate the configuration and print the resolved Temporal settings and node inventory.",
      "Secrets are masked: tokens and API keys show where they come from, never their value.",
      "Exits 2 and lists every problem when the configuration is invalid."
    })
final class ConfigCheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

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
    return RunbookCli.OK;
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
