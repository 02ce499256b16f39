package io.cantonrunbooks.testbed.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cantonrunbooks.testbed.engine.CantonError;
import io.cantonrunbooks.testbed.engine.ImportOptions;
import io.cantonrunbooks.testbed.engine.ImportRecord;
import io.cantonrunbooks.testbed.engine.Participant;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/**
 * The server side of a client-streaming ACS import: options from the first message, then records as
 * the bytes arrive, committed only when the client completes the stream.
 *
 * <p>A client that cancels (onError) leaves nothing behind; a completed stream whose gzip data ends
 * early fails instead of importing a shorter ACS.
 */
final class ImportStream<Q, R> implements StreamObserver<Q> {
  private final Participant participant;
  private final FaultPlan faults;
  private final String methodName;
  private final Function<Q, ImportOptions> options;
  private final Function<Q, ByteString> bytes;
  private final StreamObserver<R> responses;
  private final R emptyResponse;
  private final boolean partyEndpoint;

  private Participant.ImportSession session;
  private final AcsSnapshotCodec.StreamingDecoder decoder = new AcsSnapshotCodec.StreamingDecoder();
  private boolean failed;
  private boolean sawMessage;
  private int records;

  ImportStream(
      Participant participant,
      FaultPlan faults,
      String methodName,
      boolean partyEndpoint,
      Function<Q, ImportOptions> options,
      Function<Q, ByteString> bytes,
      StreamObserver<R> responses,
      R emptyResponse) {
    this.participant = participant;
    this.faults = faults;
    this.methodName = methodName;
    this.partyEndpoint = partyEndpoint;
    this.options = options;
    this.bytes = bytes;
    this.responses = responses;
    this.emptyResponse = emptyResponse;
  }

  @Override
  public synchronized void onNext(Q message) {
    if (failed) {
      return;
    }
    try {
      if (!sawMessage) {
        sawMessage = true;
        session = participant.beginImport(options.apply(message));
      }
      List<byte[]> complete = decoder.feed(bytes.apply(message).toByteArray());
      for (byte[] record : complete) {
        ImportRecord decoded;
        try {
          decoded = AcsSnapshotCodec.decodeRecord(record);
        } catch (InvalidProtocolBufferException e) {
          throw deserialization(e.getMessage());
        }
        session.add(decoded);
        records++;
        if (faults.takeCrash(methodName, records)) {
          participant.crash();
          fail(Status.UNAVAILABLE.withDescription("participant " + participant.name() + " crashed during the import").asRuntimeException());
          return;
        }
      }
      faults.afterChunk(methodName);
    } catch (IOException e) {
      fail(Errors.toStatus(ioError(e.getMessage())));
    } catch (RuntimeException e) {
      fail(Errors.toStatus(e));
    }
  }

  @Override
  public synchronized void onError(Throwable t) {
    // The client cancelled: the staged contracts are simply dropped.
    failed = true;
    session = null;
  }

  @Override
  public synchronized void onCompleted() {
    if (failed) {
      return;
    }
    try {
      if (!sawMessage) {
        responses.onNext(emptyResponse);
        responses.onCompleted();
        return;
      }
      decoder.finish();
      session.commit();
      responses.onNext(emptyResponse);
      responses.onCompleted();
    } catch (IOException e) {
      fail(Errors.toStatus(ioError(e.getMessage())));
    } catch (RuntimeException e) {
      fail(Errors.toStatus(e));
    }
  }

  private void fail(Throwable status) {
    failed = true;
    session = null;
    responses.onError(status);
  }

  private CantonError deserialization(String cause) {
    return partyEndpoint
        ? new CantonError("INVALID_ARGUMENT_PARTY_MANAGEMENT_ERROR", 8, "Invalid ACS snapshot record: " + cause)
        : new CantonError("PROTO_DESERIALIZATION_FAILURE", 8, "Invalid ACS snapshot record: " + cause);
  }

  private CantonError ioError(String cause) {
    return partyEndpoint
        ? new CantonError("IO_STREAM_PARTY_MANAGEMENT_ERROR", 9, cause)
        : new CantonError("IO_STREAM_REPAIR_ERROR", 9, cause);
  }
}
