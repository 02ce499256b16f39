package io.cantonrunbooks.activities.canton;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class CantonErrorsTest {

  @ParameterizedTest
  @EnumSource(
      value = Status.Code.class,
      names = {"UNAVAILABLE", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED", "ABORTED", "OUT_OF_RANGE"})
  void transient_codes_are_retryable(Status.Code code) {
    var e = CantonErrors.toCallException("p1", "x", Status.fromCode(code).asRuntimeException());
    assertThat(e.retryable()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = Status.Code.class,
      names = {"UNAVAILABLE", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED", "ABORTED", "OUT_OF_RANGE", "OK"},
      mode = EnumSource.Mode.EXCLUDE)
  void every_other_code_is_not_retryable(Status.Code code) {
    var e = CantonErrors.toCallException("p1", "x", Status.fromCode(code).asRuntimeException());
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void a_transport_failure_names_what_the_socket_said_not_only_io_exception() {
    var failure = Status.UNAVAILABLE.withDescription("io exception")
        .withCause(new java.io.IOException("finishConnect(..) failed", new java.net.ConnectException("Connection refused")))
        .asRuntimeException();

    var e = CantonErrors.toCallException("p1", "health.status", failure);

    assertThat(e.causeText()).isEqualTo("io exception (Connection refused)");
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void a_redacted_authentication_failure_says_which_setting_to_check() {
    var failure = Status.UNAUTHENTICATED
        .withDescription("An error occurred. Please contact the operator and inquire about the request 12ab with tid 12ab")
        .asRuntimeException();

    var e = CantonErrors.toCallException("p1", "ledger_api.state.end", failure);

    assertThat(e.errorId()).isEmpty();
    assertThat(e.retryable()).isFalse();
    assertThat(e.causeText()).startsWith("An error occurred. Please contact the operator")
        .contains("request 12ab", "nodes.<name>.token");
  }

  @Test
  void the_error_id_and_cause_come_from_the_description_prefix() {
    var failure =
        Status.FAILED_PRECONDITION
            .withDescription(
                "PARTY_ACS_IMPORT_MISSING_ONBOARDING_MAPPING(9,abcd1234): Aborted ACS import: no mapping")
            .asRuntimeException();

    var e = CantonErrors.toCallException("participant2", "parties.import_party_acs", failure);

    assertThat(e.errorId()).contains("PARTY_ACS_IMPORT_MISSING_ONBOARDING_MAPPING");
    assertThat(e.category()).contains(9);
    assertThat(e.causeText()).isEqualTo("Aborted ACS import: no mapping");
    assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.node()).isEqualTo("participant2");
    assertThat(e.call()).isEqualTo("parties.import_party_acs");
    assertThat(e.type()).isEqualTo("PARTY_ACS_IMPORT_MISSING_ONBOARDING_MAPPING");
    assertThat(e)
        .hasMessage(
            "participant2: parties.import_party_acs failed with FAILED_PRECONDITION"
                + " PARTY_ACS_IMPORT_MISSING_ONBOARDING_MAPPING: Aborted ACS import: no mapping");
  }

  @Test
  void the_error_id_comes_from_error_info_when_the_node_sends_rich_status() {
    var rich =
        com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.OUT_OF_RANGE.value())
            .setMessage("the participant has not processed that far")
            .addDetails(
                Any.pack(
                    ErrorInfo.newBuilder()
                        .setReason("INVALID_TIMESTAMP_PARTY_MANAGEMENT_ERROR")
                        .putMetadata("category", "12")
                        .build()))
            .build();

    var e =
        CantonErrors.toCallException(
            "p1", "parties.find_highest_offset_by_timestamp", StatusProto.toStatusRuntimeException(rich));

    assertThat(e.errorId()).contains("INVALID_TIMESTAMP_PARTY_MANAGEMENT_ERROR");
    assertThat(e.category()).contains(12);
    assertThat(e.causeText()).isEqualTo("the participant has not processed that far");
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void a_plain_status_has_no_error_id_and_keeps_its_description() {
    var e =
        CantonErrors.toCallException(
            "p1", "parties.add_party_async", Status.UNIMPLEMENTED.withDescription("not enabled").asRuntimeException());

    assertThat(e.errorId()).isEmpty();
    assertThat(e.causeText()).isEqualTo("not enabled");
    assertThat(e.type()).isEqualTo("UNIMPLEMENTED");
  }
}
