package io.cantonrunbooks.workflows.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.workflows.testing.TestApprover;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ApprovalSignaturesTest {

  private static final Instant SIGNED_AT = Instant.parse("2025-06-01T10:00:00Z");

  @Test
  void the_payload_is_the_text_docs_security_md_shows() {
    // The same example as in docs/security.md: change both or neither.
    String payload = ApprovalSignatures.payload(
        "offline-party-replication/alice::1220f8a5/participant2", "7c0d8a52-3b5e-4b7e-9a4c-0f5b8d1e2a63",
        "before-acs-import", Decision.APPROVE, "bob", "checksum matches ticket OPS-42", SIGNED_AT,
        "SHA256:F34nin7tcaYH6WR5LSWSfj6weFBPfBpuyUUoPFP9YjA");

    assertThat(payload).isEqualTo("""
        canton-runbooks gate decision v1
        workflowId=offline-party-replication/alice::1220f8a5/participant2
        runId=7c0d8a52-3b5e-4b7e-9a4c-0f5b8d1e2a63
        gate=before-acs-import
        decision=APPROVE
        approver=bob
        comment=checksum matches ticket OPS-42
        signedAt=2025-06-01T10:00:00Z
        key=SHA256:F34nin7tcaYH6WR5LSWSfj6weFBPfBpuyUUoPFP9YjA
        """);
  }

  @Test
  void a_line_break_in_a_value_cannot_forge_a_line_of_its_own() {
    String forged = ApprovalSignatures.payload("wf", "run", "g", Decision.APPROVE, "bob",
        "ok\nsignedAt=2030-01-01T00:00:00Z", SIGNED_AT, "SHA256:x");
    String plain = ApprovalSignatures.payload("wf", "run", "g", Decision.APPROVE, "bob", "ok\\nsignedAt=2030-01-01T00:00:00Z",
        SIGNED_AT, "SHA256:x");

    assertThat(forged.lines()).hasSize(9).contains("comment=ok\\nsignedAt=2030-01-01T00:00:00Z");
    assertThat(plain).as("a literal backslash-n is escaped differently").contains("comment=ok\\\\nsignedAt").isNotEqualTo(forged);
    assertThat(ApprovalSignatures.payload("wf", "run", "g", Decision.REJECT, "bob", "a\r\nb", SIGNED_AT, "k"))
        .contains("comment=a\\r\\nb\n");
  }

  @Test
  void no_comment_is_signed_as_an_empty_one() {
    assertThat(ApprovalSignatures.payload("wf", "run", "g", Decision.REJECT, "bob", null, SIGNED_AT, "k"))
        .contains("\ndecision=REJECT\napprover=bob\ncomment=\nsignedAt=");
  }

  @Test
  void a_signature_verifies_over_the_payload_and_nothing_else() {
    TestApprover bob = TestApprover.generate("bob");
    GateDecision signed = bob.sign("wf", "run", "before-acs-import", Decision.APPROVE, "ok", SIGNED_AT);

    assertThat(ApprovalSignatures.verify(bob.keys().getPublic(), ApprovalSignatures.payload(signed), signed.signature())).isTrue();
    assertThat(ApprovalSignatures.verify(bob.keys().getPublic(),
        ApprovalSignatures.payload(signed).replace("comment=ok", "comment=ok!"), signed.signature())).isFalse();
    assertThat(ApprovalSignatures.verify(TestApprover.generate("mallory").keys().getPublic(),
        ApprovalSignatures.payload(signed), signed.signature())).isFalse();
    assertThat(ApprovalSignatures.verify(bob.keys().getPublic(), ApprovalSignatures.payload(signed), "not base64!")).isFalse();
    String unpadded = signed.signature().replace("=", "");
    assertThat(ApprovalSignatures.wellFormedSignature(signed.signature())).isTrue();
    assertThat(ApprovalSignatures.wellFormedSignature(unpadded)).as("one spelling per signature").isFalse();
    assertThat(ApprovalSignatures.verify(bob.keys().getPublic(), ApprovalSignatures.payload(signed), unpadded)).isFalse();
  }

  @Test
  void the_window_is_fifteen_minutes_back_and_five_ahead_of_the_runbook_time() {
    Instant now = SIGNED_AT;

    assertThat(ApprovalSignatures.outsideWindow(now.minus(Duration.ofMinutes(15)), now)).isNull();
    assertThat(ApprovalSignatures.outsideWindow(now.plus(Duration.ofMinutes(5)), now)).isNull();
    assertThat(ApprovalSignatures.outsideWindow(now.minus(Duration.ofMinutes(15)).minusSeconds(1), now))
        .contains("PT15M1S before the runbook's time", "accepted for 15 minutes", "sign again");
    assertThat(ApprovalSignatures.outsideWindow(now.plus(Duration.ofMinutes(5)).plusSeconds(1), now))
        .contains("PT5M1S after the runbook's time", "check the signer's clock");
  }
}
