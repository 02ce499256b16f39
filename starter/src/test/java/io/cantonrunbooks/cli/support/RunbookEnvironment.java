package io.cantonrunbooks.cli.support;

import io.cantonrunbooks.workflows.testing.MockedNodes;
import io.cantonrunbooks.workflows.offlinereplication.OfflinePartyReplicationImpl;
import io.cantonrunbooks.workflows.runbook.Outcome;
import io.cantonrunbooks.workflows.runbook.ParticipantLockImpl;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Temporal test server on a free port (real time) with a worker that runs the real offline
 * party replication against {@link MockedNodes}, so CLI commands run in-process exactly as an
 * operator's would, over TCP, with {@code --address}.
 *
 * <p>The worker polls the default task queue {@code canton-runbooks}, where {@code runbook start}
 * puts runbooks when no configuration says otherwise.
 */
public final class RunbookEnvironment implements AutoCloseable {

  public static final String TASK_QUEUE = "canton-runbooks";

  private final TestServer.PortBoundTestServer server;
  private final String address;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final WorkerFactory factory;
  private final MockedNodes nodes = new MockedNodes();

  private RunbookEnvironment() {
    int port = ProcessHarness.freePort();
    server = TestServer.createPortBoundServer(port, true);
    address = "localhost:" + port;
    stubs =
        WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    client = WorkflowClient.newInstance(stubs);
    factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(OfflinePartyReplicationImpl.class, ParticipantLockImpl.class);
    nodes.registerOn(worker);
    factory.start();
  }

  /** The client this environment's worker uses, for reading what the CLI did. */
  public WorkflowClient client() {
    return client;
  }

  /** Starts a server and a worker. */
  public static RunbookEnvironment start() {
    return new RunbookEnvironment();
  }

  public String address() {
    return address;
  }

  public MockedNodes nodes() {
    return nodes;
  }

  /** Runs {@code runbook args… --address ADDRESS} in this JVM. */
  public CliRun cli(String... args) {
    return CliRun.of(Stream.concat(Arrays.stream(args), Stream.of("--address", address)).toArray(String[]::new));
  }

  /** The runbook's live status, straight from the query (not through the CLI under test). */
  public RunbookStatus status(String workflowId) {
    return client.newUntypedWorkflowStub(workflowId).query("status", RunbookStatus.class);
  }

  /** Waits until the runbook waits at {@code gate}; fails if it ends first. */
  public void awaitGate(String workflowId, String gate) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      RunbookStatus status = status(workflowId);
      if (gate.equals(status.waitingGate())) {
        return;
      }
      if (status.outcome() != Outcome.RUNNING) {
        throw new AssertionError("runbook ended (" + status.outcome() + ": " + status.failureMessage()
            + ") before gate " + gate);
      }
      sleep(50);
    }
    throw new AssertionError("gate " + gate + " never started waiting: " + status(workflowId));
  }

  /** Waits until the runbook has ended, and returns how (from the workflow's own result). */
  public void awaitEnd(String workflowId) {
    try {
      client.newUntypedWorkflowStub(workflowId).getResult(30, TimeUnit.SECONDS, RunbookStatus.class);
    } catch (Exception endedBadlyOrSlowly) {
      // The caller checks the outcome through the CLI; here only the waiting matters.
    }
  }

  /** The workflow id of the template's replication. */
  public static final String TEMPLATE_ID =
      "offline-party-replication/" + MockedNodes.PARTY + "/" + MockedNodes.TARGET;

  /** The gates of the template, in the order the runbook reaches them. */
  public static final java.util.List<String> GATES =
      java.util.List.of("before-target-isolation", "before-party-authorization", "before-acs-import");

  /** Starts the template's replication as alice, with extra {@code start} options; returns its id. */
  public String startTemplate(Path dir, String... extra) {
    String[] args = Stream.concat(
            Stream.of("start", "offline-party-replication", "--input", template(dir).toString(), "--as", "alice"),
            Arrays.stream(extra))
        .toArray(String[]::new);
    CliRun start = cli(args);
    if (start.exitCode() != 0) {
      throw new AssertionError(start.toString());
    }
    return TEMPLATE_ID;
  }

  /** Approves every gate as {@code approver} through the CLI, waiting for each. */
  public void approveAll(String workflowId, String approver) {
    for (String gate : GATES) {
      awaitGate(workflowId, gate);
      CliRun approve = cli("approve", workflowId, "--gate", gate, "--as", approver);
      if (approve.exitCode() != 0) {
        throw new AssertionError(approve.toString());
      }
    }
  }

  /** Aborts the runbook if it still runs and waits until it has ended, so the next test may start it again. */
  public void endIfRunning(String workflowId) {
    try {
      client.newUntypedWorkflowStub(workflowId).signal("abort", new io.cantonrunbooks.workflows.runbook.AbortRequest("test", "cleanup"));
    } catch (RuntimeException notRunning) {
      // Never started, or already ended: nothing to clean up.
    }
    awaitEnd(workflowId);
    // The SDK's test server does not apply the lock's parent-close policy (terminate): a runbook that
    // ended after taking the target's lock leaves it held, and the next test would wait for it.
    try {
      client.newUntypedWorkflowStub("participant-lock/" + MockedNodes.TARGET).terminate("test cleanup");
    } catch (RuntimeException notHeld) {
      // No lock left behind.
    }
  }

  /** Writes {@code runbook template offline-party-replication} to a file in {@code dir}. */
  public static Path template(Path dir) {
    CliRun template = CliRun.of("template", "offline-party-replication");
    if (template.exitCode() != 0) {
      throw new AssertionError(template.toString());
    }
    try {
      return Files.writeString(dir.resolve("in.json"), template.out());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    factory.shutdownNow();
    factory.awaitTermination(5, TimeUnit.SECONDS);
    stubs.shutdownNow();
    server.close();
  }
}
