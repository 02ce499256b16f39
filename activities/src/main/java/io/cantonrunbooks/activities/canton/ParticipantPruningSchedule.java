package io.cantonrunbooks.activities.canton;

import java.util.Objects;

/**
 * A participant's pruning schedule with its participant-only option.
 *
 * @param pruneInternallyOnly prune only Canton-internal stores, leaving the Ledger API index
 */
public record ParticipantPruningSchedule(PruningSchedule schedule, boolean pruneInternallyOnly) {

  public ParticipantPruningSchedule {
    Objects.requireNonNull(schedule, "schedule");
  }
}
