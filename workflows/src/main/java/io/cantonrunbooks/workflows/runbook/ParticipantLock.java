package io.cantonrunbooks.workflows.runbook;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A lock on one participant, held by a runbook as a child workflow whose id names the
 * participant ({@code participant-lock/<node>}): Temporal refuses a second workflow with the same
 * id while one runs, which makes the lock exclusive across every runbook on the cluster.
 *
 * <p>Why: an ACS export leaves out every contract with another stakeholder hosted on the target,
 * onboarding or not, so two parties onboarded to one target at the same time lose their shared
 * contracts; and a second runbook reconnecting the target would break the first one's isolation.
 */
@WorkflowInterface
public interface ParticipantLock {

  /** Holds the lock until {@link #release} or until the holder closes (parent close policy). */
  @WorkflowMethod(name = "ParticipantLock")
  void hold(String holder);

  @SignalMethod(name = "release", description = "Release the participant lock.")
  void release();

  @QueryMethod(name = "holder", description = "The workflow id of the runbook holding the lock.")
  String holder();
}
