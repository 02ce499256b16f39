package io.cantonrunbooks.testbed.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** Assertions on Canton-shaped gRPC errors. */
public final class CantonAssertions {
  private CantonAssertions() {}

  /** A call that must fail; returns the status for further checks. */
  @FunctionalInterface
  public interface Call {
    void run() throws Exception;
  }

  /** Asserts that {@code call} fails with the Canton error id and gRPC code; returns the description. */
  public static String assertCantonError(Call call, String errorId, Status.Code code) {
    Throwable t = catchThrowable(call::run);
    assertThat(t).as("expected %s", errorId).isInstanceOf(StatusRuntimeException.class);
    StatusRuntimeException e = (StatusRuntimeException) t;
    assertThat(e.getStatus().getCode()).isEqualTo(code);
    assertThat(e.getStatus().getDescription()).startsWith(errorId + "(");
    com.google.rpc.Status rich = StatusProto.fromThrowable(e);
    assertThat(rich).isNotNull();
    assertThat(rich.getDetailsList())
        .anySatisfy(
            d -> {
              try {
                assertThat(d.unpack(ErrorInfo.class).getReason()).isEqualTo(errorId);
              } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
                throw new AssertionError(ex);
              }
            });
    return e.getStatus().getDescription();
  }
}
