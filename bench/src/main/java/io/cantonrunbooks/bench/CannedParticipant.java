package io.cantonrunbooks.bench;

import com.google.protobuf.ByteString;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ExportPartyAcsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ExportPartyAcsResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ImportPartyAcsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ImportPartyAcsResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantStatusRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantStatusResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantStatusServiceGrpc;
import io.cantonrunbooks.cantonapi.admin.participant.v30.PartyManagementServiceGrpc;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in participant that serves one ACS snapshot from memory over the Admin API, so that the
 * client can be measured against a source faster than the disk.
 *
 * <p>It implements only what an export and an import through {@code ParticipantClient} call:
 * {@code ExportPartyAcs} streams the pre-built chunks whatever the request asks, under gRPC flow
 * control; {@code ImportPartyAcs} reads and discards what it is sent, checking only the framing
 * (options in the first message, a gzip header, as many bytes as the snapshot has); and
 * {@code ParticipantStatus} returns a status captured from a real testbed node, so the client picks
 * the same request layout. No contract is decoded on either side: whatever time a transfer takes
 * here is the client's and gRPC's.
 */
final class CannedParticipant implements AutoCloseable {

  private static final int MAX_INBOUND = 16 * 1024 * 1024;

  private final Server server;

  private CannedParticipant(Server server) {
    this.server = server;
  }

  /**
   * Starts serving on a free loopback port.
   *
   * @param chunks the snapshot, in the chunks an export sends
   * @param status the reply to {@code ParticipantStatus}
   */
  static CannedParticipant start(List<ByteString> chunks, ParticipantStatusResponse status) throws IOException {
    long bytes = chunks.stream().mapToLong(ByteString::size).sum();
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .maxInboundMessageSize(MAX_INBOUND)
            .addService(new PartyManagement(List.copyOf(chunks), bytes))
            .addService(new ParticipantStatusServiceGrpc.ParticipantStatusServiceImplBase() {
              @Override
              public void participantStatus(
                  ParticipantStatusRequest request, StreamObserver<ParticipantStatusResponse> responses) {
                responses.onNext(status);
                responses.onCompleted();
              }
            })
            .build()
            .start();
    return new CannedParticipant(server);
  }

  /** {@code host:port} of the Admin API. */
  String endpoint() {
    return "127.0.0.1:" + server.getPort();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(10, TimeUnit.SECONDS);
  }

  private static final class PartyManagement extends PartyManagementServiceGrpc.PartyManagementServiceImplBase {
    private final List<ByteString> chunks;
    private final long bytes;

    PartyManagement(List<ByteString> chunks, long bytes) {
      this.chunks = chunks;
      this.bytes = bytes;
    }

    @Override
    public void exportPartyAcs(ExportPartyAcsRequest request, StreamObserver<ExportPartyAcsResponse> responses) {
      var call = (ServerCallStreamObserver<ExportPartyAcsResponse>) responses;
      // Sends while the transport takes more, resumes when it is ready again: memory holds what
      // flow control lets through, not the whole snapshot twice. Handler and callbacks run on the
      // call's serializing executor, one at a time.
      Runnable pump =
          new Runnable() {
            private int next;
            private boolean completed;

            @Override
            public void run() {
              while (next < chunks.size() && call.isReady() && !call.isCancelled()) {
                call.onNext(ExportPartyAcsResponse.newBuilder().setChunk(chunks.get(next++)).build());
              }
              if (next == chunks.size() && !completed && !call.isCancelled()) {
                completed = true;
                call.onCompleted();
              }
            }
          };
      call.setOnCancelHandler(() -> {});
      call.setOnReadyHandler(pump);
      pump.run();
    }

    @Override
    public StreamObserver<ImportPartyAcsRequest> importPartyAcs(StreamObserver<ImportPartyAcsResponse> responses) {
      return new StreamObserver<>() {
        private long received;
        private boolean first = true;
        private String refused;

        @Override
        public void onNext(ImportPartyAcsRequest message) {
          ByteString chunk = message.getAcsSnapshot();
          if (first) {
            first = false;
            if (!message.hasSynchronizerId() || !message.hasContractImportMode()) {
              refused = "the first message carries no synchronizer id or import mode";
            } else if (chunk.size() < 2 || (chunk.byteAt(0) & 0xff) != 0x1f || (chunk.byteAt(1) & 0xff) != 0x8b) {
              refused = "the snapshot does not start with a gzip header";
            }
          }
          received += chunk.size();
        }

        @Override
        public void onError(Throwable t) {
          // The client cancelled; nothing to undo.
        }

        @Override
        public void onCompleted() {
          if (refused == null && received != bytes) {
            refused = "received " + received + " bytes, the snapshot has " + bytes;
          }
          if (refused != null) {
            responses.onError(Status.INVALID_ARGUMENT.withDescription(refused).asRuntimeException());
            return;
          }
          responses.onNext(ImportPartyAcsResponse.getDefaultInstance());
          responses.onCompleted();
        }
      };
    }
  }
}
