package io.cantonrunbooks.worker;

import java.util.List;

/**
 * The table of contents of the worker: every runbook it can run, one line each.
 *
 * <p>To add a runbook, add one {@link RunbookModule#of} line here, for example:
 *
 * <pre>{@code
 * RunbookModule.of("offline-party-replication", List.of(OfflinePartyReplicationImpl.class),
 *     ctx -> List.of(ctx.shared(PartiesActivitiesImpl.class, () -> new PartiesActivitiesImpl(ctx.nodes())))),
 * }</pre>
 *
 * <p>Operators turn one off with {@code disabled-runbooks = [offline-party-replication]}.
 */
public final class Runbooks {

  private Runbooks() {}

  /** Every runbook, in the order an operator meets them in the docs. */
  public static List<RunbookModule> all() {
    return List.of(
        // No runbook has landed yet; the first ones are being written on main.
        );
  }
}
