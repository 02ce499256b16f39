package io.cantonrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.cli.support.CliRun;
import io.cantonrunbooks.cli.support.RunbookEnvironment;
import io.cantonrunbooks.cli.support.WithRunbookEnvironment;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class WatchCommandTest extends WithRunbookEnvironment {

  @TempDir Path dir;

  @Test
  void watch_follows_a_runbook_to_success_and_exits_0() throws Exception {
    String id = env.startTemplate(dir);
    env.awaitGate(id, "before-target-isolation");
    CompletableFuture<CliRun> watch = CompletableFuture.supplyAsync(() -> env.cli("watch", id));
    Thread.sleep(1500); // long enough for watch to draw the waiting gate once
    env.approveAll(id, "bob");

    CliRun run = watch.get(60, TimeUnit.SECONDS);

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out()).as("%s", run)
        .contains("Waiting for approval at gate before-target-isolation", id + " ended: SUCCEEDED", "runbook report " + id);
  }

  @Test
  void watch_exits_1_when_the_runbook_is_aborted() throws Exception {
    String id = env.startTemplate(dir);
    env.awaitGate(id, "before-target-isolation");
    CompletableFuture<CliRun> watch = CompletableFuture.supplyAsync(() -> env.cli("watch", id));
    env.cli("abort", id, "--as", "bob");

    CliRun run = watch.get(60, TimeUnit.SECONDS);

    assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
    assertThat(run.out()).as("%s", run).contains(id + " ended: ABORTED");
  }

  @Test
  void watching_a_finished_runbook_prints_it_once_and_exits_at_once() {
    String id = env.startTemplate(dir);
    env.awaitGate(id, "before-target-isolation");
    env.cli("reject", id, "--gate", "before-target-isolation", "--as", "bob");
    env.awaitEnd(id);

    CliRun run = env.cli("watch", id);

    assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
    assertThat(run.out()).as("%s", run).contains("REJECTED", id + " ended: REJECTED");
  }
}
