package io.cantonrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.cli.support.CliRun;
import io.cantonrunbooks.workflows.testing.MockedNodes;
import io.cantonrunbooks.cli.support.RunbookEnvironment;
import io.cantonrunbooks.workflows.runbook.RunbookSearchAttributes;
import io.temporal.common.SearchAttributes;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StartSearchAttributesTest {

  static final String ID = "offline-party-replication/" + MockedNodes.PARTY + "/" + MockedNodes.TARGET;

  @TempDir Path dir;

  @Test
  void the_start_attributes_name_the_runbook_party_synchronizer_and_both_nodes() throws Exception {
    var json = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(java.nio.file.Files.readString(RunbookEnvironment.template(dir)));

    SearchAttributes attributes =
        RunbookClient.searchAttributes(StartCommand.runbook("offline-party-replication"), json);

    assertThat(attributes.get(RunbookSearchAttributes.RUNBOOK_NAME)).isEqualTo("offline-party-replication");
    assertThat(attributes.get(RunbookSearchAttributes.PARTY)).isEqualTo(json.get("partyId").asText());
    assertThat(attributes.get(RunbookSearchAttributes.SYNCHRONIZER)).isEqualTo(json.get("synchronizerAlias").asText());
    assertThat(attributes.get(RunbookSearchAttributes.SOURCE_NODE)).isEqualTo(json.get("sourceNode").asText());
    assertThat(attributes.get(RunbookSearchAttributes.TARGET_NODE)).isEqualTo(json.get("targetNode").asText());
    // The workflow sets the step itself, as it goes.
    assertThat(attributes.containsKey(RunbookSearchAttributes.RUNBOOK_STEP)).isFalse();
  }

  @Test
  void where_the_namespace_does_not_know_them_the_run_starts_without_and_says_so() {
    try (RunbookEnvironment env = RunbookEnvironment.start()) {
      CliRun start = env.cli("start", "offline-party-replication", "--input", RunbookEnvironment.template(dir).toString(), "--as", "alice");

      assertThat(start.exitCode()).as("%s", start).isZero();
      assertThat(start.out()).contains("does not know the runbook search attributes", "docs/temporal-ui.md");
      env.awaitGate(ID, "before-target-isolation");
      SearchAttributes attributes = env.client().newUntypedWorkflowStub(ID).describe().getTypedSearchAttributes();
      assertThat(attributes.containsKey(RunbookSearchAttributes.RUNBOOK_NAME)).isFalse();
      env.endIfRunning(ID);
    }
  }
}
