package io.cantonrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.activities.Permission;
import io.cantonrunbooks.worker.config.TemporalSettings;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationInput;
import io.cantonrunbooks.workflows.runbook.ApprovalPolicy;
import io.cantonrunbooks.workflows.runbook.Outcome;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the worker's and CLI's data converter writes and reads what runbooks carry. */
class DataConverterTest {

  private final DataConverter converter = TemporalConnection.dataConverter(
      new TemporalSettings("localhost:7233", "default", Optional.empty(), Optional.empty()));

  private static OfflinePartyReplicationInput input() {
    return new OfflinePartyReplicationInput("alice::1220ab", "global", "participant1", "participant2",
        Permission.SUBMISSION,
        new ApprovalPolicy(List.of("before-acs-import"), List.of("bob"), 1, false, "carol",
            Map.of("before-acs-import", Duration.ofMinutes(30)), Duration.ofHours(4)),
        Duration.ofMinutes(2), 3, Duration.ofHours(6), false, null);
  }

  private String json(Object value) {
    Payload payload = converter.toPayload(value).orElseThrow();
    return payload.getData().toString(StandardCharsets.UTF_8);
  }

  private Payload payload(String json) {
    return converter.toPayload("placeholder").orElseThrow().toBuilder()
        .setData(com.google.protobuf.ByteString.copyFromUtf8(json))
        .build();
  }

  @Test
  void durations_in_an_input_are_written_as_iso_8601() {
    String written = json(input());

    assertThat(written)
        .contains("\"onboardingClearanceTimeout\":\"PT2M\"")
        .contains("\"lockTimeout\":\"PT6H\"")
        .contains("\"defaultGateTimeout\":\"PT4H\"")
        .contains("\"before-acs-import\":\"PT30M\"");
    assertThat(converter.fromPayload(converter.toPayload(input()).orElseThrow(),
        OfflinePartyReplicationInput.class, OfflinePartyReplicationInput.class)).isEqualTo(input());
  }

  @Test
  void an_input_echoed_in_a_report_reads_back_with_the_durations_as_written() {
    var report = new RunbookStatus("offline-party-replication", "wf", "run", input(), Outcome.SUCCEEDED, null, null,
        Instant.parse("2026-01-01T10:00:00Z"), Instant.parse("2026-01-01T10:05:00Z"),
        List.of(), List.of(), List.of(), List.of(), null, null);

    RunbookStatus read = converter.fromPayload(converter.toPayload(report).orElseThrow(),
        RunbookStatus.class, RunbookStatus.class);

    // The CLI sees the input as plain JSON (the report does not know the input's type).
    assertThat(read.input()).isInstanceOfSatisfying(Map.class, in -> {
      assertThat(in.get("onboardingClearanceTimeout")).isEqualTo("PT2M");
      assertThat(in.get("lockTimeout")).isEqualTo("PT6H");
    });
  }

  @Test
  void durations_written_as_seconds_by_earlier_versions_still_read() {
    String old = json(input())
        .replace("\"PT2M\"", "120.000000000")
        .replace("\"PT6H\"", "21600")
        .replace("\"PT30M\"", "1800.5");

    OfflinePartyReplicationInput read =
        converter.fromPayload(payload(old), OfflinePartyReplicationInput.class, OfflinePartyReplicationInput.class);

    assertThat(read.onboardingClearanceTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(read.lockTimeout()).isEqualTo(Duration.ofHours(6));
    assertThat(read.approvals().gateTimeouts()).containsEntry("before-acs-import", Duration.ofMillis(1_800_500));
    assertThat(read.approvals().defaultGateTimeout()).isEqualTo(Duration.ofHours(4));
  }
}
