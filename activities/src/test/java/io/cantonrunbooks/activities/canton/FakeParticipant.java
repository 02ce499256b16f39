package io.cantonrunbooks.activities.canton;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.cantonrunbooks.cantonapi.admin.health.v30.NotInitialized;
import io.cantonrunbooks.cantonapi.admin.participant.v30.*;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.ClearScheduleRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.ClearScheduleResponse;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.GetScheduleRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.GetScheduleResponse;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.SetScheduleRequest;
import io.cantonrunbooks.cantonapi.admin.pruning.v30.SetScheduleResponse;
import io.cantonrunbooks.cantonapi.admin.health.v30.Status;
import io.cantonrunbooks.cantonapi.ledger.v2.GetLedgerEndRequest;
import io.cantonrunbooks.cantonapi.ledger.v2.GetLedgerEndResponse;
import io.cantonrunbooks.cantonapi.ledger.v2.StateServiceGrpc;
import io.cantonrunbooks.cantonapi.topology.admin.v30.AuthorizeRequest;
import io.cantonrunbooks.cantonapi.topology.admin.v30.AuthorizeResponse;
import io.cantonrunbooks.cantonapi.topology.admin.v30.ListPartyToParticipantRequest;
import io.cantonrunbooks.cantonapi.topology.admin.v30.ListPartyToParticipantResponse;
import io.cantonrunbooks.cantonapi.topology.admin.v30.ListVettedPackagesRequest;
import io.cantonrunbooks.cantonapi.topology.admin.v30.ListVettedPackagesResponse;
import io.cantonrunbooks.cantonapi.topology.admin.v30.TopologyManagerReadServiceGrpc;
import io.cantonrunbooks.cantonapi.topology.admin.v30.TopologyManagerWriteServiceGrpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A hand-written stand-in for a participant's Admin and Ledger APIs, served in-process.
 *
 * <p>Each service answers from fields the test sets and records what it received. {@link #failNext}
 * makes the next call of a method fail with a given status, before the service sees it.
 */
final class FakeParticipant implements AutoCloseable {

  // What the node answers.
  volatile String version = "3.5.2";
  volatile long ledgerEnd = 42;
  volatile Optional<io.cantonrunbooks.cantonapi.admin.pruning.v30.PruningSchedule> schedule = Optional.empty();
  final List<ListRegisteredSynchronizersResponse.Result> registered = new CopyOnWriteArrayList<>();
  final List<ListPartyToParticipantResponse.Result> effective = new CopyOnWriteArrayList<>();
  final List<ListPartyToParticipantResponse.Result> proposals = new CopyOnWriteArrayList<>();
  volatile AuthorizeResponse authorizeReply = AuthorizeResponse.getDefaultInstance();
  volatile ClearPartyOnboardingFlagResponse clearReply = ClearPartyOnboardingFlagResponse.getDefaultInstance();
  volatile ListVettedPackagesResponse vettedReply = ListVettedPackagesResponse.getDefaultInstance();
  volatile LookupReceivedAcsCommitmentsResponse receivedReply = LookupReceivedAcsCommitmentsResponse.getDefaultInstance();
  /** Chunks the export streams, then the optional failure. */
  final List<byte[]> exportChunks = new CopyOnWriteArrayList<>();
  volatile StatusRuntimeException exportFailsAfterChunks;

  // What the node received.
  final List<Message> requests = new CopyOnWriteArrayList<>();
  final List<Message> importMessages = new CopyOnWriteArrayList<>();
  final List<ImportPartyAcsRequestV34> importMessagesV34 = new CopyOnWriteArrayList<>();
  volatile int importCalls;
  /** How the last import stream ended on the server: "completed" or "error:<code>". */
  volatile String importEnd;
  volatile CountDownLatch importEnded = new CountDownLatch(1);
  volatile Metadata lastLedgerHeaders;
  volatile Metadata lastAdminHeaders;
  volatile boolean exportCancelled;

  private final Map<String, io.grpc.Status> failures = new ConcurrentHashMap<>();
  private final Map<String, Metadata> failureTrailers = new ConcurrentHashMap<>();
  private final String adminName = "admin-" + UUID.randomUUID();
  private final String ledgerName = "ledger-" + UUID.randomUUID();
  private final Server admin;
  private final Server ledger;

  FakeParticipant() throws IOException {
    admin =
        InProcessServerBuilder.forName(adminName)
            .directExecutor()
            .addService(intercept(new PartyManagement().bindService(), true))
            .addService(intercept(new Repair().bindService(), true))
            .addService(intercept(new Pruning().bindService(), true))
            .addService(intercept(new Connectivity().bindService(), true))
            .addService(intercept(new Packages().bindService(), true))
            .addService(intercept(new Read().bindService(), true))
            .addService(intercept(new Write().bindService(), true))
            .addService(intercept(new StatusService().bindService(), true))
            .addService(intercept(new Inspection().bindService(), true))
            .build()
            .start();
    ledger =
        InProcessServerBuilder.forName(ledgerName)
            .directExecutor()
            .addService(intercept(new State().bindService(), false))
            .build()
            .start();
  }

  ParticipantClient client() {
    return client(Optional.empty(), ClientOptions.defaults());
  }

  ParticipantClient client(
      Optional<io.cantonrunbooks.activities.nodes.TokenSource> token, ClientOptions options) {
    return ParticipantClient.forChannels(
        "participant2",
        InProcessChannelBuilder.forName(adminName).directExecutor().build(),
        InProcessChannelBuilder.forName(ledgerName).directExecutor().build(),
        token,
        options);
  }

  /** The next call of {@code fullMethodName} fails with this status (and these trailers). */
  void failNext(String fullMethodName, io.grpc.Status status, Metadata trailers) {
    failures.put(fullMethodName, status);
    failureTrailers.put(fullMethodName, trailers);
  }

  void failNext(String fullMethodName, io.grpc.Status status) {
    failNext(fullMethodName, status, new Metadata());
  }

  <T extends Message> List<T> received(Class<T> type) {
    var out = new ArrayList<T>();
    for (Message m : requests) {
      if (type.isInstance(m)) {
        out.add(type.cast(m));
      }
    }
    return out;
  }

  boolean awaitImportEnd() throws InterruptedException {
    return importEnded.await(5, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    admin.shutdownNow();
    ledger.shutdownNow();
  }

  private ServerServiceDefinition intercept(ServerServiceDefinition service, boolean isAdmin) {
    return ServerInterceptors.intercept(
        service,
        new ServerInterceptor() {
          @Override
          public <Q, A> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            if (isAdmin) {
              lastAdminHeaders = headers;
            } else {
              lastLedgerHeaders = headers;
            }
            String method = call.getMethodDescriptor().getFullMethodName();
            io.grpc.Status failure = failures.remove(method);
            if (failure != null) {
              call.close(failure, failureTrailers.remove(method));
              return new ServerCall.Listener<>() {};
            }
            return next.startCall(call, headers);
          }
        });
  }

  private <A> void reply(Message request, StreamObserver<A> out, A answer) {
    requests.add(request);
    out.onNext(answer);
    out.onCompleted();
  }

  private StreamObserver<Message> importObserver(StreamObserver<ImportPartyAcsResponse> out) {
    importCalls++;
    return new StreamObserver<>() {
      @Override
      public void onNext(Message m) {
        importMessages.add(m);
      }

      @Override
      public void onError(Throwable t) {
        importEnd = "error:" + io.grpc.Status.fromThrowable(t).getCode();
        importEnded.countDown();
      }

      @Override
      public void onCompleted() {
        importEnd = "completed";
        out.onNext(ImportPartyAcsResponse.getDefaultInstance());
        out.onCompleted();
        importEnded.countDown();
      }
    };
  }

  private final class PartyManagement extends PartyManagementServiceGrpc.PartyManagementServiceImplBase {
    @Override
    public void exportPartyAcs(ExportPartyAcsRequest request, StreamObserver<ExportPartyAcsResponse> out) {
      requests.add(request);
      var server = (io.grpc.stub.ServerCallStreamObserver<ExportPartyAcsResponse>) out;
      server.setOnCancelHandler(() -> exportCancelled = true);
      // Send only as fast as the client reads, like a real node: a client that fails midway then
      // finds the stream still open and must cancel it.
      var pending = new java.util.ArrayDeque<>(exportChunks);
      var finished = new java.util.concurrent.atomic.AtomicBoolean();
      server.setOnReadyHandler(
          () -> {
            while (server.isReady() && !pending.isEmpty() && !server.isCancelled()) {
              out.onNext(ExportPartyAcsResponse.newBuilder().setChunk(ByteString.copyFrom(pending.poll())).build());
            }
            if (pending.isEmpty() && !server.isCancelled() && finished.compareAndSet(false, true)) {
              if (exportFailsAfterChunks != null) {
                out.onError(exportFailsAfterChunks);
              } else {
                out.onCompleted();
              }
            }
          });
    }

    @Override
    public StreamObserver<ImportPartyAcsRequest> importPartyAcs(StreamObserver<ImportPartyAcsResponse> out) {
      if (version.startsWith("3.4")) {
        // Mimic a 3.4 node: decode the same bytes with the 3.4 layout.
        var delegate = importObserver(out);
        return new StreamObserver<>() {
          @Override
          public void onNext(ImportPartyAcsRequest m) {
            try {
              importMessagesV34.add(ImportPartyAcsRequestV34.parseFrom(m.toByteString()));
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
              throw new IllegalStateException(e);
            }
          }

          @Override
          public void onError(Throwable t) {
            delegate.onError(t);
          }

          @Override
          public void onCompleted() {
            delegate.onCompleted();
          }
        };
      }
      var delegate = importObserver(out);
      return new StreamObserver<>() {
        @Override
        public void onNext(ImportPartyAcsRequest m) {
          delegate.onNext(m);
        }

        @Override
        public void onError(Throwable t) {
          delegate.onError(t);
        }

        @Override
        public void onCompleted() {
          delegate.onCompleted();
        }
      };
    }

    @Override
    public void getHighestOffsetByTimestamp(
        GetHighestOffsetByTimestampRequest request, StreamObserver<GetHighestOffsetByTimestampResponse> out) {
      reply(request, out, GetHighestOffsetByTimestampResponse.newBuilder().setLedgerOffset(17).build());
    }

    @Override
    public void clearPartyOnboardingFlag(
        ClearPartyOnboardingFlagRequest request, StreamObserver<ClearPartyOnboardingFlagResponse> out) {
      reply(request, out, clearReply);
    }

    @Override
    public void addPartyAsync(AddPartyAsyncRequest request, StreamObserver<AddPartyAsyncResponse> out) {
      reply(request, out, AddPartyAsyncResponse.newBuilder().setAddPartyRequestId("12ab").build());
    }
  }

  private final class Repair extends ParticipantRepairServiceGrpc.ParticipantRepairServiceImplBase {
    @Override
    public void exportAcs(ExportAcsRequest request, StreamObserver<ExportAcsResponse> out) {
      requests.add(request);
      for (byte[] chunk : exportChunks) {
        out.onNext(ExportAcsResponse.newBuilder().setChunk(ByteString.copyFrom(chunk)).build());
      }
      out.onCompleted();
    }

    @Override
    public StreamObserver<ImportAcsRequest> importAcs(StreamObserver<ImportAcsResponse> out) {
      importCalls++;
      return new StreamObserver<>() {
        @Override
        public void onNext(ImportAcsRequest m) {
          importMessages.add(m);
        }

        @Override
        public void onError(Throwable t) {
          importEnd = "error:" + io.grpc.Status.fromThrowable(t).getCode();
          importEnded.countDown();
        }

        @Override
        public void onCompleted() {
          importEnd = "completed";
          out.onNext(ImportAcsResponse.getDefaultInstance());
          out.onCompleted();
          importEnded.countDown();
        }
      };
    }
  }

  private final class Pruning extends PruningServiceGrpc.PruningServiceImplBase {
    @Override
    public void getSchedule(GetScheduleRequest request, StreamObserver<GetScheduleResponse> out) {
      var reply = GetScheduleResponse.newBuilder();
      schedule.ifPresent(reply::setSchedule);
      reply(request, out, reply.build());
    }

    @Override
    public void setSchedule(SetScheduleRequest request, StreamObserver<SetScheduleResponse> out) {
      schedule = Optional.of(request.getSchedule());
      reply(request, out, SetScheduleResponse.getDefaultInstance());
    }

    @Override
    public void clearSchedule(ClearScheduleRequest request, StreamObserver<ClearScheduleResponse> out) {
      schedule = Optional.empty();
      reply(request, out, ClearScheduleResponse.getDefaultInstance());
    }
  }

  private final class Connectivity
      extends SynchronizerConnectivityServiceGrpc.SynchronizerConnectivityServiceImplBase {
    @Override
    public void listRegisteredSynchronizers(
        ListRegisteredSynchronizersRequest request, StreamObserver<ListRegisteredSynchronizersResponse> out) {
      reply(request, out, ListRegisteredSynchronizersResponse.newBuilder().addAllResults(registered).build());
    }

    @Override
    public void modifySynchronizer(ModifySynchronizerRequest request, StreamObserver<ModifySynchronizerResponse> out) {
      reply(request, out, ModifySynchronizerResponse.getDefaultInstance());
    }

    @Override
    public void disconnectSynchronizer(
        DisconnectSynchronizerRequest request, StreamObserver<DisconnectSynchronizerResponse> out) {
      reply(request, out, DisconnectSynchronizerResponse.getDefaultInstance());
    }

    @Override
    public void disconnectAllSynchronizers(
        DisconnectAllSynchronizersRequest request, StreamObserver<DisconnectAllSynchronizersResponse> out) {
      reply(request, out, DisconnectAllSynchronizersResponse.getDefaultInstance());
    }

    @Override
    public void reconnectSynchronizer(
        ReconnectSynchronizerRequest request, StreamObserver<ReconnectSynchronizerResponse> out) {
      reply(request, out, ReconnectSynchronizerResponse.newBuilder().setConnectedSuccessfully(true).build());
    }

    @Override
    public void reconnectSynchronizers(
        ReconnectSynchronizersRequest request, StreamObserver<ReconnectSynchronizersResponse> out) {
      reply(request, out, ReconnectSynchronizersResponse.getDefaultInstance());
    }

    @Override
    public void listConnectedSynchronizers(
        ListConnectedSynchronizersRequest request, StreamObserver<ListConnectedSynchronizersResponse> out) {
      reply(
          request,
          out,
          ListConnectedSynchronizersResponse.newBuilder()
              .addConnectedSynchronizers(
                  ListConnectedSynchronizersResponse.Result.newBuilder()
                      .setSynchronizerAlias("global")
                      .setSynchronizerId("global::1220cd")
                      .setPhysicalSynchronizerId("global::1220cd::35-0")
                      .setHealthy(true))
              .build());
    }

    @Override
    public void getSynchronizerId(GetSynchronizerIdRequest request, StreamObserver<GetSynchronizerIdResponse> out) {
      reply(
          request,
          out,
          GetSynchronizerIdResponse.newBuilder()
              .setSynchronizerId("global::1220cd")
              .setPhysicalSynchronizerId("global::1220cd::35-0")
              .build());
    }
  }

  private final class Packages extends PackageServiceGrpc.PackageServiceImplBase {
    @Override
    public void listDars(ListDarsRequest request, StreamObserver<ListDarsResponse> out) {
      reply(
          request,
          out,
          ListDarsResponse.newBuilder()
              .addDars(DarDescription.newBuilder().setMain("abc").setName("model").setVersion("1.0.0"))
              .build());
    }

    @Override
    public void uploadDar(UploadDarRequest request, StreamObserver<UploadDarResponse> out) {
      reply(request, out, UploadDarResponse.newBuilder().addDarIds("abc").build());
    }

    @Override
    public void vetDar(VetDarRequest request, StreamObserver<VetDarResponse> out) {
      reply(request, out, VetDarResponse.getDefaultInstance());
    }
  }

  private final class Read extends TopologyManagerReadServiceGrpc.TopologyManagerReadServiceImplBase {
    @Override
    public void listPartyToParticipant(
        ListPartyToParticipantRequest request, StreamObserver<ListPartyToParticipantResponse> out) {
      var rows = request.getBaseQuery().getProposals() ? proposals : effective;
      reply(request, out, ListPartyToParticipantResponse.newBuilder().addAllResults(rows).build());
    }

    @Override
    public void listVettedPackages(ListVettedPackagesRequest request, StreamObserver<ListVettedPackagesResponse> out) {
      reply(request, out, vettedReply);
    }
  }

  private final class Write extends TopologyManagerWriteServiceGrpc.TopologyManagerWriteServiceImplBase {
    @Override
    public void authorize(AuthorizeRequest request, StreamObserver<AuthorizeResponse> out) {
      reply(request, out, authorizeReply);
    }
  }

  private final class StatusService extends ParticipantStatusServiceGrpc.ParticipantStatusServiceImplBase {
    @Override
    public void participantStatus(ParticipantStatusRequest request, StreamObserver<ParticipantStatusResponse> out) {
      ParticipantStatusResponse reply;
      if (version.equals("not-initialized")) {
        reply =
            ParticipantStatusResponse.newBuilder()
                .setNotInitialized(NotInitialized.newBuilder().setActive(true).setVersion("3.5.2"))
                .build();
      } else {
        reply =
            ParticipantStatusResponse.newBuilder()
                .setStatus(
                    ParticipantStatusResponse.ParticipantStatusResponseStatus.newBuilder()
                        .setCommonStatus(
                            Status.newBuilder()
                                .setUid("participant2::1220ef")
                                .setVersion(version)
                                .setUptime(com.google.protobuf.Duration.newBuilder().setSeconds(90)))
                        .addConnectedSynchronizers(
                            io.cantonrunbooks.cantonapi.admin.participant.v30.ConnectedSynchronizer.newBuilder()
                                .setPhysicalSynchronizerId("global::1220cd::35-0")
                                .setHealth(io.cantonrunbooks.cantonapi.admin.participant.v30.ConnectedSynchronizer.Health.HEALTH_HEALTHY))
                        .setActive(true)
                        .addSupportedProtocolVersions(34)
                        .addSupportedProtocolVersions(35))
                .build();
      }
      reply(request, out, reply);
    }
  }

  private final class Inspection extends ParticipantInspectionServiceGrpc.ParticipantInspectionServiceImplBase {
    @Override
    public void lookupReceivedAcsCommitments(
        LookupReceivedAcsCommitmentsRequest request, StreamObserver<LookupReceivedAcsCommitmentsResponse> out) {
      reply(request, out, receivedReply);
    }
  }

  private final class State extends StateServiceGrpc.StateServiceImplBase {
    @Override
    public void getLedgerEnd(GetLedgerEndRequest request, StreamObserver<GetLedgerEndResponse> out) {
      reply(request, out, GetLedgerEndResponse.newBuilder().setOffset(ledgerEnd).build());
    }
  }
}
