package io.cantonrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cantonrunbooks.cli.support.CliRun;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationInput;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TemplateCommandTest {

  @Test
  void the_template_is_valid_json_without_problems_and_the_field_guide_goes_to_stderr() throws Exception {
    CliRun run = CliRun.of("template", "offline-party-replication");

    assertThat(run.exitCode()).as("%s", run).isZero();
    OfflinePartyReplicationInput input = Json.MAPPER.readValue(run.out(), OfflinePartyReplicationInput.class);
    assertThat(input.problems()).isEmpty();
    assertThat(run.err()).contains("partyId", "approvals.approvers", "--set");
  }

  @Test
  void the_field_guide_documents_every_field_of_the_template() throws Exception {
    CliRun run = CliRun.of("template", "offline-party-replication");
    List<String> fields = new ArrayList<>();
    JsonNode json = Json.MAPPER.readTree(run.out());
    json.fieldNames().forEachRemaining(fields::add);
    json.get("approvals").fieldNames().forEachRemaining(f -> fields.add("approvals." + f));

    assertThat(fields).allSatisfy(field -> assertThat(run.err()).contains(field));
  }

  @Test
  void every_catalogued_runbook_has_a_template_and_a_guide() {
    RunbookCatalog.ALL.forEach(r -> assertThat(r.template()).isNotBlank());
    RunbookCatalog.ALL.forEach(r -> assertThat(r.fieldGuide()).isNotBlank());
  }

  @Test
  void an_unknown_runbook_is_a_usage_error() {
    CliRun run = CliRun.of("template", "nope");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("unknown runbook 'nope'", "offline-party-replication");
  }
}
