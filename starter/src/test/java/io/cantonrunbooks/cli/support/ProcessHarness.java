package io.cantonrunbooks.cli.support;

import io.cantonrunbooks.cli.RunbookCli;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code runbook} command running as a separate OS process, started with this test's classpath,
 * with its output collected line by line so that tests can wait for a readiness line.
 *
 * <p>{@link #stop()} sends SIGTERM, as an operator's Ctrl-C or systemd would, and returns the exit
 * code; {@link #kill()} sends SIGKILL, as a machine that is lost would leave it: no shutdown hook
 * runs, nothing is flushed. {@link #close()} kills whatever is still running, so a failed test
 * leaves no process behind.
 */
public class ProcessHarness implements AutoCloseable {

  /** The JVM's exit code after a SIGTERM that its shutdown hooks handled: 128 + 15. */
  public static final int SIGTERM_EXIT = 143;

  /** The exit code of a process killed by SIGKILL: 128 + 9. */
  public static final int SIGKILL_EXIT = 137;

  private final String name;
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;

  protected ProcessHarness(String name, String... args) {
    this.name = name;
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Short-lived test JVMs on a small machine: start fast rather than optimise for hours.
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), RunbookCli.class.getName()));
    command.addAll(List.of(args));
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
    reader =
        new Thread(
            () -> {
              try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                  }
                }
              } catch (IOException e) {
                // The process ended; what was read is kept.
              }
            },
            name + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** A TCP port that was free a moment ago; good enough for a test on one machine. */
  public static int freePort() {
    try (var socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until a line containing {@code text} appears and returns it.
   *
   * @throws AssertionError with the output so far, when the process exits or time runs out first
   */
  public String awaitLine(String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      while (true) {
        Optional<String> found = lines.stream().filter(l -> l.contains(text)).findFirst();
        if (found.isPresent()) {
          return found.get();
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || (!process.isAlive() && !hasUnreadOutput())) {
          throw new AssertionError(
              name + " did not print \"" + text + "\" within " + timeout + (process.isAlive() ? "" : " (it exited " + process.exitValue() + ")") + ":\n" + output());
        }
        try {
          lines.wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 200));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
    }
  }

  private boolean hasUnreadOutput() {
    try {
      return process.getInputStream().available() > 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Everything the process printed so far, stdout and stderr interleaved. */
  public String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the process to end by itself (a CLI command); returns its exit code. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " did not end within " + timeout + ":\n" + output());
      }
      reader.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    return process.exitValue();
  }

  /** The OS process id; a worker's Temporal identity is {@code PID@HOSTNAME}. */
  public long pid() {
    return process.pid();
  }

  /**
   * Sends SIGKILL ({@link Process#destroyForcibly()} on Linux) and waits until the process is gone.
   *
   * @throws AssertionError unless it died of SIGKILL (exit code {@value #SIGKILL_EXIT}): a process that
   *     exited by itself, or through its shutdown hooks, was not killed the way a lost machine is
   */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError(name + " was still running 30 s after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    if (process.exitValue() != SIGKILL_EXIT) {
      throw new AssertionError(name + " exited " + process.exitValue() + ", not of SIGKILL (" + SIGKILL_EXIT + "):\n" + output());
    }
  }

  /** Sends SIGTERM and waits for the process to exit; returns its exit code. */
  public int stop(Duration timeout) {
    // Process.destroy() would also close our end of its stdout, losing what the shutdown hooks
    // print; the handle sends the same SIGTERM and leaves the pipe open.
    process.toHandle().destroy();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " did not stop within " + timeout + " of SIGTERM:\n" + output());
      }
      // The last lines may still be in the pipe when the process is gone: read them all.
      reader.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
