package io.cantonrunbooks.workflows.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.ActivityOptions;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every policy lets Temporal notice a lost worker within the heartbeat timeout. */
class ActivityPoliciesTest {

  @Test
  void every_policy_has_the_heartbeat_timeout_so_a_lost_worker_is_noticed_in_seconds() throws Exception {
    List<Field> policies = Arrays.stream(ActivityPolicies.class.getFields())
        .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == ActivityOptions.class)
        .toList();
    assertThat(policies).extracting(Field::getName)
        .contains("ADMIN_CALL", "TOPOLOGY_WAIT", "STREAM_TRANSFER", "SINGLE_ATTEMPT_TRANSFER");
    for (Field policy : policies) {
      ActivityOptions options = (ActivityOptions) policy.get(null);
      assertThat(options.getHeartbeatTimeout()).as(policy.getName()).isEqualTo(ActivityPolicies.HEARTBEAT_TIMEOUT);
      assertThat(ActivityPolicies.onNode(options, "q").getHeartbeatTimeout()).as(policy.getName() + " on a node")
          .isEqualTo(ActivityPolicies.HEARTBEAT_TIMEOUT);
    }
    assertThat(ActivityPolicies.HEARTBEAT_TIMEOUT).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(30));
  }
}
