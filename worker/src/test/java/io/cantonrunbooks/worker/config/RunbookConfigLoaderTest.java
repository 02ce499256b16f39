package io.cantonrunbooks.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.activities.nodes.BackupConfig;
import io.cantonrunbooks.activities.nodes.Endpoint;
import io.cantonrunbooks.activities.nodes.NodeConfig;
import io.cantonrunbooks.activities.nodes.TlsConfig;
import io.cantonrunbooks.activities.nodes.TokenSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RunbookConfigLoaderTest {

  @TempDir Path tmp;
  ConfigFiles files;

  @BeforeEach
  void setUp() {
    files = new ConfigFiles(tmp);
  }

  @Test
  void no_file_at_all_gives_a_worker_for_the_local_dev_server() throws Exception {
    RunbookConfig config = RunbookConfigLoader.load(Optional.empty(), Map.of(), List.of());

    assertThat(config.temporal())
        .isEqualTo(new TemporalSettings("localhost:7233", "default", Optional.empty(), Optional.empty()));
    assertThat(config.worker().taskQueue()).isEqualTo("canton-runbooks");
    assertThat(config.worker().maxConcurrentActivities()).isEqualTo(50);
    assertThat(config.worker().shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.worker().activityHeartbeatTimeout()).isEmpty();
    assertThat(config.worker().stickyExecution()).isFalse();
    assertThat(config.nodes().isEmpty()).isTrue();
    assertThat(config.disabledRunbooks()).isEmpty();
    assertThat(config.acsDirectory()).isEqualTo(Path.of("").toAbsolutePath().resolve(".runbook/acs"));
    assertThat(config.source()).isEmpty();
  }

  @Test
  void a_full_file_resolves_to_the_expected_inventory() throws Exception {
    files.write("certs/ca.pem", "ca");
    files.write("certs/p2.pem", "cert");
    files.write("certs/p2.key", "key");
    files.write("tokens/p1.jwt", "secret");
    RunbookConfig config =
        files.load(
            """
            temporal {
              address = "temporal.internal:7233"
              namespace = "runbooks"
              tls { ca = "certs/ca.pem", server-name = "temporal.internal" }
              api-key-env = TEMPORAL_KEY
            }
            worker { task-queue = "ops", local-nodes = [participant2], shutdown-timeout = 2m, activity-heartbeat-timeout = 10s, sticky-execution = true }
            acs { directory = "acs", retention = 7d }
            disabled-runbooks = [sv-node-restore]
            nodes {
              participant1 {
                admin-api = "p1.internal:5002"
                ledger-api = "p1.internal:5001"
                token.file = "tokens/p1.jwt"
              }
              participant2 {
                admin-api = "p2.internal:5002"
                ledger-api = "[::1]:5001"
                tls { ca = "certs/ca.pem", cert = "certs/p2.pem", key = "certs/p2.key" }
                token = { env = P2_TOKEN }
                task-queue = "ops-participant2"
                backup {
                  provider = command
                  backup-command = "pg_dump -f ${file} p2"
                  restore-command = "pg_restore ${file}"
                  directory = "/var/backups/p2"
                }
              }
            }
            """,
            Map.of("TEMPORAL_KEY", "k", "P2_TOKEN", "t"));

    assertThat(config.temporal().address()).isEqualTo("temporal.internal:7233");
    assertThat(config.temporal().namespace()).isEqualTo("runbooks");
    assertThat(config.temporal().tls())
        .contains(
            new TemporalTls(
                Optional.empty(), Optional.empty(), Optional.of(tmp.resolve("certs/ca.pem")), Optional.of("temporal.internal")));
    assertThat(config.temporal().apiKey()).contains(new ApiKeySource(Optional.empty(), Optional.of("TEMPORAL_KEY")));
    assertThat(config.worker().taskQueue()).isEqualTo("ops");
    assertThat(config.worker().shutdownTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.worker().activityHeartbeatTimeout()).contains(Duration.ofSeconds(10));
    assertThat(config.worker().stickyExecution()).isTrue();
    assertThat(config.acsDirectory()).isEqualTo(tmp.resolve("acs"));
    assertThat(config.acsRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(config.disabledRunbooks()).containsExactly("sv-node-restore");

    Path defaultBackups = Path.of("").toAbsolutePath().resolve(".runbook/backups/participant1");
    assertThat(config.nodes().get("participant1"))
        .isEqualTo(
            new NodeConfig(
                "participant1",
                new Endpoint("p1.internal", 5002),
                new Endpoint("p1.internal", 5001),
                TlsConfig.plaintext(),
                Optional.of(TokenSource.fromFile(tmp.resolve("tokens/p1.jwt"))),
                "ops",
                BackupConfig.none(defaultBackups)));
    assertThat(config.nodes().get("participant2"))
        .isEqualTo(
            new NodeConfig(
                "participant2",
                new Endpoint("p2.internal", 5002),
                new Endpoint("[::1]", 5001),
                new TlsConfig(
                    true,
                    Optional.of(tmp.resolve("certs/ca.pem")),
                    Optional.of(tmp.resolve("certs/p2.pem")),
                    Optional.of(tmp.resolve("certs/p2.key"))),
                Optional.of(TokenSource.fromEnv("P2_TOKEN")),
                "ops-participant2",
                new BackupConfig(
                    BackupConfig.Provider.COMMAND,
                    Optional.of("pg_dump -f ${file} p2"),
                    Optional.of("pg_restore ${file}"),
                    Path.of("/var/backups/p2"))));
    assertThat(config.localNodes()).extracting(NodeConfig::name).containsExactly("participant2");
  }

  @Test
  void every_node_is_local_when_local_nodes_is_not_set() throws Exception {
    RunbookConfig config =
        files.load(
            """
            nodes.b { admin-api = "b:2", ledger-api = "b:1" }
            nodes.a { admin-api = "a:2", ledger-api = "a:1" }
            """);
    assertThat(config.localNodes()).extracting(NodeConfig::name).containsExactly("a", "b");
  }

  @Test
  void an_environment_variable_overrides_the_file_and_a_flag_overrides_both() throws Exception {
    String file = "temporal { address = \"file:7233\", namespace = \"from-file\" }";
    Map<String, String> env =
        Map.of("RUNBOOK_TEMPORAL_ADDRESS", "env:7233", "RUNBOOK_TEMPORAL_NAMESPACE", "from-env");

    assertThat(files.load(file).temporal().address()).isEqualTo("file:7233");
    assertThat(files.load(file, env).temporal().address()).isEqualTo("env:7233");
    RunbookConfig flagged =
        files.load(file, env, new ConfigOverride("temporal.address", "flag:7233", "--address"));
    assertThat(flagged.temporal().address()).isEqualTo("flag:7233");
    assertThat(flagged.temporal().namespace()).isEqualTo("from-env");
  }

  @Test
  void a_bad_override_names_the_flag_it_came_from() {
    var error =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            InvalidConfigException.class,
            () ->
                RunbookConfigLoader.load(
                    Optional.empty(), Map.of(), List.of(new ConfigOverride("temporal.address", "x", "--address"))));
    assertThat(error.problems())
        .singleElement()
        .hasToString("temporal.address: expected host:port or \"embedded\", got \"x\" (--address)");
  }

  @Test
  void the_configuration_file_can_come_from_the_environment() throws Exception {
    Path file = files.write("from-env.conf", "worker.task-queue = \"from-env-file\"");
    RunbookConfig config =
        RunbookConfigLoader.load(Optional.empty(), Map.of("RUNBOOK_CONFIG", file.toString()), List.of());
    assertThat(config.worker().taskQueue()).isEqualTo("from-env-file");
    assertThat(config.source()).contains(file);
  }

  @Test
  void optional_substitutions_read_the_given_environment() throws Exception {
    RunbookConfig config =
        files.load(
            """
            nodes.participant1 {
              admin-api = ${P1_HOST}":5002"
              ledger-api = ${P1_HOST}":5001"
            }
            """,
            Map.of("P1_HOST", "p1.internal"));
    assertThat(config.nodes().get("participant1").adminApi()).isEqualTo(new Endpoint("p1.internal", 5002));
  }
}
