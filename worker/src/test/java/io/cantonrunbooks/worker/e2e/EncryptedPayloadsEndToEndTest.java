package io.cantonrunbooks.worker.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cantonrunbooks.worker.history.HistoryScan;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplication;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationInput;
import io.cantonrunbooks.workflows.runbook.Outcome;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.temporal.api.history.v1.History;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code temporal.encryption} configured, a real replication (worker, Temporal, testbed over
 * gRPC, traffic running) succeeds, Temporal stores nothing but ciphertext, and a client holding the
 * key reads the result as usual while one without it cannot.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EncryptedPayloadsEndToEndTest {

  @TempDir Path dir;

  @Test
  void a_replication_with_encryption_on_succeeds_and_temporal_stores_only_ciphertext() throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Files.writeString(dir.resolve("payloads.key"), Base64.getEncoder().encodeToString(key));
    try (var fixture = new TestbedFixture(2, dir,
        "temporal.encryption { key-id = \"e2e-1\", key-file = payloads.key }")) {
      String alice = fixture.participant("participant1").allocateParty("alice");
      fixture.create("participant1", alice, "A");
      fixture.net.engine().startTraffic(alice, 20, null);

      OfflinePartyReplicationInput input =
          OfflinePartyReplicationEndToEndTest.replicate(alice, "participant1", "participant2");
      OfflinePartyReplication wf = fixture.client().newWorkflowStub(OfflinePartyReplication.class,
          WorkflowOptions.newBuilder().setWorkflowId(input.workflowId())
              .setTaskQueue(fixture.config.worker().taskQueue()).build());
      WorkflowClient.start(wf::run, input);
      RunbookStatus report = WorkflowStub.fromTyped(wf).getResult(RunbookStatus.class);
      fixture.net.engine().stopTraffic(alice);

      assertThat(report.outcome()).isEqualTo(Outcome.SUCCEEDED);
      assertThat(report.toString()).contains(alice);
      fixture.settledContracts("participant1", "participant2", alice);
      assertThat(fixture.net.alarms()).as("testbed alarms").isEmpty();

      History history = fixture.client().fetchHistory(input.workflowId()).getHistory();
      HistoryScan stored = HistoryScan.of(history, List.of());
      byte[] party = alice.getBytes(StandardCharsets.UTF_8);
      assertThat(stored.payloads()).as("payloads in the history").hasSizeGreaterThan(20);
      for (HistoryScan.Found p : stored.payloads()) {
        if (p.field().startsWith("marker_recorded_event_attributes")) {
          // The SDK writes Workflow.getVersion markers itself, outside the data converter: they carry
          // only a change id and a version number, never runbook data.
          assertThat(contains(p.stored().toByteArray(), party)).isFalse();
          continue;
        }
        assertThat(p.stored().getMetadataMap().get("encoding").toStringUtf8())
            .as("encoding of event %d %s", p.eventId(), p.field())
            .isEqualTo("binary/encrypted");
        assertThat(p.stored().getMetadataMap().get("encryption-key-id").toStringUtf8()).isEqualTo("e2e-1");
        assertThat(contains(p.stored().toByteArray(), party))
            .as("party id readable in event %d %s", p.eventId(), p.field()).isFalse();
        assertThat(contains(p.stored().toByteArray(), "\"outcome\"".getBytes(StandardCharsets.UTF_8)))
            .as("JSON readable in event %d %s", p.eventId(), p.field()).isFalse();
      }
      // Decoded with the key, the same history is still free of secrets and ACS data.
      fixture.assertHistoryClean(input.workflowId(), alice);

      WorkflowClient withoutKey = WorkflowClient.newInstance(fixture.temporal.getWorkflowServiceStubs(),
          WorkflowClientOptions.newBuilder().build());
      assertThatThrownBy(() -> withoutKey.newUntypedWorkflowStub(input.workflowId()).getResult(RunbookStatus.class))
          .hasStackTraceContaining("binary/encrypted");
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    return new String(haystack, StandardCharsets.ISO_8859_1).contains(new String(needle, StandardCharsets.ISO_8859_1));
  }
}
