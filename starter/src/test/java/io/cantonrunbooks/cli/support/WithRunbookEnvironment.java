package io.cantonrunbooks.cli.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the CLI tests that run commands against a {@link RunbookEnvironment}: one Temporal server
 * and worker per test class, and the template's runbook ended after each test so the next one can
 * start it again. A subclass's own {@code @BeforeAll} runs after the environment is up.
 */
public abstract class WithRunbookEnvironment {

  protected static RunbookEnvironment env;

  @BeforeAll
  static void startTemporal() {
    env = RunbookEnvironment.start();
  }

  @AfterEach
  void endTheRunbook() {
    env.endIfRunning(RunbookEnvironment.TEMPLATE_ID);
  }

  @AfterAll
  static void stopTemporal() {
    env.close();
  }
}
