package io.cantonrunbooks.worker;

import io.cantonrunbooks.activities.impl.BackupActivitiesImpl;
import io.cantonrunbooks.activities.impl.CommitmentsActivitiesImpl;
import io.cantonrunbooks.activities.impl.LedgerActivitiesImpl;
import io.cantonrunbooks.activities.impl.NodeClients;
import io.cantonrunbooks.activities.impl.PackagesActivitiesImpl;
import io.cantonrunbooks.activities.impl.PartiesActivitiesImpl;
import io.cantonrunbooks.activities.impl.PreflightActivitiesImpl;
import io.cantonrunbooks.activities.impl.PruningActivitiesImpl;
import io.cantonrunbooks.activities.impl.SynchronizersActivitiesImpl;
import io.cantonrunbooks.activities.impl.TopologyActivitiesImpl;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationImpl;
import io.cantonrunbooks.workflows.simplereplication.SimplePartyReplicationImpl;
import io.cantonrunbooks.workflows.runbook.ParticipantLockImpl;
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
        RunbookModule.of(
            "offline-party-replication",
            List.of(OfflinePartyReplicationImpl.class, ParticipantLockImpl.class),
            ctx -> List.of(
                ctx.shared(PreflightActivitiesImpl.class, () -> new PreflightActivitiesImpl(clients(ctx), ctx.config().approvers())),
                ctx.shared(PackagesActivitiesImpl.class, () -> new PackagesActivitiesImpl(clients(ctx))),
                ctx.shared(PruningActivitiesImpl.class, () -> new PruningActivitiesImpl(clients(ctx))),
                ctx.shared(TopologyActivitiesImpl.class, () -> new TopologyActivitiesImpl(clients(ctx))),
                ctx.shared(SynchronizersActivitiesImpl.class, () -> new SynchronizersActivitiesImpl(clients(ctx))),
                ctx.shared(LedgerActivitiesImpl.class, () -> new LedgerActivitiesImpl(clients(ctx))),
                ctx.shared(PartiesActivitiesImpl.class, () -> new PartiesActivitiesImpl(clients(ctx), ctx.config().acsRetention())),
                ctx.shared(CommitmentsActivitiesImpl.class, () -> new CommitmentsActivitiesImpl(clients(ctx)))),
            // Snapshot files and backups stay on the machine next to the node.
            (nodes, ctx) -> List.of(
                ctx.shared(PartiesActivitiesImpl.class, () -> new PartiesActivitiesImpl(clients(ctx), ctx.config().acsRetention())),
                ctx.shared(BackupActivitiesImpl.class, () -> new BackupActivitiesImpl(clients(ctx))))),
        RunbookModule.of(
            "simple-party-replication",
            List.of(SimplePartyReplicationImpl.class),
            ctx -> List.of(
                ctx.shared(PreflightActivitiesImpl.class, () -> new PreflightActivitiesImpl(clients(ctx), ctx.config().approvers())),
                ctx.shared(PackagesActivitiesImpl.class, () -> new PackagesActivitiesImpl(clients(ctx))),
                ctx.shared(TopologyActivitiesImpl.class, () -> new TopologyActivitiesImpl(clients(ctx))))));
  }

  /** The worker's one set of node connections, shared by every runbook. */
  static NodeClients clients(RunbookContext ctx) {
    return ctx.shared(NodeClients.class, () -> new NodeClients(ctx.nodes(), ctx.config().acsDirectory()));
  }
}
