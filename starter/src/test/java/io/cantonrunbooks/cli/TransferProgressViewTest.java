package io.cantonrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransferProgressViewTest {

  @Test
  void an_import_shows_a_bar_against_the_exported_size() {
    String line = TransferProgressView.render(List.of(
        new TransferProgressView.Transfer("Parties_ImportPartyAcs", 27L * 1024 * 1024 / 2, Optional.of(27L * 1024 * 1024), 1)));
    assertThat(line).isEqualTo("import  [###############...............]  50%  13.5 MB of 27.0 MB\n");
  }

  @Test
  void an_export_shows_the_bytes_so_far_and_a_retry_its_attempt() {
    String line = TransferProgressView.render(List.of(
        new TransferProgressView.Transfer("Parties_ExportPartyAcs", 2048, Optional.empty(), 2)));
    assertThat(line).isEqualTo("export  2.0 KB so far  (attempt 2)\n");
  }

  @Test
  void nothing_in_flight_prints_nothing() {
    assertThat(TransferProgressView.render(List.of())).isEmpty();
  }
}
