package io.cantonrunbooks.cli;

import io.cantonrunbooks.activities.Permission;
import io.cantonrunbooks.testbed.TestbedNetwork;
import io.cantonrunbooks.testbed.engine.Contract;
import io.cantonrunbooks.worker.RunbookWorker;
import io.cantonrunbooks.worker.Runbooks;
import io.cantonrunbooks.worker.TemporalConnection;
import io.cantonrunbooks.worker.config.RunbookConfig;
import io.cantonrunbooks.worker.config.RunbookConfigLoader;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplication;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationGate;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationInput;
import io.cantonrunbooks.workflows.runbook.ApprovalPolicy;
import io.cantonrunbooks.workflows.runbook.GateDecision;
import io.cantonrunbooks.workflows.runbook.Outcome;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.cantonrunbooks.workflows.runbook.StepView;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runbook demo}: the whole product on one machine. Starts an embedded Temporal server, a
 * testbed network of three participants and a worker, gives a party contracts and keeps traffic
 * running for it, then runs the offline party replication with its three approval gates, approved
 * automatically (or asked at the terminal with {@code --interactive}). Prints each step as it
 * happens and the final report, and exits non-zero unless the runbook succeeded and the
 * correctness property holds: the target's contracts for the party equal the source's, none twice,
 * and no testbed alarm fired.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the offline party replication end to end on one machine.",
      "Embedded Temporal, a simulated",
      "Canton network with traffic running, a worker, approvals given automatically.",
      "Exits 0 when the runbook succeeded and the target holds exactly the source's contracts."
    })
final class DemoCommand implements Callable<Integer> {

  private static final String SOURCE = "participant1";
  private static final String TARGET = "participant2";
  private static final String APPROVER = "demo-approver";

  @Spec CommandSpec spec;

  @Option(names = "--interactive", description = "Ask at each gate instead of approving automatically.")
  boolean interactive;

  @Option(names = "--contracts", description = "Contracts the party holds before the replication (default: ${DEFAULT-VALUE}).")
  int contracts = 5;

