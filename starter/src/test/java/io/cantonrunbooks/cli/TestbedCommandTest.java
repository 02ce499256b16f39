package io.cantonrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cantonrunbooks.cantonapi.ledger.v2.GetLedgerEndRequest;
import io.cantonrunbooks.cantonapi.ledger.v2.StateServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TestbedCommandTest {

  @Test
  void the_testbed_prints_its_endpoints_and_worker_config_and_stops_cleanly() throws Exception {
    var command = new TestbedCommand();
    var out = new StringWriter();
    var err = new StringWriter();
    CommandLine cli = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("--participants", "2"));

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!out.toString().contains("Testbed running") && System.nanoTime() < deadline && !exit.isDone()) {
      Thread.sleep(50);
    }
    command.stop();

    assertThat(exit.get(30, TimeUnit.SECONDS)).as("stdout:%n%s%nstderr:%n%s", out, err).isZero();
    assertThat(out.toString())
        .contains("participant1", "participant2", "admin-api", "ledger-api", "Worker configuration", "Testbed stopped")
        .doesNotContain("participant3");
  }

  @Test
  void with_a_token_file_every_ledger_api_requires_it_and_the_printed_config_reads_it(@TempDir Path dir) throws Exception {
    Path token = Files.writeString(dir.resolve("ledger.jwt"), "rehearsal-token\n");
    var command = new TestbedCommand();
    var out = new StringWriter();
    CommandLine cli = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(new StringWriter(), true));
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
        () -> cli.execute("--participants", "1", "--timings", "fast", "--ledger-api-token-file", token.toString()));
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!out.toString().contains("Testbed running") && System.nanoTime() < deadline && !exit.isDone()) {
        Thread.sleep(50);
      }
      assertThat(out.toString()).contains("nodes.participant1.token.file = \"" + token.toAbsolutePath() + "\"");
      Matcher ledgerApi = Pattern.compile("ledger-api (127\\.0\\.0\\.1:\\d+)").matcher(out.toString());
      assertThat(ledgerApi.find()).as(out.toString()).isTrue();
      ManagedChannel channel = NettyChannelBuilder.forTarget(ledgerApi.group(1)).usePlaintext().build();
      try {
        var anonymous = StateServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        var refused = catchThrowableOfType(() -> anonymous.getLedgerEnd(GetLedgerEndRequest.getDefaultInstance()),
            StatusRuntimeException.class);
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        Metadata bearer = new Metadata();
        bearer.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer rehearsal-token");
        assertThat(anonymous.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer))
            .getLedgerEnd(GetLedgerEndRequest.getDefaultInstance()).getOffset()).isNotNegative();
      } finally {
        channel.shutdownNow();
      }
    } finally {
      command.stop();
    }
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void a_missing_token_file_is_a_usage_error_naming_the_option(@TempDir Path dir) {
    var err = new StringWriter();
    assertThat(RunbookCli.commandLine().setErr(new PrintWriter(err))
        .execute("testbed", "--ledger-api-token-file", dir.resolve("absent.jwt").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--ledger-api-token-file", "absent.jwt");
  }

  @Test
  void an_unknown_timings_choice_is_a_usage_error() {
    var err = new StringWriter();
    assertThat(RunbookCli.commandLine().setErr(new PrintWriter(err)).execute("testbed", "--timings", "slow"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--timings", "canton", "fast");
  }

  @Test
  void zero_participants_is_a_usage_error() {
    assertThat(RunbookCli.commandLine().setErr(new PrintWriter(new StringWriter())).execute("testbed", "--participants", "0"))
        .isEqualTo(2);
  }
}
