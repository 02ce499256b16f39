package io.cantonrunbooks.activities.canton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cantonrunbooks.activities.acs.AcsFileException;
import io.cantonrunbooks.activities.acs.AcsFileException.Reason;
import io.cantonrunbooks.activities.acs.TestSnapshots;
import io.cantonrunbooks.activities.acs.TransferProgress;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ContractImportMode;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ExportPartyAcsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ImportAcsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ImportPartyAcsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantStatusServiceGrpc;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ACS export to a file and import from a file, through a real (in-process) gRPC stream. */
class AcsTransferTest {

  private static final String SYNC = "global::1220cd";
  private static final String ALICE = "alice::1220ab";

  @TempDir Path dir;
  private FakeParticipant node;
  private ParticipantClient client;

  @BeforeEach
  void start() throws Exception {
    node = new FakeParticipant();
    // Small upload chunks so that a modest test snapshot still takes many messages.
    client = node.client(Optional.empty(), ClientOptions.defaults().withUploadChunkBytes(4096));
  }

  @AfterEach
  void stop() {
    client.close();
    node.close();
  }

  @Test
  void export_streams_into_an_owner_only_file_with_checksum_and_count() throws Exception {
    byte[] snapshot = TestSnapshots.snapshot(300, 500);
    serveInChunks(snapshot, 10_000);
    var progress = new ArrayList<Long>();
    Path target = dir.resolve("alice.acs.gz");

    var file =
        client.parties().exportPartyAcs(
            new PartyAcsExport(ALICE, SYNC, "participant2::1220ef", 7, Optional.of(Duration.ofSeconds(30))),
            target,
            progress::add);

    assertThat(file.path()).isEqualTo(target.toAbsolutePath());
    assertThat(file.contracts()).isEqualTo(300);
    assertThat(file.bytes()).isEqualTo(snapshot.length);
    assertThat(file.sha256()).isEqualTo(TestSnapshots.sha256(snapshot));
    assertThat(Files.readAllBytes(target)).isEqualTo(snapshot);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
    assertThat(progress).isSorted().last().isEqualTo((long) snapshot.length);
    var sent = node.received(ExportPartyAcsRequest.class).get(0);
    assertThat(sent.getBeginOffsetExclusive()).isEqualTo(7);
    assertThat(sent.getWaitForActivationTimeout().getSeconds()).isEqualTo(30);
  }

  @Test
  void an_export_that_fails_midway_leaves_no_file_and_names_the_error() {
    byte[] snapshot = TestSnapshots.snapshot(100, 500);
    serveInChunks(Arrays.copyOf(snapshot, 20_000), 10_000);
    node.exportFailsAfterChunks =
        Status.FAILED_PRECONDITION
            .withDescription("IO_STREAM_PARTY_MANAGEMENT_ERROR(9,abc): pruned")
            .asRuntimeException();

    assertThatThrownBy(() -> exportTo(dir.resolve("alice.gz")))
        .isInstanceOfSatisfying(
            CantonCallException.class,
            e -> {
              assertThat(e.errorId()).contains("IO_STREAM_PARTY_MANAGEMENT_ERROR");
              assertThat(e.call()).isEqualTo("parties.export_party_acs");
            });
    assertThat(dir.toFile().list()).isEmpty();
  }

