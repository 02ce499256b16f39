package io.cantonrunbooks.activities.canton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CantonVersionTest {

  @Test
  void release_and_snapshot_strings_parse_and_compare_numerically() {
    assertThat(CantonVersion.parse("3.4.10").isAtLeast(3, 4, 9)).isTrue();
    assertThat(CantonVersion.parse("3.4.8").isAtLeast(3, 4, 9)).isFalse();
    assertThat(CantonVersion.parse("3.5.10-SNAPSHOT").isAtLeast(3, 5, 0)).isTrue();
    assertThat(CantonVersion.parse("3.6").patch()).isZero();
  }

  @Test
  void an_empty_version_is_refused() {
    assertThatThrownBy(() -> CantonVersion.parse("")).isInstanceOf(IllegalArgumentException.class);
  }
}
