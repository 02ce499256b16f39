package io.cantonrunbooks.cli;

import static io.cantonrunbooks.cli.support.RunbookEnvironment.GATES;
import static io.cantonrunbooks.cli.support.RunbookEnvironment.TEMPLATE_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cantonrunbooks.cli.support.CliRun;
import io.cantonrunbooks.cli.support.RunbookEnvironment;
import io.cantonrunbooks.cli.support.WithRunbookEnvironment;
import io.cantonrunbooks.workflows.runbook.GateState;
import io.cantonrunbooks.workflows.runbook.GateView;
import io.cantonrunbooks.workflows.testing.TestApprover;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed approvals through the CLI, as an approver and an auditor use them: {@code approve --key},
 * {@code --print-only} for the Temporal UI, {@code --output json}, and {@code verify-report} on the
 * JSON report of a run approved with a key file, untouched and tampered with.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SignedApprovalsCommandTest extends WithRunbookEnvironment {

  static final TestApprover BOB = TestApprover.generate("bob");
  static final TestApprover MALLORY = TestApprover.generate("mallory");

  @TempDir static Path keys;

  /** The JSON report of a replication whose three gates bob approved with his key file. */
  static String signedReport;

  /** The same report in Markdown. */
  static CliRun markdownReport;

  @TempDir Path dir;

  @BeforeAll
  static void runAReplicationApprovedWithAKeyFile() {
    String id = startSigned(keys);
    for (String gate : GATES) {
      env.awaitGate(id, gate);
      CliRun approve = env.cli("approve", id, "--gate", gate, "--as", "bob", "--key", bobsKey().toString(),
          "--comment", "checked | " + gate);
      assertThat(approve.exitCode()).as("%s", approve).isZero();
      assertThat(approve.out()).as("%s", approve).contains("as bob (signed): 1 of 1 approvals, the gate opens");
    }
    env.awaitEnd(id);
    CliRun report = env.cli("report", id, "--format", "json");
    assertThat(report.exitCode()).as("%s", report).isZero();
    signedReport = report.out();
    markdownReport = env.cli("report", id);
  }

  private static Path bobsKey() {
    return write(keys.resolve("bob.key"), BOB.privateKeyPem());
  }

  /** Starts the template as alice with bob's public key as the only approver key. */
  private static String startSigned(Path dir) {
    return env.startTemplate(dir, "--set", "approvals.approverKeys={\"bob\": \"" + BOB.publicKey() + "\"}");
  }

  private static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private CliRun verify(String report) {
    return CliRun.of("verify-report", write(dir.resolve("report.json"), report).toString());
  }

  private static String tampered(Consumer<ObjectNode> change) throws IOException {
    ObjectNode report = (ObjectNode) Json.MAPPER.readTree(signedReport);
    change.accept(report);
    return Json.write(report);
  }

  private static ObjectNode decision(ObjectNode report, int gate) {
    return (ObjectNode) report.at("/gates/" + gate + "/approvals/0");
  }

  @Test
  void verify_report_accepts_the_report_of_a_run_approved_with_a_key_file() {
    CliRun verify = verify(signedReport);

    assertThat(verify.exitCode()).as("%s", verify).isZero();
    assertThat(verify.out()).as("%s", verify)
        .contains("Report of " + TEMPLATE_ID, "bob  " + BOB.fingerprint())
        .contains("ok      before-target-isolation APPROVE by bob", "ok      before-party-authorization APPROVE by bob",
            "ok      before-acs-import APPROVE by bob")
        .contains("3 decisions: 3 verified, 0 failed.");
  }

  @Test
  void a_changed_comment_gate_approver_time_signature_or_key_fails_naming_the_decision() throws Exception {
    Map<String, String> tamperings = new LinkedHashMap<>();
    tamperings.put("comment", tampered(r -> decision(r, 2).put("comment", "checked nothing")));
    tamperings.put("gate", tampered(r -> {
      // Swap the first two gates' decisions, each with its own gate field made to match.
      ObjectNode first = decision(r, 0).deepCopy();
      ObjectNode second = decision(r, 1).deepCopy();
      first.put("gate", "before-party-authorization");
      second.put("gate", "before-target-isolation");
      ((ObjectNode) r.at("/gates/0")).withArray("approvals").set(0, second);
      ((ObjectNode) r.at("/gates/1")).withArray("approvals").set(0, first);
    }));
    tamperings.put("approver", tampered(r -> decision(r, 1).put("approver", "carol")));
    tamperings.put("signing time", tampered(r -> decision(r, 0).put("signedAt",
        java.time.Instant.parse(decision(r, 0).get("signedAt").asText()).minusSeconds(60).toString())));
    tamperings.put("signature", tampered(r -> {
      String signature = decision(r, 2).get("signature").asText();
      decision(r, 2).put("signature", (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1));
    }));
    tamperings.put("signed payload text", tampered(r -> decision(r, 1).put("signedPayload",
        decision(r, 1).get("signedPayload").asText().replace("decision=APPROVE", "decision=REJECT"))));
    tamperings.put("run id", tampered(r -> r.put("runId", "00000000-0000-0000-0000-000000000000")));
    tamperings.put("approver's key", tampered(r -> ((ObjectNode) r.at("/input/approvals/approverKeys"))
        .put("bob", MALLORY.publicKey())));
    tamperings.put("acceptance time", tampered(r -> decision(r, 2).put("at", "2020-01-01T00:00:00Z")));

    SoftAssertions soft = new SoftAssertions();
    tamperings.forEach((what, report) -> {
      CliRun verify = verify(report);
      soft.assertThat(verify.exitCode()).as("tampered %s: %s", what, verify).isEqualTo(1);
      soft.assertThat(verify.out()).as("tampered %s: %s", what, verify).contains("FAILED  before-").contains("failed.");
    });
    soft.assertAll();

    assertThat(verify(tamperings.get("comment")).out())
        .contains("FAILED  before-acs-import APPROVE by bob", "the signature does not verify with bob's key")
        .contains("ok      before-target-isolation", "3 decisions: 2 verified, 1 failed.");
    assertThat(verify(tamperings.get("approver's key")).out())
        .contains("signed with key " + BOB.fingerprint() + ", but the report's key for bob is " + MALLORY.fingerprint());
    assertThat(verify(tamperings.get("signed payload text")).out()).contains("signedPayload is not the text of the decision's fields");
    assertThat(verify(tamperings.get("acceptance time")).out()).contains("outside the window the runbook enforces");
  }

  @Test
  void a_report_that_is_not_readable_json_exits_2_and_one_without_signatures_exits_1() throws Exception {
    CliRun missing = CliRun.of("verify-report", dir.resolve("nope.json").toString());
    CliRun markdown = verify("# Runbook report: offline-party-replication\n");
    CliRun unsigned = verify(tampered(r -> ((ObjectNode) r.at("/input/approvals")).remove("approverKeys")));

    assertThat(missing.exitCode()).as("%s", missing).isEqualTo(2);
    assertThat(missing.err()).contains("nope.json: no such file");
    assertThat(markdown.exitCode()).as("%s", markdown).isEqualTo(2);
    assertThat(markdown.err()).contains("not a runbook report in JSON", "runbook report ID --format json");
    assertThat(unsigned.exitCode()).as("%s", unsigned).isEqualTo(1);
    assertThat(unsigned.out()).contains("no approvals.approverKeys, so its decisions are not signed");
  }

  @Test
  void the_markdown_report_shows_each_signed_payload_with_its_signature() {
    CliRun report = markdownReport;

    assertThat(report.exitCode()).as("%s", report).isZero();
    JsonNode first = readTree(signedReport).at("/gates/0/approvals/0");
    assertThat(report.out()).as("%s", report)
        .contains("| Signed |", "at " + first.get("signedAt").asText() + " by `" + BOB.fingerprint() + "`")
        .contains("### Signatures", "#### before-acs-import: APPROVE by bob", "- signature: `" + first.get("signature").asText() + "`")
        .contains("```text\n" + first.get("signedPayload").asText() + "```");
  }

  @Test
  void approving_without_a_key_where_keys_are_configured_is_refused_with_the_reason() {
    String id = startSigned(dir);
    env.awaitGate(id, GATES.get(0));

    CliRun approve = env.cli("approve", id, "--gate", GATES.get(0), "--as", "bob");

    assertThat(approve.exitCode()).as("%s", approve).isEqualTo(2);
    assertThat(approve.err()).as("%s", approve).contains("refused: unsigned decision refused", "--key FILE", "Nothing changed");
  }

  @Test
  void a_key_file_that_is_not_the_approvers_key_is_refused_before_anything_is_sent() {
    String id = startSigned(dir);
    env.awaitGate(id, GATES.get(0));
    Path mallorysKey = write(dir.resolve("mallory.key"), MALLORY.privateKeyPem());

    CliRun approve = env.cli("approve", id, "--gate", GATES.get(0), "--as", "bob", "--key", mallorysKey.toString());
    CliRun noKeyForHer = env.cli("approve", id, "--gate", GATES.get(0), "--as", "mallory", "--key", mallorysKey.toString());

    assertThat(approve.exitCode()).as("%s", approve).isEqualTo(2);
    assertThat(approve.err()).as("%s", approve)
        .contains("--key " + mallorysKey + " is not bob's key: the runbook's approvals.approverKeys.bob is " + BOB.fingerprint());
    assertThat(noKeyForHer.exitCode()).as("%s", noKeyForHer).isEqualTo(2);
    assertThat(noKeyForHer.err()).as("%s", noKeyForHer).contains("has no key for 'mallory'", "keys for: bob");
    assertThat(env.status(id).gates().get(0).approvals()).isEmpty();
    assertThat(env.status(id).refusedDecisions()).isEmpty();
  }

  @Test
  void an_unusable_key_file_is_a_usage_error_found_before_connecting() {
    Path garbage = write(dir.resolve("garbage.key"), "not a key\n");
    Path publicKey = write(dir.resolve("bob.pub"), BOB.publicKey() + "\n");

    CliRun withGarbage = CliRun.of("approve", TEMPLATE_ID, "--gate", GATES.get(0), "--as", "bob", "--key", garbage.toString(),
        "--address", "localhost:1");
    CliRun withPublicKey = CliRun.of("reject", TEMPLATE_ID, "--gate", GATES.get(0), "--as", "bob", "--key", publicKey.toString(),
        "--address", "localhost:1");

    assertThat(withGarbage.exitCode()).as("%s", withGarbage).isEqualTo(2);
    assertThat(withGarbage.err()).contains("--key " + garbage + ": expected a PEM private key", "ssh-keygen -t ed25519");
    assertThat(withPublicKey.exitCode()).as("%s", withPublicKey).isEqualTo(2);
    assertThat(withPublicKey.err()).contains("got an OpenSSH public key line");
  }

  @Test
  void print_only_prints_the_signed_update_argument_without_sending_it_and_the_ui_can_send_it() throws Exception {
    String id = startSigned(dir);
    env.awaitGate(id, GATES.get(0));

    CliRun print = env.cli("approve", id, "--gate", GATES.get(0), "--as", "bob", "--key", bobsKey().toString(),
        "--comment", "from the UI", "--print-only");

    assertThat(print.exitCode()).as("%s", print).isZero();
    JsonNode argument = readTree(print.out());
    assertThat(argument.get("workflowId").asText()).isEqualTo(id);
    assertThat(argument.get("runId").asText()).isEqualTo(env.status(id).runId());
    assertThat(argument.get("decision").asText()).isEqualTo("APPROVE");
    assertThat(argument.get("keyFingerprint").asText()).isEqualTo(BOB.fingerprint());
    assertThat(argument.get("signature").asText()).hasSize(88);
    assertThat(print.err()).contains("Not sent", "Update 'approve'", "within 15 minutes");
    assertThat(env.status(id).gates().get(0).approvals()).as("nothing was sent").isEmpty();

    // What the Temporal UI does with the pasted JSON: the same update, the JSON as its one argument.
    GateView gate = env.client().newUntypedWorkflowStub(id).update("approve", GateView.class, argument);
    assertThat(gate.approvals()).singleElement().satisfies(a -> assertThat(a.comment()).isEqualTo("from the UI"));
    env.awaitGate(id, GATES.get(1));
  }

  @Test
  void approve_reject_and_abort_print_one_json_object_with_output_json() throws Exception {
    String id = startSigned(dir);
    env.awaitGate(id, GATES.get(0));
    CliRun approve = env.cli("approve", id, "--gate", GATES.get(0), "--as", "bob", "--key", bobsKey().toString(), "-o", "json");
    env.awaitGate(id, GATES.get(1));
    CliRun reject = env.cli("reject", id, "--gate", GATES.get(1), "--as", "bob", "--key", bobsKey().toString(),
        "--comment", "wrong party", "--output", "json");
    env.awaitEnd(id);
    String next = startSigned(dir);
    env.awaitGate(next, GATES.get(0));
    CliRun abort = env.cli("abort", next, "--as", "bob", "--reason", "window closed", "--output", "json");

    assertThat(approve.exitCode()).as("%s", approve).isZero();
    JsonNode approved = readTree(approve.out());
    assertThat(approved.get("decision").asText()).isEqualTo("APPROVE");
    assertThat(approved.get("signed").asBoolean()).isTrue();
    assertThat(approved.get("effect").asText()).isEqualTo("the gate opens");
    assertThat(approved.at("/gate/name").asText()).isEqualTo(GATES.get(0));
    assertThat(approved.at("/gate/approvals/0/keyFingerprint").asText()).isEqualTo(BOB.fingerprint());
    JsonNode rejected = readTree(reject.out());
    assertThat(rejected.get("decision").asText()).isEqualTo("REJECT");
    assertThat(rejected.at("/gate/approvals/0/comment").asText()).isEqualTo("wrong party");
    JsonNode aborted = readTree(abort.out());
    assertThat(aborted.get("workflowId").asText()).isEqualTo(next);
    assertThat(aborted.get("requestedBy").asText()).isEqualTo("bob");
    assertThat(aborted.get("reason").asText()).isEqualTo("window closed");
    env.awaitEnd(next);
    assertThat(env.cli("status", next, "-o", "json").out()).contains("\"outcome\" : \"ABORTED\"");
    assertThat(env.status(next).gates().get(0).state()).isEqualTo(GateState.ABANDONED);
  }

  private static JsonNode readTree(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }
}
