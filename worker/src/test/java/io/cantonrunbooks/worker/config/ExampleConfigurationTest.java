package io.cantonrunbooks.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.activities.nodes.NodeConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ExampleConfigurationTest {

  @Test
  void the_example_in_the_docs_is_valid() throws Exception {
    // Tests run in the module directory; the docs live at the repository root.
    RunbookConfig config =
        RunbookConfigLoader.load(
            Optional.of(Path.of("../docs/examples/worker.conf")), Map.of(), List.of());
    assertThat(config.nodes().all())
        .extracting(NodeConfig::name)
        .containsExactly("participant1", "participant2");
  }
}
