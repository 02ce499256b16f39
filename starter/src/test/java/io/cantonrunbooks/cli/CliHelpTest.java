package io.cantonrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cantonrunbooks.cli.support.CliRun;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CliHelpTest {

  @Test
  void the_top_level_help_lists_only_the_commands_that_work() {
    CliRun run = CliRun.of("--help");
    assertThat(run.exitCode()).isZero();
    assertThat(RunbookCli.commandLine().getSubcommands().keySet())
        .containsExactly(
            "demo", "template", "start", "status", "watch", "approve", "reject", "abort", "show-tx", "sign", "report",
            "verify-report", "list",
            "dev-server", "worker", "testbed", "config", "help");
    assertThat(run.out()).contains("demo", "start", "approve", "dev-server", "worker", "list", "config");
  }

  @ParameterizedTest(name = "runbook {0}: its line in the parent's list is a whole sentence")
  @MethodSource("commandPaths")
  void every_command_is_summed_up_by_a_whole_sentence(String path) {
    CommandLine command = RunbookCli.commandLine();
    for (String name : path.split(" ")) {
      command = command.getSubcommands().get(name);
    }
    // picocli lists a command under its parent by the first line of its description only.
    String[] description = command.getCommandSpec().usageMessage().description();
    assertThat(description).as("description of %s", path).isNotEmpty();
    assertThat(description[0]).as("first description line of %s", path).endsWith(".");
  }

  static Stream<String> commandPaths() {
    var paths = new ArrayList<String>();
    collect(RunbookCli.commandLine(), "", paths);
    return paths.stream();
  }

  private static void collect(CommandLine command, String prefix, List<String> paths) {
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              if (!name.equals("help")) {
                String path = (prefix + " " + name).trim();
                paths.add(path);
                collect(sub, path, paths);
              }
            });
  }

  @ParameterizedTest(name = "runbook {0} --help renders")
  @MethodSource("commandPaths")
  void every_command_renders_its_help(String path) {
    var args = new ArrayList<>(List.of(path.split(" ")));
    args.add("--help");
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out()).as("%s", run).startsWith("Usage: runbook " + path);
  }

  @Test
  void a_missing_command_is_a_usage_error() {
    CliRun run = CliRun.of();
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("Missing command");
  }

  @Test
  void an_unknown_option_is_a_usage_error() {
    assertThat(CliRun.of("list", "--bogus").exitCode()).isEqualTo(2);
  }

  @Test
  void the_version_names_the_project_and_temporal_versions() {
    CliRun run = CliRun.of("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).containsPattern("runbook \\d+\\.\\d+\\.\\d+").contains("Temporal Java SDK 1.38.0");
  }
}
