package io.cantonrunbooks.worker.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Header;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.ActivityTaskCompletedEventAttributes;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The scanner finds payloads wherever they sit in an event and reports what is forbidden. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class HistoryScanTest {

  private static Payload json(String text) {
    return Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(text)).build();
  }

  private static History history(Payload input, Payload header, Payload result) {
    return History.newBuilder()
        .addEvents(HistoryEvent.newBuilder().setEventId(1).setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
            .setWorkflowExecutionStartedEventAttributes(WorkflowExecutionStartedEventAttributes.newBuilder()
                .setInput(Payloads.newBuilder().addPayloads(input))
                .setHeader(Header.newBuilder().putFields("trace", header))))
        .addEvents(HistoryEvent.newBuilder().setEventId(2).setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
            .setActivityTaskCompletedEventAttributes(ActivityTaskCompletedEventAttributes.newBuilder()
                .setResult(Payloads.newBuilder().addPayloads(result))))
        .build();
  }

  @Test
  void payloads_in_inputs_headers_and_results_are_all_found() {
    var scan = HistoryScan.of(history(json("1"), json("2"), json("3")), List.of());
    assertThat(scan.payloads()).extracting(HistoryScan.Found::field)
        .containsExactly("workflow_execution_started_event_attributes.input.payloads[0]",
            "workflow_execution_started_event_attributes.header.fields[0].value",
            "activity_task_completed_event_attributes.result.payloads[0]");
  }

  @Test
  void a_token_a_pem_key_a_blob_and_a_large_payload_are_each_reported_without_their_values() {
    byte[] blob = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    String base64Blob = java.util.Base64.getEncoder().encodeToString(blob);
    var scan = HistoryScan.of(history(json("\"Bearer s3cret\""), json("\"-----BEGIN PRIVATE KEY-----\""),
        json("{\"blob\":\"" + base64Blob + "\",\"pad\":\"" + "x".repeat(100) + "\"}")), List.of());

    List<String> problems = scan.violations(new HistoryScan.Forbidden().text("the token", "s3cret")
        .bytes("a contract blob", blob).maxPayloadBytes(64));

    assertThat(problems).containsExactlyInAnyOrder(
        "event 1 EVENT_TYPE_WORKFLOW_EXECUTION_STARTED workflow_execution_started_event_attributes.input.payloads[0]: contains the token",
        "event 1 EVENT_TYPE_WORKFLOW_EXECUTION_STARTED workflow_execution_started_event_attributes.header.fields[0].value: contains a PEM marker",
        "event 1 EVENT_TYPE_WORKFLOW_EXECUTION_STARTED workflow_execution_started_event_attributes.header.fields[0].value: contains a private key",
        "event 2 EVENT_TYPE_ACTIVITY_TASK_COMPLETED activity_task_completed_event_attributes.result.payloads[0]: 132 bytes, more than the 64 allowed",
        "event 2 EVENT_TYPE_ACTIVITY_TASK_COMPLETED activity_task_completed_event_attributes.result.payloads[0]: contains a contract blob (base64)");
    assertThat(String.join("\n", problems)).doesNotContain("s3cret");
  }
}
