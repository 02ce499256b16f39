package io.cantonrunbooks.testbed.grpc;

import io.cantonrunbooks.cantonapi.testbed.v1.TestbedControlServiceGrpc;
import io.cantonrunbooks.testbed.engine.CantonError;
import io.cantonrunbooks.testbed.engine.Participant;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Applies a participant's injected faults, and makes a crashed node refuse every call except the
 * testbed's own control service (which is how a crashed node is restarted).
 */
final class FaultInterceptor implements ServerInterceptor {
  private final Participant participant;
  private final FaultPlan plan;

  FaultInterceptor(Participant participant, FaultPlan plan) {
    this.participant = participant;
    this.plan = plan;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    if (call.getMethodDescriptor().getServiceName().equals(TestbedControlServiceGrpc.SERVICE_NAME)) {
      return next.startCall(call, headers);
    }
    if (participant.isCrashed()) {
      call.close(Status.UNAVAILABLE.withDescription("participant " + participant.name() + " is down"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    plan.countServed(method);
    FaultPlan.Fault fault = plan.peek(method);
    if (fault != null && fault.delay() != null && !fault.delay().isZero()) {
      plan.countFired(method);
      try {
        Thread.sleep(fault.delay().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    FaultPlan.Fault failure = plan.takeFailure(method);
    if (failure != null) {
      Status.Code code = failure.code() == null ? Status.Code.UNAVAILABLE : failure.code();
      String message = failure.message() == null || failure.message().isEmpty() ? "injected fault" : failure.message();
      if (failure.errorId() != null && !failure.errorId().isEmpty()) {
        var status = Errors.toStatus(new CantonError(failure.errorId(), CantonError.categoryOf(code), message));
        call.close(status.getStatus(), status.getTrailers() == null ? new Metadata() : status.getTrailers());
      } else {
        call.close(Status.fromCode(code).withDescription(message), new Metadata());
      }
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }
}
