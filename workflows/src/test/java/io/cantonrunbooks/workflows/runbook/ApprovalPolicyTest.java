package io.cantonrunbooks.workflows.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cantonrunbooks.workflows.testing.TestApprover;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ApprovalPolicyTest {

  private static final List<String> GATES = List.of("before-acs-import");
  private static final TestApprover BOB = TestApprover.generate("bob");
  private static final TestApprover CAROL = TestApprover.generate("carol");

  private static ApprovalPolicy withKeys(List<String> approvers, Integer minApprovers, Map<String, String> keys) {
    return new ApprovalPolicy(null, approvers, minApprovers, null, "alice", null, null, keys);
  }

  /** How the worker reads an input: Temporal's JSON converter. */
  private static ApprovalPolicy fromJson(String json) {
    Payload payload = Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(json))
        .build();
    return DefaultDataConverter.newDefaultInstance().fromPayload(payload, ApprovalPolicy.class, ApprovalPolicy.class);
  }

  @Test
  void a_policy_written_before_approver_keys_existed_still_reads_and_needs_no_signatures() {
    ApprovalPolicy policy = fromJson("""
        {"gates": ["before-acs-import"], "approvers": ["bob"], "minApprovers": 1, "starterMayApprove": false,
         "startedBy": "alice", "gateTimeouts": {}, "defaultGateTimeout": "PT24H"}""");

    assertThat(policy.approverKeys()).isNull();
    assertThat(policy.signaturesRequired()).isFalse();
    assertThat(policy.allowedApprovers()).containsExactly("bob");
    assertThat(policy.problems("approvals", GATES)).isEmpty();
  }

  @Test
  void keys_read_from_json_require_signatures_and_make_their_holders_the_approvers() {
    ApprovalPolicy policy = fromJson("{\"approverKeys\": {\"carol\": \"" + CAROL.publicKey() + "\", \"bob\": \""
        + BOB.publicKey() + "\"}, \"defaultGateTimeout\": \"PT1H\"}");

    assertThat(policy.signaturesRequired()).isTrue();
    assertThat(policy.allowedApprovers()).containsExactly("bob", "carol");
    assertThat(policy.timeoutOf("before-acs-import")).isEqualTo(Duration.ofHours(1));
    assertThat(policy.problems("approvals", GATES)).isEmpty();
  }

  @Test
  void a_malformed_key_is_a_problem_naming_the_field_and_what_is_expected() {
    ApprovalPolicy policy = withKeys(null, null, Map.of("bob", "ssh-rsa AAAAB3NzaC1yc2E bob@laptop"));

    assertThat(policy.problems("approvals", GATES)).singleElement().asString()
        .startsWith("approvals.approverKeys.bob: expected an OpenSSH Ed25519 public key \"ssh-ed25519 AAAA… [comment]\"")
        .contains("got type 'ssh-rsa'");
  }

  @Test
  void with_keys_every_listed_approver_needs_one_and_every_key_an_approver() {
    ApprovalPolicy policy = withKeys(List.of("bob", "carol"), null, Map.of("bob", BOB.publicKey(), "dave", CAROL.publicKey()));

    assertThat(policy.problems("approvals", GATES)).containsExactlyInAnyOrder(
        "approvals.approverKeys.dave: not in approvers [bob, carol]; a key only matters for someone who may approve",
        "approvals.approverKeys: approver 'carol' has no key; with approverKeys set, every approver needs one"
            + " (\"carol\": \"ssh-ed25519 AAAA…\")");
  }

  @Test
  void one_key_for_two_approvers_is_a_problem_because_it_would_count_twice() {
    var keys = new LinkedHashMap<String, String>();
    keys.put("bob", BOB.publicKey());
    keys.put("carol", BOB.publicKey());

    assertThat(withKeys(null, 2, keys).problems("approvals", GATES)).singleElement().asString()
        .isEqualTo("approvals.approverKeys.carol: the same key as bob's (" + BOB.fingerprint()
            + "); distinct approvers need distinct keys");
  }

  @Test
  void min_approvers_counts_the_key_holders_when_no_approvers_are_listed() {
    assertThat(withKeys(null, 2, Map.of("bob", BOB.publicKey())).problems("approvals", GATES)).singleElement().asString()
        .isEqualTo("approvals.minApprovers: 2 approvals needed but only 1 approvers are allowed (those with approverKeys)");
  }
}
