package io.cantonrunbooks.worker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.activities.SavedPruningSchedule;
import io.cantonrunbooks.activities.impl.NodeClients;
import io.cantonrunbooks.activities.impl.PruningActivitiesImpl;
import io.cantonrunbooks.testbed.engine.PruningSchedule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source's pruning schedule that the offline replication pauses comes back exactly as it was,
 * read, cleared and restored through the activities against the testbed.
 *
 * <p>Found by the fault soak: a participant schedule that prunes internally only came back as one
 * that prunes the Ledger API index too, because the generic schedule call does not carry the flag.
 */
class PruningScheduleRestoreTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "prune internally only: {0}")
  @ValueSource(booleans = {true, false})
  void a_paused_schedule_is_restored_exactly_as_it_was_read(boolean internallyOnly) throws Exception {
    try (TestbedFixture f = new TestbedFixture(1, dir);
        NodeClients clients = new NodeClients(f.config.nodes(), f.config.acsDirectory())) {
      var source = f.participant("participant1");
      var schedule = new PruningSchedule("0 0 4 * * ?", Duration.ofHours(1), Duration.ofDays(14), internallyOnly);
      source.setPruningSchedule(schedule);
      var pruning = new PruningActivitiesImpl(clients);

      SavedPruningSchedule saved = pruning.getSchedule("participant1");
      pruning.clearSchedule("participant1");
      assertThat(source.pruningSchedule()).isEmpty();
      pruning.ensureSchedule(saved);

      assertThat(saved.schedule().internallyOnly()).isEqualTo(internallyOnly);
      assertThat(source.pruningSchedule()).isEqualTo(Optional.of(schedule));
    }
  }

  @org.junit.jupiter.api.Test
  void a_saved_schedule_from_before_the_flag_was_read_restores_as_a_plain_schedule() throws Exception {
    try (TestbedFixture f = new TestbedFixture(1, dir);
        NodeClients clients = new NodeClients(f.config.nodes(), f.config.acsDirectory())) {
      new PruningActivitiesImpl(clients).ensureSchedule(new SavedPruningSchedule("participant1",
          new io.cantonrunbooks.activities.PruningSchedule("0 0 3 * * ?", Duration.ofHours(2), Duration.ofDays(30))));
      assertThat(f.participant("participant1").pruningSchedule())
          .contains(new PruningSchedule("0 0 3 * * ?", Duration.ofHours(2), Duration.ofDays(30), false));
    }
  }
}
