package io.cantonrunbooks.testbed.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What an ACS import accepts, skips and refuses, contract by contract. */
class ImportRulesTest {
  // participant2 starts without the demo package: the import rules about packages apply to it.
  private final SimulatedNetwork net =
      SimulatedNetwork.builder().participants(2).demoPackageOn(n -> !n.equals("participant2")).build();
  private final Participant p2 = net.participant("participant2");
  private final String sync = net.synchronizerId();

  @AfterEach
  void close() {
    net.close();
  }

  private Contract contract(String id, String argument) {
    return new Contract("00" + id.repeat(32), net.demoTemplate(), SimulatedNetwork.DEMO_PACKAGE_NAME,
        List.of("alice::1220" + "ab".repeat(32)), List.of(), Instant.parse("2025-01-01T00:00:00Z"), argument);
  }

  private Participant.ImportSession session() {
    return p2.beginImport(new ImportOptions(
        false, sync, ImportOptions.Mode.VALIDATION, null, null, Map.of(), Map.of(), Map.of(), Set.of()));
  }

  private int importAll(ImportRecord... records) {
    Participant.ImportSession s = session();
    for (ImportRecord r : records) {
      s.add(r);
    }
    return s.commit();
  }

  private static String failure(Runnable importing) {
    Throwable t = catchThrowable(importing::run);
    assertThat(t).isInstanceOf(CantonError.class);
    assertThat(((CantonError) t).errorId()).isEqualTo("IMPORT_ACS_ERROR");
    return t.getMessage();
  }

  @Test
  void a_package_must_be_uploaded_but_need_not_be_vetted() {
    p2.disconnectAll();
    assertThat(failure(() -> importAll(new ImportRecord(contract("a1", "x"), sync, 0, ""))))
        .contains("Could not select a representative package-id");
    p2.uploadDar(net.demoDar(), "demo", false, null);
    assertThat(p2.vettedPackages()).isEmpty();
    assertThat(importAll(new ImportRecord(contract("a1", "x"), sync, 0, ""))).isEqualTo(1);
  }

  @Test
  void an_identical_active_contract_is_skipped_and_the_commit_marker_still_takes_an_offset() {
    p2.uploadDar(net.demoDar(), "demo", false, null);
    p2.disconnectAll();
    importAll(new ImportRecord(contract("b1", "x"), sync, 0, ""));
    long end = p2.ledgerEnd();
    Participant.ImportSession again = session();
    again.add(new ImportRecord(contract("b1", "x"), sync, 0, ""));
    assertThat(again.skippedCount()).isEqualTo(1);
    assertThat(again.commit()).isZero();
    assertThat(p2.ledgerEnd()).isEqualTo(end + 1);
    assertThat(p2.updates().get(p2.updates().size() - 1)).isInstanceOf(LedgerUpdate.CommitMarker.class);

    assertThat(failure(() -> importAll(new ImportRecord(contract("b1", "changed"), sync, 0, ""))))
        .contains("does not match");
  }

  @Test
  void a_reassigned_contract_is_refused_and_a_record_of_another_synchronizer_is_dropped() {
    p2.uploadDar(net.demoDar(), "demo", false, null);
    p2.disconnectAll();
    assertThat(failure(() -> importAll(new ImportRecord(contract("c1", "x"), sync, 1, ""))))
        .contains("reassignment counter 1");
    assertThat(importAll(new ImportRecord(contract("c2", "x"), "other::1220" + "cd".repeat(32), 0, "")))
        .as("assigned elsewhere: dropped without a word").isZero();
  }
}