  @Test
  void an_export_stream_that_ends_early_is_refused_as_truncated() {
    byte[] snapshot = TestSnapshots.snapshot(100, 500);
    serveInChunks(Arrays.copyOf(snapshot, snapshot.length - 100), 10_000);

    assertThatThrownBy(() -> exportTo(dir.resolve("alice.gz")))
        .isInstanceOfSatisfying(AcsFileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
    assertThat(dir.toFile().list()).isEmpty();
  }

  @Test
  void an_export_whose_progress_callback_fails_cancels_the_server_stream() {
    serveInChunks(TestSnapshots.snapshot(100, 500), 1_000);

    assertThatThrownBy(
            () ->
                client.parties().exportPartyAcs(
                    new PartyAcsExport(ALICE, SYNC, "participant2::1220ef", 7, Optional.empty()),
                    dir.resolve("alice.gz"),
                    bytes -> {
                      throw new IllegalStateException("activity cancelled");
                    }))
        .hasMessage("activity cancelled");
    assertThat(node.exportCancelled).isTrue();
    assertThat(dir.toFile().list()).isEmpty();
  }

  @Test
  void import_on_35_sends_the_whole_file_with_options_only_in_the_first_message() throws Exception {
    byte[] snapshot = TestSnapshots.snapshot(200, 300);
    Path file = Files.write(dir.resolve("alice.gz"), snapshot);
    var progress = new ArrayList<Long>();

    var imported =
        client.parties().importPartyAcs(
            PartyAcsImport.of(SYNC, ALICE), file, TestSnapshots.sha256(snapshot), progress::add);

    assertThat(imported.contracts()).isEqualTo(200);
    assertThat(node.importEnd).isEqualTo("completed");
    var messages = node.importMessages.stream().map(ImportPartyAcsRequest.class::cast).toList();
    assertThat(messages).hasSizeGreaterThan(1);
    var first = messages.get(0);
    assertThat(first.getSynchronizerId()).isEqualTo(SYNC);
    assertThat(first.getPartyId()).isEqualTo(ALICE);
    assertThat(first.getContractImportMode()).isEqualTo(ContractImportMode.CONTRACT_IMPORT_MODE_VALIDATION);
    assertThat(first.hasWorkflowIdPrefix()).isFalse();
    assertThat(messages.subList(1, messages.size()))
        .allSatisfy(m -> {
          assertThat(m.hasSynchronizerId()).isFalse();
          assertThat(m.hasContractImportMode()).isFalse();
          assertThat(m.hasPartyId()).isFalse();
        });
    var received = new ByteArrayOutputStream();
    for (var m : messages) {
      m.getAcsSnapshot().writeTo(received);
    }
    assertThat(received.toByteArray()).isEqualTo(snapshot);
    assertThat(progress).last().isEqualTo((long) snapshot.length);
  }

  @Test
  void a_transient_failure_reading_the_version_before_an_import_is_read_again_and_the_import_goes_through() throws Exception {
    byte[] snapshot = TestSnapshots.snapshot(20, 300);
    Path file = Files.write(dir.resolve("alice.gz"), snapshot);
    node.failNext(ParticipantStatusServiceGrpc.getParticipantStatusMethod().getFullMethodName(),
        io.grpc.Status.UNAVAILABLE.withDescription("status blip"));

    var imported = client.parties().importPartyAcs(
        PartyAcsImport.of(SYNC, ALICE), file, TestSnapshots.sha256(snapshot), bytes -> {});

    assertThat(imported.contracts()).isEqualTo(20);
    assertThat(node.importEnd).isEqualTo("completed");
  }

  @Test
  void a_refused_version_read_fails_the_import_before_any_byte_is_sent() throws Exception {
    byte[] snapshot = TestSnapshots.snapshot(20, 300);
    Path file = Files.write(dir.resolve("alice.gz"), snapshot);
    node.failNext(ParticipantStatusServiceGrpc.getParticipantStatusMethod().getFullMethodName(),
        io.grpc.Status.PERMISSION_DENIED.withDescription("no admin rights"));

    Throwable thrown = catchThrowable(() -> client.parties().importPartyAcs(
        PartyAcsImport.of(SYNC, ALICE), file, TestSnapshots.sha256(snapshot), bytes -> {}));

    assertThat(thrown).isInstanceOf(CantonCallException.class).hasMessageContaining("PERMISSION_DENIED");
    assertThat(node.importMessages).isEmpty();
  }

  @Test
  void import_on_34_uses_the_34_layout_on_the_same_method() throws Exception {
    node.version = "3.4.9";
    byte[] snapshot = TestSnapshots.snapshot(20, 300);
    Path file = Files.write(dir.resolve("alice.gz"), snapshot);

    client.parties().importPartyAcs(
        new PartyAcsImport(SYNC, Optional.of(ALICE), ImportMode.ACCEPT, Optional.of("replicate-alice")),
        file,
        TestSnapshots.sha256(snapshot),
        TransferProgress.NONE);

    assertThat(node.importEnd).isEqualTo("completed");
    var first = node.importMessagesV34.get(0);
    assertThat(first.getWorkflowIdPrefix()).isEqualTo("replicate-alice");
    assertThat(first.getContractImportMode()).isEqualTo(ContractImportMode.CONTRACT_IMPORT_MODE_ACCEPT);
    assertThat(first.getUnknownFields().asMap()).isEmpty();
    var received = new ByteArrayOutputStream();
    for (var m : node.importMessagesV34) {
      m.getAcsSnapshot().writeTo(received);
    }
    assertThat(received.toByteArray()).isEqualTo(snapshot);
  }

  @Test
  void import_refuses_a_truncated_file_before_any_byte_is_sent() throws Exception {
    byte[] snapshot = TestSnapshots.snapshot(50, 300);
    Path file = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(snapshot, snapshot.length - 30));

    assertThatThrownBy(() -> importFile(file, TestSnapshots.sha256(snapshot)))
        .isInstanceOfSatisfying(AcsFileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
    assertThat(node.importCalls).isZero();
  }

  @Test
  void import_refuses_a_corrupt_file_before_any_byte_is_sent() throws Exception {
    Path file = Files.write(dir.resolve("v29.gz"), TestSnapshots.gzip(TestSnapshots.records(5, 10, 29)));

    assertThatThrownBy(() -> importFile(file, TestSnapshots.sha256(Files.readAllBytes(file))))
        .isInstanceOfSatisfying(AcsFileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_RECORD));
    assertThat(node.importCalls).isZero();
  }

