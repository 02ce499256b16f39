package io.cantonrunbooks.activities.canton;

import com.google.protobuf.ByteString;
import io.cantonrunbooks.activities.acs.AcsFileException;
import io.cantonrunbooks.activities.acs.AcsFileException.Reason;
import io.cantonrunbooks.activities.acs.AcsSnapshotFile;
import io.cantonrunbooks.activities.acs.AcsSnapshotVerifier;
import io.cantonrunbooks.activities.acs.AcsSnapshotWriter;
import io.cantonrunbooks.activities.acs.TransferProgress;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Moves ACS snapshots between a node and a file, chunk by chunk.
 *
 * <p>Downloads go through {@link AcsSnapshotWriter} (0600 temp file, hash and count while
 * streaming, atomic rename). Uploads verify the whole file first, then send it under gRPC flow
 * control so memory holds about one chunk. A local failure during an upload cancels the call; it
 * never half-closes the stream, because the node would take a half-closed stream for a complete,
 * shorter ACS and import it.
 */
final class AcsTransfers {

  private final NodeCalls calls;

  AcsTransfers(NodeCalls calls) {
    this.calls = calls;
  }

  /**
   * Runs a server-streaming export into {@code target}.
   *
   * @param start starts the call (on a blocking stub) and returns its replies
   * @param chunkOf extracts the bytes of one reply
   */
  <R> AcsSnapshotFile download(
      String call,
      Path target,
      TransferProgress progress,
      Supplier<Iterator<R>> start,
      Function<R, ByteString> chunkOf) {
    // The export runs inside its own cancellable context so that a local failure (disk full,
    // activity cancelled) cancels the server's stream instead of leaving it running.
    Context.CancellableContext context = Context.current().withCancellation();
    Throwable failure = null;
    try (AcsSnapshotWriter writer = AcsSnapshotWriter.open(target)) {
      return context.call(
          () -> {
            Iterator<R> replies = start.get();
            while (replies.hasNext()) {
              writer.write(chunkOf.apply(replies.next()).toByteArray());
              progress.bytesDone(writer.bytes());
            }
            return writer.commit();
          });
    } catch (StatusRuntimeException e) {
      failure = e;
      throw CantonErrors.toCallException(calls.node, call, e);
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    } catch (Exception e) {
      failure = e;
      throw new IllegalStateException(e);
    } finally {
      context.cancel(failure);
    }
  }

  /**
   * Verifies {@code file} and streams it to a client-streaming import call.
   *
   * @param method the call's descriptor (lets a 3.4 layout use the same method path)
   * @param messageOf builds a request from a chunk; {@code true} for the first message, which
   *     carries the options
   */
  <Q, A> AcsSnapshotFile upload(
      String call,
      MethodDescriptor<Q, A> method,
      Path file,
      String expectedSha256,
      TransferProgress progress,
      BiFunction<ByteString, Boolean, Q> messageOf) {
    AcsSnapshotFile verified = AcsSnapshotVerifier.verify(file, Optional.of(expectedSha256));

    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (IOException e) {
      throw new AcsFileException(Reason.IO, file, "cannot open the snapshot file", e);
    }
    var observer = new UploadObserver<Q, A>();
    ClientCallStreamObserver<Q> requests =
        (ClientCallStreamObserver<Q>)
            ClientCalls.asyncClientStreamingCall(
                calls.admin.newCall(method, calls.streamCallOptions()), observer);
    try (in) {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[calls.options.uploadChunkBytes()];
      long sent = 0;
      boolean first = true;
      int n;
      while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
        observer.awaitReady(requests);
        if (observer.done) {
          break;
        }
        sha256.update(buffer, 0, n);
        requests.onNext(messageOf.apply(ByteString.copyFrom(buffer, 0, n), first));
        first = false;
        sent += n;
        progress.bytesDone(sent);
      }
      if (observer.done && !observer.failed()) {
        throw new IllegalStateException(
            calls.node + ": " + call + " finished before the whole snapshot was sent");
      }
      if (!observer.done) {
        // The file must not have changed since it was verified: what was sent is what the
        // checksum vouches for, or the import must not complete.
        String sentSha = HexFormat.of().formatHex(sha256.digest());
        if (!sentSha.equalsIgnoreCase(expectedSha256) || sent != verified.bytes()) {
          throw new AcsFileException(
              Reason.CHECKSUM_MISMATCH, file, "the snapshot file changed while it was uploaded");
        }
        requests.onCompleted();
      }
    } catch (Throwable local) {
      cancel(requests, local);
      if (local instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        throw new CancellationException("the ACS upload was interrupted");
      }
      if (local instanceof RuntimeException r) {
        throw r;
      }
      if (local instanceof Error e) {
        throw e;
      }
      if (local instanceof IOException io) {
        throw new AcsFileException(Reason.IO, file, "cannot read the snapshot file", io);
      }
      throw new IllegalStateException(local);
    }
    try {
      observer.awaitDone();
    } catch (InterruptedException e) {
      cancel(requests, e);
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for the import to finish");
    }
    if (observer.error != null) {
      throw CantonErrors.toCallException(calls.node, call, observer.error);
    }
    return verified;
  }

  private static void cancel(ClientCallStreamObserver<?> requests, Throwable cause) {
    requests.onError(
        Status.CANCELLED
            .withDescription("ACS upload aborted by the client: " + cause)
            .withCause(cause)
            .asRuntimeException());
  }

  /** Tracks the server's side of an upload and wakes the sender when it may send more. */
  private static final class UploadObserver<Q, A> implements ClientResponseObserver<Q, A> {

    private final Object lock = new Object();
    volatile boolean done;
    volatile Throwable error;

    @Override
    public void beforeStart(ClientCallStreamObserver<Q> requests) {
      requests.setOnReadyHandler(this::wake);
    }

    @Override
    public void onNext(A reply) {}

    @Override
    public void onError(Throwable t) {
      error = t;
      done = true;
      wake();
    }

    @Override
    public void onCompleted() {
      done = true;
      wake();
    }

    boolean failed() {
      return error != null;
    }

    void awaitReady(ClientCallStreamObserver<Q> requests) throws InterruptedException {
      synchronized (lock) {
        while (!requests.isReady() && !done) {
          lock.wait(1000);
        }
      }
    }

    void awaitDone() throws InterruptedException {
      synchronized (lock) {
        while (!done) {
          lock.wait(1000);
        }
      }
    }

    private void wake() {
      synchronized (lock) {
        lock.notifyAll();
      }
    }
  }
}
