package io.cantonrunbooks.testbed.grpc;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.cantonrunbooks.testbed.engine.CantonError;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/** Turns engine failures into gRPC statuses shaped like Canton's. */
final class Errors {
  private Errors() {}

  /**
   * A status whose description is {@code ERROR_ID(category,correlation): cause} and whose rich details
   * carry {@code ErrorInfo{reason = ERROR_ID, metadata = category and the error's context}}, as
   * Canton sends them.
   */
  static StatusRuntimeException toStatus(CantonError e) {
    String description = e.errorId() + "(" + e.category() + "," + correlationId() + "): " + e.getMessage();
    ErrorInfo info =
        ErrorInfo.newBuilder()
            .setReason(e.errorId())
            .putAllMetadata(e.context())
            .putMetadata("category", Integer.toString(e.category()))
            .build();
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(e.code().value())
            .setMessage(description)
            .addDetails(Any.pack(info))
            .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  /** A fresh id for one failed request, as Canton puts in its error messages. */
  static String correlationId() {
    byte[] corr = new byte[4];
    ThreadLocalRandom.current().nextBytes(corr);
    return HexFormat.of().formatHex(corr);
  }

  /** Maps any failure of a handler to a status. */
  static StatusRuntimeException toStatus(Throwable t) {
    if (t instanceof StatusRuntimeException s) {
      return s;
    }
    if (t instanceof CantonError e) {
      return toStatus(e);
    }
    if (t instanceof IllegalArgumentException) {
      return Status.INVALID_ARGUMENT.withDescription(t.getMessage()).asRuntimeException();
    }
    return Status.INTERNAL.withDescription(String.valueOf(t)).withCause(t).asRuntimeException();
  }

  /** Runs a unary handler: one response or a Canton-shaped error. */
  static <T> void unary(StreamObserver<T> observer, Supplier<T> body) {
    T response;
    try {
      response = body.get();
    } catch (RuntimeException e) {
      observer.onError(toStatus(e));
      return;
    }
    observer.onNext(response);
    observer.onCompleted();
  }

  static CantonError invalid(String errorId, String cause) {
    return new CantonError(errorId, 8, cause);
  }
}