  @Test
  void import_refuses_a_file_with_another_checksum_before_any_byte_is_sent() throws Exception {
    Path file = Files.write(dir.resolve("other.gz"), TestSnapshots.snapshot(5, 10));

    assertThatThrownBy(() -> importFile(file, "ab".repeat(32)))
        .isInstanceOfSatisfying(
            AcsFileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CHECKSUM_MISMATCH));
    assertThat(node.importCalls).isZero();
  }

  @Test
  void import_is_cancelled_not_completed_when_the_progress_callback_fails() throws Exception {
    byte[] snapshot = TestSnapshots.snapshot(200, 300);
    Path file = Files.write(dir.resolve("alice.gz"), snapshot);
    var calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                client.parties().importPartyAcs(
                    PartyAcsImport.of(SYNC, ALICE),
                    file,
                    TestSnapshots.sha256(snapshot),
                    bytes -> {
                      if (calls.incrementAndGet() == 3) {
                        throw new IllegalStateException("heartbeat failed: activity cancelled");
                      }
                    }))
        .hasMessageContaining("activity cancelled");

    assertThat(node.awaitImportEnd()).isTrue();
    assertThat(node.importEnd).isEqualTo("error:CANCELLED");
    assertThat(node.importMessages).hasSize(3);
  }

  @Test
  void import_is_cancelled_not_completed_when_the_file_read_fails() throws Exception {
    byte[] snapshot = TestSnapshots.snapshot(200, 300);
    Path file = Files.write(dir.resolve("alice.gz"), snapshot);

    // After verification the file is cut short under the uploader's feet: the bytes it then
    // reads no longer match the checksum, which must cancel the call, not finish it.
    assertThatThrownBy(
            () ->
                client.parties().importPartyAcs(
                    PartyAcsImport.of(SYNC, ALICE),
                    file,
                    TestSnapshots.sha256(snapshot),
                    bytes -> {
                      try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
                        channel.truncate(snapshot.length / 2);
                      } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                      }
                    }))
        .isInstanceOfSatisfying(
            AcsFileException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CHECKSUM_MISMATCH));

    assertThat(node.awaitImportEnd()).isTrue();
    assertThat(node.importEnd).isEqualTo("error:CANCELLED");
  }

  @Test
  void an_import_the_node_rejects_midway_surfaces_its_error_and_stops_sending() throws Exception {
    byte[] snapshot = TestSnapshots.snapshot(200, 300);
    Path file = Files.write(dir.resolve("alice.gz"), snapshot);
    node.failNext(
        io.cantonrunbooks.cantonapi.admin.participant.v30.PartyManagementServiceGrpc.getImportPartyAcsMethod()
            .getFullMethodName(),
        Status.FAILED_PRECONDITION.withDescription(
            "IO_STREAM_PARTY_MANAGEMENT_ERROR(9,abc): There are still synchronizers connected."));

    assertThatThrownBy(() -> importFile(file, TestSnapshots.sha256(snapshot)))
        .isInstanceOfSatisfying(
            CantonCallException.class,
            e -> {
              assertThat(e.errorId()).contains("IO_STREAM_PARTY_MANAGEMENT_ERROR");
              assertThat(e.retryable()).isFalse();
            });
  }

  @Test
  void repair_import_sends_the_synchronizer_and_mode_in_the_first_message() throws Exception {
    byte[] snapshot = TestSnapshots.snapshot(10, 300);
    Path file = Files.write(dir.resolve("all.gz"), snapshot);

    client.repair().importAcs(SYNC, ImportMode.VALIDATION, Optional.empty(), file, TestSnapshots.sha256(snapshot), TransferProgress.NONE);

    assertThat(node.importEnd).isEqualTo("completed");
    var first = (ImportAcsRequest) node.importMessages.get(0);
    assertThat(first.getSynchronizerId()).isEqualTo(SYNC);
    assertThat(first.getContractImportMode()).isEqualTo(ContractImportMode.CONTRACT_IMPORT_MODE_VALIDATION);
  }

  @Test
  void repair_export_writes_the_file() throws Exception {
    byte[] snapshot = TestSnapshots.snapshot(10, 300);
    serveInChunks(snapshot, 777);

    var file =
        client.repair().exportAcs(List.of(ALICE), Optional.of(SYNC), 9, List.of(), dir.resolve("all.gz"), TransferProgress.NONE);

    assertThat(file.contracts()).isEqualTo(10);
    assertThat(file.sha256()).isEqualTo(TestSnapshots.sha256(snapshot));
  }

  private void serveInChunks(byte[] bytes, int chunk) {
    for (int at = 0; at < bytes.length; at += chunk) {
      node.exportChunks.add(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + chunk)));
    }
  }

  private void exportTo(Path target) {
    client.parties().exportPartyAcs(
        new PartyAcsExport(ALICE, SYNC, "participant2::1220ef", 7, Optional.empty()), target, TransferProgress.NONE);
  }

  private void importFile(Path file, String sha256) {
    client.parties().importPartyAcs(PartyAcsImport.of(SYNC, ALICE), file, sha256, TransferProgress.NONE);
  }
}
