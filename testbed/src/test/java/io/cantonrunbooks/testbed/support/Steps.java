package io.cantonrunbooks.testbed.support;

import io.cantonrunbooks.testbed.TestbedNetwork;
import io.cantonrunbooks.testbed.engine.Alarm;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** Runs named phases of a procedure; a failure names the phase and prints the testbed's alarms. */
public final class Steps {
  private final TestbedNetwork net;

  public Steps(TestbedNetwork net) {
    this.net = net;
  }

  /** A phase body that may throw. */
  @FunctionalInterface
  public interface Body {
    void run() throws Exception;
  }

  public void step(String phase, Body body) {
    step(
        phase,
        () -> {
          body.run();
          return null;
        });
  }

  public <T> T step(String phase, Callable<T> body) {
    try {
      return body.call();
    } catch (Throwable t) {
      String alarms =
          net.alarms().isEmpty()
              ? "  (none)"
              : net.alarms().stream().map(Alarm::toString).map(s -> "  " + s).collect(Collectors.joining("\n"));
      throw new AssertionError("phase '" + phase + "' failed: " + t + "\nTestbed alarms:\n" + alarms, t);
    }
  }
}