  @Option(names = "--traffic", description = "Contracts created and archived per second for the party while the runbook runs (default: ${DEFAULT-VALUE}).")
  double traffic = 10;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("runbook-demo");
    // The nodes' Ledger APIs require a token, as production ones do; the temporary directory is owner-only.
    Path token = Files.writeString(dir.resolve("ledger-api.jwt"), "demo-" + UUID.randomUUID());
    try (TestbedNetwork net = TestbedNetwork.builder().participants(3).ledgerApiAdminToken(token).build()) {
      RunbookConfig config = demoConfig(net, dir);
      try (TemporalConnection temporal = TemporalConnection.open(config.temporal());
          RunbookWorker worker = RunbookWorker.start(config, temporal.client(), Runbooks.all())) {
        out.println("Started an embedded Temporal server, a worker, and a testbed network:");
        out.println(indent(net.describe()));
        String alice = net.participant(SOURCE).allocateParty("alice");
        String bob = net.participant("participant3").allocateParty("bob");
        List<String> before = new ArrayList<>();
        for (int i = 1; i <= contracts; i++) {
          Contract c = net.engine().createContract(net.participant(SOURCE), alice, List.of(bob), "demo-" + i);
          before.add(c.contractId());
        }
        net.engine().startTraffic(alice, traffic, bob);
        out.printf("Party %s holds %d contracts on %s; traffic runs at %.0f contracts/s.%n%n", alice, contracts, SOURCE, traffic);
        out.flush();

        OfflinePartyReplicationInput input = new OfflinePartyReplicationInput(
            alice, net.engine().synchronizerAlias(), SOURCE, TARGET, Permission.SUBMISSION,
            new ApprovalPolicy(null, List.of(APPROVER), 1, false, "demo-operator", null, Duration.ofMinutes(30)),
            Duration.ofMinutes(5), 3, Duration.ofMinutes(5), false, null);
        RunbookStatus report = run(temporal.client(), config, input, out);
        net.engine().stopTraffic(alice);

        out.println();
        out.println(summary(report));
        boolean holds = report.outcome() == Outcome.SUCCEEDED && correctnessHolds(net, alice, before, out);
        out.println(holds
            ? "Correctness property holds: " + TARGET + " has exactly " + SOURCE + "'s contracts for the party, none twice, no alarm."
            : "FAILED: see above.");
        out.flush();
        return holds ? 0 : 1;
      }
    } finally {
      deleteRecursively(dir);
    }
  }

  private RunbookStatus run(WorkflowClient client, RunbookConfig config, OfflinePartyReplicationInput input, PrintWriter out)
      throws Exception {
    OfflinePartyReplication wf = client.newWorkflowStub(OfflinePartyReplication.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(input.workflowId())
            .setTaskQueue(config.worker().taskQueue())
            .setStaticSummary("Offline party replication of alice to " + TARGET + " (demo)")
            .build());
    WorkflowClient.start(wf::run, input);
    out.println("Started workflow " + input.workflowId());
    Map<String, String> printed = new HashMap<>();
    Set<String> decided = new HashSet<>();
    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    while (true) {
      RunbookStatus status = wf.status();
      for (StepView step : status.steps()) {
        String line = step.state() + " " + step.facts();
        if (!line.equals(printed.get(step.name())) && step.state().ordinal() > 0) {
          printed.put(step.name(), line);
          out.printf("  %2d. %-62s %s%s%n", step.number(), step.title(), step.state(),
              step.facts().isEmpty() ? "" : "  " + step.facts());
        }
      }
      if (status.waitingGate() != null && decided.add(status.waitingGate())) {
        decide(wf, status.waitingGate(), stdin, out);
      }
      out.flush();
      if (status.outcome() != Outcome.RUNNING) {
        break;
      }
      Thread.sleep(200);
    }
    try {
      return WorkflowStub.fromTyped(wf).getResult(30, TimeUnit.SECONDS, RunbookStatus.class);
    } catch (WorkflowFailedException e) {
      if (e.getCause() instanceof ApplicationFailure af) {
        return af.getDetails().get(RunbookStatus.class);
      }
      throw e;
    }
  }

  private void decide(OfflinePartyReplication wf, String gate, BufferedReader stdin, PrintWriter out) throws Exception {
    String prompt = java.util.Arrays.stream(OfflinePartyReplicationGate.values())
        .filter(g -> g.id().equals(gate)).findFirst().map(OfflinePartyReplicationGate::prompt).orElse("");
    out.println("  ⏸  gate " + gate + ": " + prompt);
    if (interactive) {
      out.print("     approve? [y/N] ");
      out.flush();
      String answer = stdin.readLine();
      if (answer == null || !answer.trim().toLowerCase().startsWith("y")) {
        wf.reject(new GateDecision(gate, APPROVER, "rejected at the demo prompt"));
        out.println("     rejected as " + APPROVER);
        return;
      }
    }
    wf.approve(new GateDecision(gate, APPROVER, interactive ? "approved at the demo prompt" : "approved automatically by the demo"));
    out.println("     approved as " + APPROVER);
  }

  private static boolean correctnessHolds(TestbedNetwork net, String party, List<String> before, PrintWriter out)
      throws InterruptedException {
    Set<String> onSource = Set.of();
    Set<String> onTarget = Set.of();
    for (int i = 0; i < 100; i++) {
      onSource = ids(net, SOURCE, party);
      onTarget = ids(net, TARGET, party);
      if (onSource.equals(onTarget)) {
        break;
      }
      Thread.sleep(50);
    }
    boolean ok = true;
    if (!onSource.equals(onTarget)) {
      out.println("The target's contracts differ from the source's: source " + onSource.size() + ", target " + onTarget.size());
      ok = false;
    }
    if (!onTarget.containsAll(before)) {
      out.println("The target lacks contracts the party held before the replication.");
      ok = false;
    }
    if (!net.alarms().isEmpty()) {
      out.println("Testbed alarms: " + net.alarms());
      ok = false;
    }
    out.printf("Source %s and target %s each hold %d contracts for the party.%n", SOURCE, TARGET, onTarget.size());
    return ok;
  }

  private static Set<String> ids(TestbedNetwork net, String node, String party) {
    List<String> ids = net.participant(node).activeContracts(party).stream().map(Contract::contractId).toList();
    Set<String> unique = new HashSet<>(ids);
    if (unique.size() != ids.size()) {
      throw new IllegalStateException(node + " holds a contract twice");
    }
    return unique;
  }

  private static String summary(RunbookStatus report) {
    var sb = new StringBuilder("Report: ").append(report.runbook()).append(" ").append(report.outcome());
    if (report.failureMessage() != null) {
      sb.append(" — ").append(report.failureType()).append(": ").append(report.failureMessage());
    }
    sb.append('\n');
    for (StepView step : report.steps()) {
      sb.append(String.format("  %2d. %-62s %s%n", step.number(), step.title(), step.state()));
    }
    report.gates().forEach(g -> g.approvals().forEach(a -> sb.append(String.format(
        "  gate %-27s %s by %s at %s%n", g.name(), a.decision(), a.approver(), a.at()))));
    report.compensations().forEach(c -> sb.append(String.format("  compensation: %s — %s%n", c.description(), c.state())));
    return sb.toString();
  }

  private static RunbookConfig demoConfig(TestbedNetwork net, Path dir) throws Exception {
    String hocon = "temporal.address = embedded\n" + net.workerConfig(dir);
    Path file = dir.resolve("demo.conf");
    Files.writeString(file, hocon);
    return RunbookConfigLoader.load(Optional.of(file), Map.of(), List.of());
  }

  private static String indent(String text) {
    return "  " + text.strip().replace("\n", "\n  ");
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception ignored) {
      // A temporary directory left behind holds no secret; the OS cleans it up.
    }
  }
}
