package io.cantonrunbooks.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each bad file is rejected with one sentence that names the key, the bad value and what was
 * expected; these messages are what an operator reads at 3 a.m., so they are asserted exactly.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class InvalidConfigurationTest {

  @TempDir Path tmp;
  ConfigFiles files;

  @BeforeEach
  void setUp() {
    files = new ConfigFiles(tmp);
  }

  @Test
  void a_node_without_a_ledger_api_is_rejected() {
    assertThat(files.problems("nodes.participant1 { admin-api = \"localhost:5002\" }"))
        .containsExactly("nodes.participant1.ledger-api: expected host:port, got nothing");
  }

  @Test
  void an_endpoint_without_a_port_is_rejected() {
    assertThat(
            files.problems(
                """
                nodes.participant1 {
                  admin-api = "localhost"
                  ledger-api = "localhost:5001"
                }
                """))
        .containsExactly("nodes.participant1.admin-api: expected host:port, got \"localhost\"");
  }

  @Test
  void a_port_out_of_range_is_rejected() {
    assertThat(
            files.problems(
                """
                nodes.participant1 {
                  admin-api = "localhost:70000"
                  ledger-api = "localhost:5001"
                }
                """))
        .containsExactly(
            "nodes.participant1.admin-api: expected host:port with a port from 1 to 65535, got \"localhost:70000\"");
  }

  @Test
  void a_bad_temporal_address_is_rejected() {
    assertThat(files.problems("temporal.address = \"temporal.example.com\""))
        .containsExactly(
            "temporal.address: expected host:port or \"embedded\", got \"temporal.example.com\"");
  }

  @Test
  void a_local_node_that_is_not_in_the_inventory_is_rejected() {
    assertThat(
            files.problems(
                """
                worker.local-nodes = [participant1, participant9]
                nodes.participant1 { admin-api = "localhost:5002", ledger-api = "localhost:5001" }
                """))
        .containsExactly(
            "worker.local-nodes[1]: expected a node defined under nodes (participant1), got \"participant9\"");
  }

  @Test
  void a_substitution_of_a_node_that_does_not_exist_is_rejected() {
    assertThat(
            files.problems(
                """
                nodes {
                  participant1 { admin-api = "localhost:5002", ledger-api = "localhost:5001" }
                  participant2 = ${nodes.participant9} { admin-api = "localhost:5012" }
                }
                """))
        .containsExactly(
            "nodes.participant9: expected a definition (it is referenced as ${nodes.participant9}), got nothing");
  }

  @Test
  void a_tls_file_that_does_not_exist_is_rejected() {
    assertThat(
            files.problems(
                """
                nodes.participant1 {
                  admin-api = "localhost:5002"
                  ledger-api = "localhost:5001"
                  tls.ca = "certs/ca.pem"
                }
                """))
        .containsExactly(
            "nodes.participant1.tls.ca: expected a readable file, got \"certs/ca.pem\" (no such file)");
  }

  @Test
  void a_directory_given_as_a_tls_certificate_is_rejected() throws Exception {
    Files.createDirectories(tmp.resolve("certs"));
    files.write("certs/p1.key", "key");
    assertThat(
            files.problems(
                """
                nodes.participant1 {
                  admin-api = "localhost:5002"
                  ledger-api = "localhost:5001"
                  tls { cert = "certs", key = "certs/p1.key" }
                }
                """))
        .containsExactly(
            "nodes.participant1.tls.cert: expected a readable file, got \"certs\" (a directory)");
  }

  @Test
  void a_client_certificate_without_its_key_is_rejected() {
    files.write("certs/p1.pem", "cert");
    assertThat(
            files.problems(
                """
                temporal.tls.cert = "certs/p1.pem"
                """))
        .containsExactly("temporal.tls.key: expected a readable file when temporal.tls.cert is set, got nothing");
  }

  @Test
  void a_token_file_that_does_not_exist_is_rejected() {
    assertThat(
            files.problems(
                """
                nodes.participant1 {
                  admin-api = "localhost:5002"
                  ledger-api = "localhost:5001"
                  token.file = "tokens/participant1.jwt"
                }
                """))
        .containsExactly(
            "nodes.participant1.token.file: expected a readable file, got \"tokens/participant1.jwt\" (no such file)");
  }

  @Test
  void a_token_environment_variable_that_is_not_set_is_rejected() {
    assertThat(
            files.problems(
                """
                nodes.participant1 {
                  admin-api = "localhost:5002"
                  ledger-api = "localhost:5001"
                  token.env = "P1_TOKEN"
                }
                """))
        .containsExactly(
            "nodes.participant1.token.env: expected the name of a set environment variable, got \"P1_TOKEN\" (not set)");
  }

  @Test
  void a_node_block_written_twice_is_rejected_instead_of_merged() {
    assertThat(
            files.problems(
                """
                nodes {
                  participant1 {
                    admin-api = "localhost:5002"
                    ledger-api = "localhost:5001"
                  }
                  participant1 {
                    admin-api = "localhost:5012"
                    ledger-api = "localhost:5011"
                  }
                }
                """))
        .containsExactly(
            "nodes.participant1: expected one block per node, got 2 blocks (lines 2 and 6), which HOCON would silently merge into one node; rename or remove one");
  }

  @Test
  void node_names_that_differ_only_in_case_are_rejected() {
    assertThat(
            files.problems(
                """
                nodes.participant1 { admin-api = "localhost:5002", ledger-api = "localhost:5001" }
                nodes.Participant1 { admin-api = "localhost:5012", ledger-api = "localhost:5011" }
                """))
        .containsExactly(
            "nodes.participant1: expected a node name unique ignoring case, got \"participant1\" (also defined as \"Participant1\")");
  }

  @Test
  void an_unknown_key_is_rejected_with_the_closest_known_key() {
    assertThat(
            files.problems(
                """
                nodes.participant1 {
                  admin_api = "localhost:5002"
                  ledger-api = "localhost:5001"
                }
                """))
        .containsExactly(
            "nodes.participant1.admin_api: unknown key, did you mean \"admin-api\"?",
            "nodes.participant1.admin-api: expected host:port, got nothing");
  }

  @Test
  void an_unknown_top_level_key_lists_the_known_ones() {
    assertThat(files.problems("participants = {}"))
        .containsExactly(
            "participants: unknown key, expected one of temporal, worker, nodes, acs, metrics, disabled-runbooks, approvals");
  }

  @Test
  void a_value_of_the_wrong_type_is_rejected() {
    assertThat(
            files.problems(
                """
                nodes.participant1 {
                  admin-api = 5002
                  ledger-api = "localhost:5001"
                  tls.enabled = "yes"
                }
                disabled-runbooks = "offline-party-replication"
                """))
        .containsExactly(
            "nodes.participant1.admin-api: expected host:port, got 5002",
            "nodes.participant1.tls.enabled: expected true or false, got \"yes\"",
            "disabled-runbooks: expected a list of runbook names, got \"offline-party-replication\"");
  }

  @Test
  void a_negative_number_is_rejected() {
    assertThat(files.problems("worker.max-concurrent-activities = -3"))
        .containsExactly("worker.max-concurrent-activities: expected a whole number of at least 1, got -3");
  }

  @Test
  void a_negative_duration_is_rejected() {
    assertThat(files.problems("worker.shutdown-timeout = -5s"))
        .containsExactly("worker.shutdown-timeout: expected a positive duration such as \"30s\", got \"-5s\"");
  }

  @Test
  void a_heartbeat_timeout_shorter_than_a_second_is_rejected() {
    assertThat(files.problems("worker.activity-heartbeat-timeout = 200ms"))
        .containsExactly("worker.activity-heartbeat-timeout: expected a duration of at least 1s (activities heartbeat"
            + " every quarter of it), got \"200ms\"");
  }

  @Test
  void an_unknown_backup_provider_is_rejected() {
    assertThat(
            files.problems(
                """
                nodes.participant1 {
                  admin-api = "localhost:5002"
                  ledger-api = "localhost:5001"
                  backup.provider = s3
                }
                """))
        .containsExactly(
            "nodes.participant1.backup.provider: expected one of testbed, command, none, got \"s3\"");
  }

  @Test
  void a_command_backup_without_commands_is_rejected() {
    assertThat(
            files.problems(
                """
                nodes.participant1 {
                  admin-api = "localhost:5002"
                  ledger-api = "localhost:5001"
                  backup.provider = command
                }
                """))
        .containsExactly(
            "nodes.participant1.backup.backup-command: expected a shell command when nodes.participant1.backup.provider = command, got nothing",
            "nodes.participant1.backup.restore-command: expected a shell command when nodes.participant1.backup.provider = command, got nothing");
  }

  @Test
  void tls_towards_the_embedded_server_is_rejected() {
    files.write("ca.pem", "ca");
    assertThat(files.problems("temporal { address = embedded, tls.ca = \"ca.pem\" }"))
        .containsExactly(
            "temporal.tls: expected no TLS settings with temporal.address = \"embedded\" (the embedded server is plaintext), got a tls block");
  }

  @Test
  void every_problem_is_reported_at_once() {
    assertThat(
            files.problems(
                """
                temporal.address = "nowhere"
                nodes.participant1 { admin-api = "localhost" }
                """))
        .containsExactly(
            "temporal.address: expected host:port or \"embedded\", got \"nowhere\"",
            "nodes.participant1.admin-api: expected host:port, got \"localhost\"",
            "nodes.participant1.ledger-api: expected host:port, got nothing");
  }

  @Test
  void a_syntax_error_names_the_file_and_line() {
    assertThat(files.problems("nodes.participant1 {\n  admin-api = localhost:5002\n}\n"))
        .singleElement()
        .asString()
        .startsWith("worker.conf:2: invalid HOCON, ");
  }

  @Test
  void a_missing_configuration_file_is_rejected() {
    assertThatThrownBy(
            () -> RunbookConfigLoader.load(Optional.of(Path.of("no-such.conf")), Map.of(), List.of()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "invalid configuration: --config: expected a readable HOCON file, got \"no-such.conf\" (no such file)");
  }

  @Test
  void the_message_of_many_problems_lists_each_with_its_origin() {
    assertThatThrownBy(() -> files.load("temporal.address = \"nowhere\"\nworker.task-queue = 7\n"))
        .hasMessage(
            "invalid configuration (2 problems):"
                + System.lineSeparator()
                + "  temporal.address: expected host:port or \"embedded\", got \"nowhere\" (worker.conf:1)"
                + System.lineSeparator()
                + "  worker.task-queue: expected a non-empty string, got 7 (worker.conf:2)");
  }
}
