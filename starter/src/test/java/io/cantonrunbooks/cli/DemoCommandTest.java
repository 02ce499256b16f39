package io.cantonrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

class DemoCommandTest {

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void demo_replicates_a_party_through_all_three_gates_and_checks_the_correctness_property() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new RunbookCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(new StringWriter(), true));

    int exit = cli.execute("demo", "--contracts", "3", "--traffic", "20");

    assertThat(exit).as(out.toString()).isZero();
    assertThat(out.toString())
        .contains("approved as demo-approver")
        .contains("gate before-target-isolation", "gate before-party-authorization", "gate before-acs-import")
        .contains("Report: offline-party-replication SUCCEEDED")
        .contains("Correctness property holds");
  }
}
