package io.cantonrunbooks.bench.soak;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The seeded fault soak: many offline party replications, each with traffic running and a fault
 * drawn from a seeded schedule (see {@link FaultSchedule}), through the production worker and
 * activities against the testbed. Prints one line per run and a table per fault kind; exits
 * non-zero when any run violated the property or raised an alarm.
 *
 * <pre>
 *   FaultSoak [RUNS [SEED]] [--lanes N] [--deadline SECONDS] [--calls]
 * </pre>
 *
 * <p>Lanes run side by side, each with its own network, Temporal server and worker; run {@code i}
 * always goes to lane {@code i mod N}, so the faults a seed names do not depend on the lanes.
 */
public final class FaultSoak {

  public static final int DEFAULT_RUNS = 200;
  public static final long DEFAULT_SEED = 7;

  /** How a soak is run. */
  public record Options(int runs, long seed, int lanes, Duration deadline, int runsPerNetwork) {
    public static Options defaults() {
      return new Options(DEFAULT_RUNS, DEFAULT_SEED, 2, Duration.ofMinutes(3), 50);
    }

    public Options withRuns(int runs, long seed) {
      return new Options(runs, seed, lanes, deadline, runsPerNetwork);
    }
  }

  private FaultSoak() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.defaults();
    List<String> positional = new ArrayList<>();
    boolean calls = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--lanes" -> options = new Options(options.runs(), options.seed(), Integer.parseInt(args[++i]),
            options.deadline(), options.runsPerNetwork());
        case "--deadline" -> options = new Options(options.runs(), options.seed(), options.lanes(),
            Duration.ofSeconds(Long.parseLong(args[++i])), options.runsPerNetwork());
        case "--calls" -> calls = true;
        case "-h", "--help" -> {
          System.out.println("usage: FaultSoak [RUNS [SEED]] [--lanes N] [--deadline SECONDS] [--calls]");
          return;
        }
        default -> positional.add(args[i]);
      }
    }
    int runs = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : options.runs();
    long seed = positional.size() > 1 ? Long.parseLong(positional.get(1)) : options.seed();
    options = options.withRuns(runs, seed);
    SoakReport report = run(options, System.out, calls);
    report.print(System.out);
    System.out.flush();
    System.exit(report.passed() ? 0 : 1);
  }

  /**
   * Runs a soak and returns its report; each run's line goes to {@code log} as it ends, with the
   * calls the two nodes served when {@code printCalls}.
   */
  public static SoakReport run(Options options, PrintStream log, boolean printCalls) throws Exception {
    List<RunPlan> plans = FaultSchedule.draw(options.seed(), options.runs(), SoakNetwork.NODES);
    log.printf("Fault soak: %d runs, seed %d, %d lane(s), deadline %s per run, %d cores%n",
        options.runs(), options.seed(), options.lanes(), options.deadline(), Runtime.getRuntime().availableProcessors());
    Path dir = Files.createTempDirectory("fault-soak");
    List<RunResult> results = Collections.synchronizedList(new ArrayList<>());
    long started = System.nanoTime();
    ExecutorService lanes = Executors.newFixedThreadPool(options.lanes());
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int lane = 0; lane < options.lanes(); lane++) {
        int id = lane;
        List<RunPlan> mine = plans.stream().filter(p -> (p.index() - 1) % options.lanes() == id).toList();
        running.add(lanes.submit(() -> {
          runLane(id, mine, options, dir.resolve("lane-" + id), results, log, printCalls);
          return null;
        }));
      }
      for (Future<?> lane : running) {
        lane.get();
      }
    } finally {
      lanes.shutdownNow();
      deleteRecursively(dir);
    }
    return new SoakReport(options.seed(), results, Duration.ofNanos(System.nanoTime() - started));
  }

  private static void runLane(int lane, List<RunPlan> plans, Options options, Path dir, List<RunResult> results,
      PrintStream log, boolean printCalls) throws Exception {
    SoakNetwork env = null;
    SoakRunner runner = null;
    int onThisNetwork = 0;
    int networks = 0;
    try {
      for (RunPlan plan : plans) {
        if (env == null || runner.tainted() || onThisNetwork >= options.runsPerNetwork()) {
          if (env != null) {
            env.close();
          }
          networks++;
          env = SoakNetwork.start(dir.resolve("network-" + networks), options.seed() * 31 + lane * 1000L + networks);
          runner = new SoakRunner(env, options.deadline());
          onThisNetwork = 0;
        }
        RunResult result = runner.run(plan);
        onThisNetwork++;
        results.add(result);
        synchronized (log) {
          log.println(result.line());
          if (printCalls) {
            result.calls().forEach((role, served) -> log.println("         " + role + " served " + served));
          }
          log.flush();
        }
      }
    } finally {
      if (env != null) {
        env.close();
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception ignored) {
      // A temporary directory left behind holds only testbed snapshots; the OS cleans it up.
    }
  }
}
