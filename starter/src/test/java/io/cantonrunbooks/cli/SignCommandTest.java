package io.cantonrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.cli.support.CliRun;
import io.cantonrunbooks.cli.support.ProcessHarness;
import io.cantonrunbooks.testbed.TestbedNetwork;
import io.cantonrunbooks.testbed.engine.ExternalKey;
import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.testbed.engine.Permission;
import io.cantonrunbooks.worker.RunbookWorker;
import io.cantonrunbooks.worker.Runbooks;
import io.cantonrunbooks.worker.config.RunbookConfigLoader;
import io.cantonrunbooks.workflows.runbook.Outcome;
import io.cantonrunbooks.workflows.runbook.RunbookStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runbook show-tx} and {@code runbook sign} against a real worker and the testbed: an owner
 * outside the nodes signs with a key file, a key that owns nothing is refused before anything is sent.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SignCommandTest {

  @TempDir Path dir;

  private static Path pem(Path file, ExternalKey key) throws Exception {
    String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.privateKey().getEncoded());
    Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
    return file;
  }

  @Test
  void an_owner_signs_with_a_key_file_and_the_party_is_hosted_on_the_target() throws Exception {
    int port = ProcessHarness.freePort();
    String address = "localhost:" + port;
    try (TestbedNetwork net = TestbedNetwork.builder().participants(2).build()) {
      // Real time: with time skipping the server would fire the 24 h signature timeout at once.
      var server = TestServer.createPortBoundServer(port, true);
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
      Path conf = dir.resolve("worker.conf");
      Files.writeString(conf, net.workerConfig(dir));
      var config = RunbookConfigLoader.load(Optional.of(conf), Map.of(), List.of());
      RunbookWorker worker = RunbookWorker.start(config, WorkflowClient.newInstance(stubs), Runbooks.all());
      try {
        ExternalKey owner = ExternalKey.generate();
        Participant p1 = net.participant("participant1");
        String carol = p1.allocatePartyOwnedBy("carol",
            net.engine().namespaces().registerRootKey(owner.rawPublicKey()), List.of(owner), Permission.SUBMISSION, false);
        String id = "simple-party-replication/" + carol;

        CliRun start = cli(address, "start", "simple-party-replication", "--input", template(address),
            "--set", "partyId=" + carol, "--set", "approvals.gates=[]", "--as", "alice");
        assertThat(start.exitCode()).as(start.toString()).isZero();
        CliRun shown = awaitShowTx(address, id);
        assertThat(shown.out()).contains("missing  " + owner.fingerprint()).contains("Next: runbook sign " + id);

        CliRun stranger = cli(address, "sign", id, "--key", pem(dir.resolve("stranger.pem"), ExternalKey.generate()).toString());
        assertThat(stranger.exitCode()).isEqualTo(2);
        assertThat(stranger.err()).contains("is not the key of any owner of " + carol);

        CliRun signed = cli(address, "sign", id, "--key", pem(dir.resolve("owner.pem"), owner).toString());
        assertThat(signed.exitCode()).as(signed.toString()).isZero();
        assertThat(signed.out()).contains("Signed for " + carol + " as " + owner.fingerprint()).contains("signed   " + owner.fingerprint());

        RunbookStatus report = WorkflowClient.newInstance(stubs).newUntypedWorkflowStub(id).getResult(RunbookStatus.class);
        assertThat(report.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(net.engine().currentMapping(carol).orElseThrow().host(net.participant("participant2").uid())).isPresent();
      } finally {
        worker.close();
        stubs.shutdownNow();
        server.close();
      }
    }
  }

  private String template(String address) throws Exception {
    CliRun template = CliRun.of("template", "simple-party-replication");
    Path file = dir.resolve("in.json");
    Files.writeString(file, template.out());
    return file.toString();
  }

  private static CliRun awaitShowTx(String address, String id) throws InterruptedException {
    CliRun shown = null;
    for (int i = 0; i < 100; i++) {
      shown = cli(address, "show-tx", id);
      if (shown.exitCode() == 0 && shown.out().contains(", waiting")) {
        return shown;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("show-tx never showed a waiting request: " + shown);
  }

  private static CliRun cli(String address, String... args) {
    return CliRun.of(Stream.concat(Stream.of(args), Stream.of("--address", address)).toArray(String[]::new));
  }
}
