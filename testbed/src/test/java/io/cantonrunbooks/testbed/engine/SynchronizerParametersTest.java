package io.cantonrunbooks.testbed.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The clearance safe time follows the history of the decision timeout, not only its current value. */
class SynchronizerParametersTest {
  private static final Duration LONG = Duration.ofMillis(400);
  private static final Duration SHORT = Duration.ofMillis(50);
  private final SimulatedNetwork net = SimulatedNetwork.builder().participants(1).build(); // fast: 400 + 400 ms

  @AfterEach
  void close() {
    net.close();
  }

  @Test
  void without_a_change_the_safe_time_is_the_activation_plus_the_decision_timeout() {
    Instant e = Instant.now();
    assertThat(net.clearanceSafeTime(e)).isEqualTo(e.plus(LONG.multipliedBy(2)));
  }

  @Test
  void a_shorter_timeout_effective_before_the_activation_waits_out_the_one_it_replaced() {
    Instant changed = net.changeSynchronizerParameters(SHORT, SHORT);
    assertThat(changed).as("effective after the topology change delay").isAfter(Instant.now().minusSeconds(1));
    Instant e = changed.plusMillis(100);
    assertThat(net.clearanceSafeTime(e))
        .as("the old 800 ms from its end, not 100 ms from the activation")
        .isEqualTo(changed.plus(LONG.multipliedBy(2)));
    Instant muchLater = changed.plusSeconds(10);
    assertThat(net.clearanceSafeTime(muchLater)).isEqualTo(muchLater.plus(SHORT.multipliedBy(2)));
    assertThat(net.synchronizerParameters()).hasSize(2)
        .first().satisfies(v -> assertThat(v.validUntil()).isEqualTo(changed));
  }

  @Test
  void parameters_that_change_after_the_activation_do_not_move_its_safe_time() {
    Instant e = Instant.now().minusMillis(1);
    net.changeSynchronizerParameters(SHORT, SHORT);
    assertThat(net.clearanceSafeTime(e)).isEqualTo(e.plus(LONG.multipliedBy(2)));
  }

  @Test
  void a_longer_timeout_in_force_at_the_activation_is_the_one_that_counts() {
    Duration longer = Duration.ofSeconds(2);
    Instant changed = net.changeSynchronizerParameters(longer, longer);
    Instant e = changed.plusMillis(1);
    assertThat(net.clearanceSafeTime(e)).isEqualTo(e.plus(longer.multipliedBy(2)));
  }
}
