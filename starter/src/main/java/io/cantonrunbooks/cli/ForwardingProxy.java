package io.cantonrunbooks.cli;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.HandlerRegistry;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A gRPC handler registry that forwards every call, whatever its service and method, unchanged to
 * another channel: request and response messages as opaque bytes, headers and trailers, status,
 * deadline and cancellation. Installed as a server's fallback registry it makes that server a
 * transparent front for another one; {@code runbook dev-server} uses it to put TLS in front of
 * Temporal's plaintext test server.
 *
 * <p>Flow control is end to end: a message is asked of one side only once the other side can take
 * the previous one, so a slow reader slows the writer instead of filling memory. Every call on the
 * two halves of a forwarded call happens under one lock, because gRPC wants the methods of a call
 * object used by one thread at a time and the two halves are driven from different threads.
 */
final class ForwardingProxy extends HandlerRegistry {

  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private final Channel backend;

  ForwardingProxy(Channel backend) {
    this.backend = backend;
  }

  @Override
  public ServerMethodDefinition<?, ?> lookupMethod(String fullMethodName, String authority) {
    // UNKNOWN: the proxy does not know (or need to know) whether the method streams.
    MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNKNOWN)
        .setFullMethodName(fullMethodName)
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
    return ServerMethodDefinition.create(method, new Forward(method));
  }

  private final class Forward implements ServerCallHandler<byte[], byte[]> {
    private final MethodDescriptor<byte[], byte[]> method;

    Forward(MethodDescriptor<byte[], byte[]> method) {
      this.method = method;
    }

    @Override
    public ServerCall.Listener<byte[]> startCall(ServerCall<byte[], byte[]> inbound, Metadata headers) {
      ClientCall<byte[], byte[]> outbound =
          backend.newCall(method, CallOptions.DEFAULT.withDeadline(Context.current().getDeadline()));
      var call = new ForwardedCall(inbound, outbound);
      synchronized (call) {
        outbound.start(call.fromBackend(), headers);
        outbound.request(1);
        inbound.request(1);
      }
      return call.fromClient();
    }
  }

  /** The two halves of one call and which of them waits for the other to be ready. */
  private static final class ForwardedCall {
    private final ServerCall<byte[], byte[]> inbound;
    private final ClientCall<byte[], byte[]> outbound;
    private boolean clientWaitsForBackend;
    private boolean backendWaitsForClient;

    ForwardedCall(ServerCall<byte[], byte[]> inbound, ClientCall<byte[], byte[]> outbound) {
      this.inbound = inbound;
      this.outbound = outbound;
    }

    /** Client to backend. */
    ServerCall.Listener<byte[]> fromClient() {
      return new ServerCall.Listener<>() {
        @Override
        public void onMessage(byte[] message) {
          synchronized (ForwardedCall.this) {
            outbound.sendMessage(message);
            if (outbound.isReady()) {
              inbound.request(1);
            } else {
              clientWaitsForBackend = true;
            }
          }
        }

        @Override
        public void onHalfClose() {
          synchronized (ForwardedCall.this) {
            outbound.halfClose();
          }
        }

        @Override
        public void onCancel() {
          synchronized (ForwardedCall.this) {
            outbound.cancel("the client cancelled the call", null);
          }
        }

        @Override
        public void onReady() {
          synchronized (ForwardedCall.this) {
            if (backendWaitsForClient) {
              backendWaitsForClient = false;
              outbound.request(1);
            }
          }
        }
      };
    }

    /** Backend to client. */
    ClientCall.Listener<byte[]> fromBackend() {
      return new ClientCall.Listener<>() {
        @Override
        public void onHeaders(Metadata headers) {
          synchronized (ForwardedCall.this) {
            inbound.sendHeaders(headers);
          }
        }

        @Override
        public void onMessage(byte[] message) {
          synchronized (ForwardedCall.this) {
            inbound.sendMessage(message);
            if (inbound.isReady()) {
              outbound.request(1);
            } else {
              backendWaitsForClient = true;
            }
          }
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
          synchronized (ForwardedCall.this) {
            try {
              inbound.close(status, trailers);
            } catch (IllegalStateException alreadyClosed) {
              // The client went away first (cancelled); there is no one left to tell.
            }
          }
        }

        @Override
        public void onReady() {
          synchronized (ForwardedCall.this) {
            if (clientWaitsForBackend) {
              clientWaitsForBackend = false;
              inbound.request(1);
            }
          }
        }
      };
    }
  }
}
