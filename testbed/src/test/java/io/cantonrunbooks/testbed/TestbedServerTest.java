package io.cantonrunbooks.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.testbed.engine.Timings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestbedServerTest {
  @Test
  void the_standalone_testbed_prints_endpoints_and_a_worker_config_snippet() {
    TestbedServer.Options parsed = TestbedServer.parse(new String[] {"--participants", "2", "--traffic", "alice=5"});
    assertThat(parsed.participants()).isEqualTo(2);
    assertThat(parsed.traffic()).containsEntry("alice", 5.0);
    try (TestbedServer server =
        TestbedServer.start(new TestbedServer.Options(2, Map.of("alice", 5.0), Timings.fast(), 35))) {
      String text = server.startupText();
      assertThat(text)
          .contains("nodes.participant1.admin-api = \"127.0.0.1:" + server.network().server("participant1").adminPort() + "\"")
          .contains("nodes.participant2.ledger-api = \"127.0.0.1:")
          .contains("nodes.participant1.backup.provider = testbed")
          .contains("Traffic: alice::");
    }
  }
}
