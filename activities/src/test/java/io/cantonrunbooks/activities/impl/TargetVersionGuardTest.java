package io.cantonrunbooks.activities.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.activities.NodeFacts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Canton 3.4.0 to 3.4.8 can prune contracts that an offline import re-added (fixed in 3.4.9): the
 * preflight refuses such targets, and anything before 3.4.
 */
class TargetVersionGuardTest {

  @ParameterizedTest(name = "{0} refused: {1}")
  @CsvSource({
    "3.4.0, true", "3.4.8, true", "3.3.2, true", "2.10.1, true",
    "3.4.9, false", "3.4.12, false", "3.5.0, false", "3.5.10, false", "3.6.0-SNAPSHOT, false"
  })
  void targets_on_releases_that_can_prune_imported_contracts_are_refused(String version, boolean refused) {
    List<String> problems = new ArrayList<>();
    PreflightActivitiesImpl.refuseBuggyTargetVersion(
        new NodeFacts("participant2", "participant2::1220ab", version, "canton-runbooks", List.of()), problems);
    assertThat(problems.isEmpty()).as("%s", problems).isEqualTo(!refused);
    if (refused) {
      assertThat(problems.get(0)).contains("participant2").contains(version.split("-")[0]);
    }
  }
}
