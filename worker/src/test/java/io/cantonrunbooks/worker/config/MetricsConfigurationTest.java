package io.cantonrunbooks.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code metrics} block: off by default, on with a port, every bad value named. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MetricsConfigurationTest {

  @TempDir Path tmp;
  ConfigFiles files;

  @BeforeEach
  void setUp() {
    files = new ConfigFiles(tmp);
  }

  @Test
  void metrics_are_off_without_a_port() throws Exception {
    MetricsSettings metrics = files.load("worker.task-queue = q").metrics();

    assertThat(metrics.enabled()).isFalse();
    assertThat(metrics).isEqualTo(MetricsSettings.off());
  }

  @Test
  void a_port_turns_the_endpoint_on_for_every_interface() throws Exception {
    MetricsSettings metrics = files.load("metrics.port = 9464").metrics();

    assertThat(metrics).isEqualTo(new MetricsSettings(OptionalInt.of(9464), "0.0.0.0"));
  }

  @Test
  void a_host_limits_the_endpoint_to_one_address() throws Exception {
    MetricsSettings metrics = files.load("metrics { port = 9464, host = \"127.0.0.1\" }").metrics();

    assertThat(metrics).isEqualTo(new MetricsSettings(OptionalInt.of(9464), "127.0.0.1"));
  }

  @Test
  void a_port_out_of_range_is_rejected() {
    assertThat(files.problems("metrics.port = 70000"))
        .containsExactly("metrics.port: expected a port number from 1 to 65535, got 70000");
    assertThat(files.problems("metrics.port = 0"))
        .containsExactly("metrics.port: expected a port number from 1 to 65535, got 0");
  }

  @Test
  void a_port_written_as_a_string_or_a_fraction_is_rejected() {
    assertThat(files.problems("metrics.port = \"9464\""))
        .containsExactly("metrics.port: expected a port number from 1 to 65535, got \"9464\"");
    assertThat(files.problems("metrics.port = 94.64"))
        .containsExactly("metrics.port: expected a port number from 1 to 65535, got 94.64");
  }

  @Test
  void a_bad_host_is_rejected() {
    assertThat(files.problems("metrics { port = 9464, host = \"\" }"))
        .containsExactly("metrics.host: expected a non-empty string, got \"\"");
    assertThat(files.problems("metrics { port = 9464, host = \"http://0.0.0.0\" }"))
        .containsExactly(
            "metrics.host: expected a host name or IP address to listen on, such as \"127.0.0.1\", got \"http://0.0.0.0\"");
  }

  @Test
  void a_host_without_a_port_is_rejected_rather_than_silently_serving_nothing() {
    assertThat(files.problems("metrics.host = \"127.0.0.1\""))
        .containsExactly(
            "metrics.host: expected metrics.port as well (the endpoint is off without a port), got only metrics.host = \"127.0.0.1\"");
  }

  @Test
  void a_misspelt_key_and_a_block_that_is_not_one_are_rejected() {
    assertThat(files.problems("metrics.prot = 9464"))
        .containsExactly("metrics.prot: unknown key, did you mean \"port\"?");
    assertThat(files.problems("metrics = 9464")).containsExactly("metrics: expected an object, got 9464");
  }
}
