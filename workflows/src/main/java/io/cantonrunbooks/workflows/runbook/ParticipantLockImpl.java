package io.cantonrunbooks.workflows.runbook;

import io.temporal.workflow.Workflow;

/** The lock's body: wait for the release. */
public final class ParticipantLockImpl implements ParticipantLock {

  private String holder;
  private boolean released;

  @Override
  public void hold(String holder) {
    this.holder = holder;
    Workflow.await(() -> released);
  }

  @Override
  public void release() {
    released = true;
  }

  @Override
  public String holder() {
    return holder;
  }
}
