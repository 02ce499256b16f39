package io.cantonrunbooks.testbed;

import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.testbed.engine.Timings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone testbed: starts a network, allocates traffic parties, prints the endpoints and a
 * worker config snippet, and runs until stopped. The CLI's {@code runbook testbed} calls {@link
 * #start(Options)}; {@link #main(String[])} accepts {@code --participants N} and repeated {@code
 * --traffic PARTY=RATE}.
 */
public final class TestbedServer implements AutoCloseable {
  private final TestbedNetwork network;
  private final String startupText;

  /**
   * What to start: node count, traffic per party hint (transactions/second), timings, and the file
   * holding the token every Ledger API will require (none: no auth, as on a node without it).
   */
  public record Options(
      int participants, Map<String, Double> traffic, Timings timings, int protocolVersion, Optional<Path> ledgerApiTokenFile) {
    public Options {
      if (participants < 1) {
        throw new IllegalArgumentException("at least one participant is needed");
      }
      traffic = Map.copyOf(traffic);
    }

    /** Options without Ledger API auth. */
    public Options(int participants, Map<String, Double> traffic, Timings timings, int protocolVersion) {
      this(participants, traffic, timings, protocolVersion, Optional.empty());
    }

    /** Three participants, no traffic, Canton's default timings, PV35. */
    public static Options defaults() {
      return new Options(3, Map.of(), Timings.cantonDefaults(), 35);
    }
  }

  private TestbedServer(TestbedNetwork network, String startupText) {
    this.network = network;
    this.startupText = startupText;
  }

  /** Starts the network; traffic parties are allocated on participant1. */
  public static TestbedServer start(Options options) {
    TestbedNetwork.Builder builder =
        TestbedNetwork.builder()
            .participants(options.participants())
            .timings(options.timings())
            .protocolVersion(options.protocolVersion());
    options.ledgerApiTokenFile().ifPresent(builder::ledgerApiAdminToken);
    TestbedNetwork network = builder.build();
    StringBuilder text = new StringBuilder(network.describe());
    Participant first = network.engine().participants().get(0);
    for (Map.Entry<String, Double> t : options.traffic().entrySet()) {
      String party = first.allocateParty(t.getKey());
      network.engine().startTraffic(party, t.getValue(), null);
      text.append("\nTraffic: ").append(party).append(" at ").append(t.getValue()).append(" tx/s on ").append(first.name());
    }
    return new TestbedServer(network, text.append('\n').toString());
  }

  /** The text printed at startup: endpoints and the HOCON snippet. */
  public String startupText() {
    return startupText;
  }

  public TestbedNetwork network() {
    return network;
  }

  @Override
  public void close() {
    network.close();
  }

  /** Parses {@code --participants N --traffic PARTY=RATE … --ledger-api-token-file FILE}. */
  public static Options parse(String[] args) {
    int participants = 3;
    Map<String, Double> traffic = new LinkedHashMap<>();
    Optional<Path> tokenFile = Optional.empty();
    List<String> rest = new ArrayList<>(List.of(args));
    for (int i = 0; i < rest.size(); i++) {
      String a = rest.get(i);
      switch (a) {
        case "--participants" -> participants = Integer.parseInt(rest.get(++i));
        case "--traffic" -> {
          String[] kv = rest.get(++i).split("=", 2);
          if (kv.length != 2) {
            throw new IllegalArgumentException("--traffic expects PARTY=RATE, got " + rest.get(i));
          }
          traffic.put(kv[0], Double.parseDouble(kv[1]));
        }
        case "--ledger-api-token-file" -> tokenFile = Optional.of(Path.of(rest.get(++i)));
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    return new Options(participants, traffic, Timings.cantonDefaults(), 35, tokenFile);
  }

  /** Runs the testbed until the process is stopped. */
  public static void main(String[] args) throws InterruptedException {
    TestbedServer server = start(parse(args));
    System.out.println(server.startupText());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }));
    stopped.await();
  }
}
