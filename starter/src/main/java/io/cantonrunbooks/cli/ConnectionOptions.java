package io.cantonrunbooks.cli;

import io.cantonrunbooks.worker.config.ConfigOverride;
import io.cantonrunbooks.worker.config.InvalidConfigException;
import io.cantonrunbooks.worker.config.RunbookConfig;
import io.cantonrunbooks.worker.config.RunbookConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every command that reads configuration or talks to Temporal shares: where the
 * configuration file is and the two settings most often overridden on the command line.
 */
public final class ConnectionOptions {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "HOCON configuration file (default: $RUNBOOK_CONFIG, else built-in defaults).")
  Path config;

  @Option(
      names = "--address",
      paramLabel = "HOST:PORT",
      description = "Temporal frontend, or 'embedded' (overrides temporal.address; default localhost:7233).")
  String address;

  @Option(
      names = "--namespace",
      paramLabel = "NAME",
      description = "Temporal namespace (overrides temporal.namespace; default 'default').")
  String namespace;

  /** Loads and validates the configuration with these flags applied on top. */
  public RunbookConfig load() throws InvalidConfigException {
    var overrides = new ArrayList<ConfigOverride>();
    if (address != null) {
      overrides.add(new ConfigOverride("temporal.address", address, "--address"));
    }
    if (namespace != null) {
      overrides.add(new ConfigOverride("temporal.namespace", namespace, "--namespace"));
    }
    return RunbookConfigLoader.load(Optional.ofNullable(config), overrides);
  }
}
