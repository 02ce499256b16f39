package io.cantonrunbooks.testbed.engine;

import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledFuture;

/**
 * Keeps creating and archiving contracts for one party while a runbook runs, so a procedure is tested
 * against contracts created and archived during the export (the operator's "contract D").
 *
 * <p>Each step submits on a host that may submit for the party right now; when there is none (the only
 * host is down or disconnected) the step is counted as skipped, as a real application would retry.
 */
public final class TrafficGenerator {
  private final SimulatedNetwork net;
  private final String party;
  private final String counterparty;
  private final Random random;
  ScheduledFuture<?> future;
  private long created;
  private long archived;
  private long skipped;
  private long rejected;
  private long sequence;

  /** Counters of one generator. */
  public record Stats(String party, long created, long archived, long skipped, long rejected) {}

  TrafficGenerator(SimulatedNetwork net, String party, String counterparty, Random random) {
    this.net = net;
    this.party = party;
    this.counterparty = counterparty == null || counterparty.isEmpty() ? null : counterparty;
    this.random = random;
  }

  Stats stats() {
    return new Stats(party, created, archived, skipped, rejected);
  }

  /** One create or archive (runs under the network lock). */
  void step() {
    Participant host = net.submittingHost(party);
    if (host == null) {
      skipped++;
      return;
    }
    List<Contract> mine =
        host.activeContracts(party).stream()
            .filter(c -> c.signatories().contains(party) && c.argument().startsWith("traffic"))
            .toList();
    try {
      if (mine.size() < 3 || random.nextDouble() < 0.6) {
        List<String> observers = counterparty == null || random.nextBoolean() ? List.of() : List.of(counterparty);
        net.createContract(host, party, observers, "traffic-" + (++sequence));
        created++;
      } else {
        Contract victim = mine.get(random.nextInt(mine.size()));
        SubmissionResult r = net.archiveContract(host, party, victim.contractId());
        if (r.approved()) {
          archived++;
        } else {
          rejected++;
        }
      }
    } catch (CantonError e) {
      rejected++;
    }
  }
}
