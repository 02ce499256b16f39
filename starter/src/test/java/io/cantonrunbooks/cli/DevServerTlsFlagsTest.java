package io.cantonrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.cli.support.CliRun;
import io.cantonrunbooks.cli.support.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad {@code dev-server} TLS flags exit 2 before anything listens, naming the flag. (A run that got
 * past validation would serve until killed: the timeout turns that into a failure.)
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class DevServerTlsFlagsTest {

  @TempDir Path dir;
  TestPki.Issued server;
  Path ca;

  @BeforeEach
  void certificates() throws Exception {
    TestPki pki = TestPki.create("flags-ca", dir);
    server = pki.server("server");
    ca = pki.caFile();
  }

  @Test
  void a_certificate_without_its_key_is_refused() {
    CliRun run = CliRun.of("dev-server", "--port", "1", "--tls-cert", server.cert().toString());
    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err()).as("%s", run).startsWith("--tls-key: expected a file when --tls-cert is given, got nothing");
  }

  @Test
  void a_client_ca_without_a_server_certificate_is_refused() {
    CliRun run = CliRun.of("dev-server", "--port", "1", "--tls-client-ca", ca.toString());
    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err()).as("%s", run).startsWith(
        "--tls-client-ca: expected --tls-cert and --tls-key as well (client certificates are asked for over TLS only)");
  }

  @Test
  void a_missing_file_is_refused_naming_its_flag() {
    Path missing = dir.resolve("nope.pem");
    CliRun run = CliRun.of("dev-server", "--port", "1", "--tls-cert", server.cert().toString(),
        "--tls-key", server.key().toString(), "--tls-client-ca", missing.toString());
    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err()).as("%s", run)
        .startsWith("--tls-client-ca: expected a readable file, got \"" + missing + "\" (no such file)");
  }

  @Test
  void files_that_are_not_a_certificate_and_its_key_are_refused_before_listening() throws Exception {
    Path notPem = Files.writeString(dir.resolve("not.pem"), "this is not a certificate\n");
    CliRun run = CliRun.of("dev-server", "--port", "1", "--tls-cert", notPem.toString(), "--tls-key", server.key().toString());
    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err()).as("%s", run)
        .startsWith("--tls-cert/--tls-key: cannot serve TLS with " + notPem + " and " + server.key())
        .contains("expected a PEM certificate chain and its PEM PKCS#8 private key");
  }
}
