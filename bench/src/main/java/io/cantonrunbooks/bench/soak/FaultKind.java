package io.cantonrunbooks.bench.soak;

import io.grpc.Status;

/** What the soak injects into a run, one table row each, and how a run with it must end. */
enum FaultKind {
  NONE("none", null, Expect.COMPLETE),
  UNAVAILABLE("retryable UNAVAILABLE", Status.Code.UNAVAILABLE, Expect.COMPLETE),
  DEADLINE_EXCEEDED("retryable DEADLINE_EXCEEDED", Status.Code.DEADLINE_EXCEEDED, Expect.COMPLETE),
  RESOURCE_EXHAUSTED("retryable RESOURCE_EXHAUSTED", Status.Code.RESOURCE_EXHAUSTED, Expect.COMPLETE),
  ABORTED("retryable ABORTED", Status.Code.ABORTED, Expect.COMPLETE),
  INVALID_ARGUMENT("non-retryable INVALID_ARGUMENT", Status.Code.INVALID_ARGUMENT, Expect.FAIL),
  FAILED_PRECONDITION("non-retryable FAILED_PRECONDITION", Status.Code.FAILED_PRECONDITION, Expect.FAIL),
  PERMISSION_DENIED("non-retryable PERMISSION_DENIED", Status.Code.PERMISSION_DENIED, Expect.FAIL),
  NOT_FOUND("non-retryable NOT_FOUND", Status.Code.NOT_FOUND, Expect.FAIL),
  SLOW_CALL("slow call", null, Expect.COMPLETE),
  CRASH_MID_IMPORT("target crashes mid-import", null, Expect.COMPLETE),
  GATE_TIMEOUT("gate not approved in time", null, Expect.TIME_OUT);

  /** How a run with this fault must end. */
  enum Expect {
    /** Completed, and the correctness property holds. */
    COMPLETE,
    /** Failed cleanly: a failure type and message, compensations done or left in place with a reason. */
    FAIL,
    /** Failed cleanly with outcome TIMED_OUT and failure type GATE_TIMED_OUT. */
    TIME_OUT
  }

  final String label;
  /** The gRPC status the fault fails calls with, for the RPC-failure kinds. */
  final Status.Code code;
  final Expect expect;

  FaultKind(String label, Status.Code code, Expect expect) {
    this.label = label;
    this.code = code;
    this.expect = expect;
  }

  boolean failsCalls() {
    return code != null;
  }
}
