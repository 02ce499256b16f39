package io.cantonrunbooks.bench;

import com.google.protobuf.ByteString;
import io.cantonrunbooks.activities.acs.AcsSnapshotFile;
import io.cantonrunbooks.activities.acs.AcsSnapshotVerifier;
import io.cantonrunbooks.activities.acs.AcsStreamInspector;
import io.cantonrunbooks.activities.acs.TransferProgress;
import io.cantonrunbooks.activities.canton.AuthorizeOptions;
import io.cantonrunbooks.activities.canton.HostingParticipant;
import io.cantonrunbooks.activities.canton.ParticipantClient;
import io.cantonrunbooks.activities.canton.ParticipantPermission;
import io.cantonrunbooks.activities.canton.PartyAcsExport;
import io.cantonrunbooks.activities.canton.PartyAcsImport;
import io.cantonrunbooks.activities.canton.PartyToParticipantMapping;
import io.cantonrunbooks.activities.canton.PartyToParticipantProposal;
import io.cantonrunbooks.activities.nodes.BackupConfig;
import io.cantonrunbooks.activities.nodes.Endpoint;
import io.cantonrunbooks.activities.nodes.NodeConfig;
import io.cantonrunbooks.activities.nodes.TlsConfig;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ContractImportMode;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ExportPartyAcsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ImportPartyAcsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ImportPartyAcsResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantStatusRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantStatusResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ParticipantStatusServiceGrpc;
import io.cantonrunbooks.cantonapi.admin.participant.v30.PartyManagementServiceGrpc;
import io.cantonrunbooks.testbed.TestbedNetwork;
import io.cantonrunbooks.testbed.engine.ContractSpec;
import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.testbed.engine.SimulatedNetwork;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The ACS transfer benchmark: export a party's ACS from one testbed participant into a file and
 * import it into another, through the production {@link ParticipantClient}, and print how fast
 * and in how much heap.
 *
 * <p>Two processes, so that the client's heap is measured alone: {@code serve} runs the testbed
 * (which keeps every contract in memory and needs a large heap), seeds the contracts and prepares
 * the onboarding topology; {@code measure} runs the client phases in a JVM started with a small
 * {@code -Xmx}, which proves the bound by not failing, and samples heap use per phase. The script
 * {@code bench/run-acs-transfer} runs both for each size.
 *
 * <p>Each size is measured against two sources. The testbed builds, encodes and gzips the snapshot
 * as it streams, which is slower than the client can take it; so {@code serve} also starts a
 * {@link CannedParticipant} that serves the very bytes the testbed exported from memory and
 * discards imports, and the same client phases run against it. The canned rows show what the
 * client itself costs.
 */
public final class AcsTransferBench {

  private static final String SOURCE = "participant1";
  private static final String TARGET = "participant2";
  /** A second onboarding target, prepared like the first, for the raw upload. */
  private static final String UPLOAD_TARGET = "participant3";
  private static final String CANNED = "canned";
  // One transaction per batch keeps seeding 1M contracts to seconds instead of one submission each.
  private static final int SEED_BATCH = 5_000;
  /** Contracts of the party whose import warms up the testbed's import path on both targets. */
  private static final int WARM_UP_CONTRACTS = 20_000;

  private AcsTransferBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("serve")) {
      serve(Long.parseLong(args[1].replace("_", "")), Path.of(args[2]));
    } else if (args.length == 3 && args[0].equals("measure")) {
      measure(Path.of(args[1]), Path.of(args[2]));
    } else {
      System.err.println("usage: AcsTransferBench serve CONTRACTS STATE_FILE | measure STATE_FILE WORK_DIR");
      System.exit(2);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // serve

  /**
   * Starts a two-participant testbed, gives a party {@code contracts} contracts on the source,
   * makes the target an onboarding host of it (isolated, as before an import), writes what the
   * measuring process needs to {@code stateFile} and serves until stdin closes.
   */
  private static void serve(long contracts, Path stateFile) throws Exception {
    try (TestbedNetwork net = TestbedNetwork.builder().participants(3).build()) {
      SimulatedNetwork engine = net.engine();
      Participant source = net.participant(SOURCE);
      String party = source.allocateParty("bench");
      long seedStart = System.nanoTime();
      seed(engine, source, party, contracts);
      String warmUpParty = source.allocateParty("warm-up");
      seed(engine, source, warmUpParty, WARM_UP_CONTRACTS);
      System.err.printf(Locale.ROOT, "seeded %d contracts in %.1f s%n", contracts, seconds(System.nanoTime() - seedStart));

      String syncId = engine.synchronizerId();
      String targetUid = net.participant(TARGET).uid();
      String uploadTargetUid = net.participant(UPLOAD_TARGET).uid();
      long beginOffset;
      List<ByteString> cannedChunks;
      ParticipantStatusResponse cannedStatus;
      try (ParticipantClient p1 = ParticipantClient.connect(node(net.adminEndpoint(SOURCE), net.ledgerEndpoint(SOURCE), SOURCE, stateFile.getParent()));
          ParticipantClient p2 = ParticipantClient.connect(node(net.adminEndpoint(TARGET), net.ledgerEndpoint(TARGET), TARGET, stateFile.getParent()));
          ParticipantClient p3 = ParticipantClient.connect(node(net.adminEndpoint(UPLOAD_TARGET), net.ledgerEndpoint(UPLOAD_TARGET), UPLOAD_TARGET, stateFile.getParent()))) {
        // Both targets onboard the party at once, so each can take the same snapshot; the warm-up
        // party too, whose import warms up the testbed's import path before anything is measured.
        List<String> pending = new ArrayList<>();
        for (String p : List.of(party, warmUpParty)) {
          pending.add(proposeToBothTargets(p1, p2, p3, syncId, p, List.of(targetUid, uploadTargetUid)));
        }
        for (ParticipantClient target : List.of(p2, p3)) {
          target.synchronizers().setManualConnect("global", true);
          target.synchronizers().disconnectAll();
        }
        beginOffset = p1.ledger().ledgerEnd();
        for (String hash : pending) {
          p1.topology().authorizeByHash(syncId, hash, AuthorizeOptions.proposeOnly());
        }
        for (String p : List.of(party, warmUpParty)) {
          await(() -> p1.topology().partyToParticipant(syncId, p)
              .filter(m -> m.isOnboarding(targetUid) && m.isOnboarding(uploadTargetUid)));
        }
        // Without this, whichever of the upload and the import ran first paid for loading and
        // compiling the testbed's import path, which showed at 10 k and 100 k contracts.
        Path warmUpFile = stateFile.resolveSibling("warm-up.acs");
        try (var out = Files.newOutputStream(warmUpFile)) {
          var warmUpChunks = PartyManagementServiceGrpc.newBlockingStub(p1.adminChannel())
              .withDeadlineAfter(1, TimeUnit.HOURS)
              .exportPartyAcs(exportRequest(warmUpParty, syncId, targetUid, beginOffset));
          while (warmUpChunks.hasNext()) {
            warmUpChunks.next().getChunk().writeTo(out);
          }
        }
        for (ParticipantClient target : List.of(p2, p3)) {
          rawUpload(target, warmUpFile, syncId, warmUpParty);
        }
        Files.delete(warmUpFile);
        // The canned source serves what the testbed serves: its export, chunk for chunk, and the
        // target's status, so the client sends the same import layout.
        long cannedStart = System.nanoTime();
        var chunks = new ArrayList<ByteString>();
        PartyManagementServiceGrpc.newBlockingStub(p1.adminChannel())
            .withDeadlineAfter(1, TimeUnit.HOURS)
            .exportPartyAcs(exportRequest(party, syncId, targetUid, beginOffset))
            .forEachRemaining(r -> chunks.add(r.getChunk()));
        cannedChunks = chunks;
        cannedStatus =
            ParticipantStatusServiceGrpc.newBlockingStub(p2.adminChannel())
                .participantStatus(ParticipantStatusRequest.getDefaultInstance());
        System.err.printf(Locale.ROOT, "canned snapshot: %d chunks, %,d bytes, exported in %.1f s%n",
            chunks.size(), chunks.stream().mapToLong(ByteString::size).sum(), seconds(System.nanoTime() - cannedStart));
      }

      Properties state = new Properties();
      state.setProperty("contracts", Long.toString(contracts));
      state.setProperty("party", party);
      state.setProperty("synchronizerId", syncId);
      state.setProperty("targetUid", targetUid);
      state.setProperty("beginOffset", Long.toString(beginOffset));
      for (String name : List.of(SOURCE, TARGET, UPLOAD_TARGET)) {
        state.setProperty(name + ".admin", net.adminEndpoint(name));
        state.setProperty(name + ".ledger", net.ledgerEndpoint(name));
      }
      try (CannedParticipant canned = CannedParticipant.start(cannedChunks, cannedStatus)) {
        state.setProperty(CANNED + ".admin", canned.endpoint());
        // Written to a side file and moved, so the script never reads half a file.
        Path partial = stateFile.resolveSibling(stateFile.getFileName() + ".partial");
        try (Writer w = Files.newBufferedWriter(partial)) {
          state.store(w, "ACS transfer benchmark testbed");
        }
        Files.move(partial, stateFile, StandardCopyOption.ATOMIC_MOVE);
        System.err.println("testbed ready: " + stateFile);
        // Serve until the script closes our stdin (or kills us).
        while (System.in.read() >= 0) {
          // discard
        }
      }
    }
  }

  private static void seed(SimulatedNetwork engine, Participant source, String party, long contracts) {
    for (long done = 0; done < contracts; ) {
      int n = (int) Math.min(SEED_BATCH, contracts - done);
      List<ContractSpec> batch = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        batch.add(new ContractSpec(
            engine.demoTemplate(), SimulatedNetwork.DEMO_PACKAGE_NAME, List.of(party), List.of(),
            "bench contract " + (done + i)));
      }
      if (!engine.submit(source, party, batch, List.of()).approved()) {
        throw new IllegalStateException("seeding batch rejected");
      }
      done += n;
    }
  }

  /**
   * Proposes hosting {@code party} on both targets as well (onboarding), signed by both, and waits
   * until both signatures are sequenced; returns the proposal's hash for the party's own signature.
   */
  private static String proposeToBothTargets(
      ParticipantClient p1, ParticipantClient p2, ParticipantClient p3, String syncId, String party, List<String> targetUids)
      throws InterruptedException {
    PartyToParticipantMapping current = p1.topology().partyToParticipant(syncId, party).orElseThrow();
    List<HostingParticipant> hosts = new ArrayList<>(current.participants());
    for (String uid : targetUids) {
      hosts.add(new HostingParticipant(uid, ParticipantPermission.CONFIRMATION, true));
    }
    p2.topology().authorizePartyToParticipant(
        syncId, PartyToParticipantProposal.nextOf(current, 1, hosts), AuthorizeOptions.proposeOnly());
    PartyToParticipantMapping pending =
        await(() -> p1.topology().pendingPartyToParticipant(syncId, party).stream().findFirst());
    await(() -> p3.topology().pendingPartyToParticipant(syncId, party).stream().findFirst());
    p3.topology().authorizeByHash(syncId, pending.transactionHash(), AuthorizeOptions.proposeOnly());
    // A signature still in a target's outbox would be lost when it disconnects: wait until sequenced.
    await(() -> p1.topology().pendingPartyToParticipant(syncId, party).stream()
        .filter(m -> m.signedBy().size() >= 2).findFirst());
    return pending.transactionHash();
  }

  private static ExportPartyAcsRequest exportRequest(String party, String syncId, String targetUid, long beginOffset) {
    return ExportPartyAcsRequest.newBuilder()
        .setPartyId(party)
        .setSynchronizerId(syncId)
        .setTargetParticipantUid(targetUid)
        .setBeginOffsetExclusive(beginOffset)
        .build();
  }

  // ---------------------------------------------------------------------------------------------
  // measure

  /**
   * Runs drain, export, upload and import against the canned source, the references (plain copy,
   * count only, verify only) on the exported file, then the same four against the testbed, and
   * prints one table row per source.
   */
  private static void measure(Path stateFile, Path workDir) throws Exception {
    Properties state = new Properties();
    try (Reader r = Files.newBufferedReader(stateFile)) {
      state.load(r);
    }
    long contracts = Long.parseLong(state.getProperty("contracts"));
    String party = state.getProperty("party");
    String syncId = state.getProperty("synchronizerId");
    String targetUid = state.getProperty("targetUid");
    long beginOffset = Long.parseLong(state.getProperty("beginOffset"));
    String cannedAdmin = state.getProperty(CANNED + ".admin");
    Files.createDirectories(workDir);
    Path exported = workDir.resolve("export.acs");
    Path cannedExported = workDir.resolve("canned.acs");
    Path copied = workDir.resolve("copy.acs");
    for (Path p : List.of(exported, cannedExported, copied)) {
      Files.deleteIfExists(p);
    }

    HeapSampler heap = new HeapSampler();
    heap.start();
    try (ParticipantClient p1 = ParticipantClient.connect(node(state.getProperty(SOURCE + ".admin"), state.getProperty(SOURCE + ".ledger"), SOURCE, workDir));
        ParticipantClient p2 = ParticipantClient.connect(node(state.getProperty(TARGET + ".admin"), state.getProperty(TARGET + ".ledger"), TARGET, workDir));
        ParticipantClient p3 = ParticipantClient.connect(node(state.getProperty(UPLOAD_TARGET + ".admin"), state.getProperty(UPLOAD_TARGET + ".ledger"), UPLOAD_TARGET, workDir));
        ParticipantClient canned = ParticipantClient.connect(node(cannedAdmin, cannedAdmin, CANNED, workDir))) {
      var exportRequest = new PartyAcsExport(party, syncId, targetUid, beginOffset, Optional.of(Duration.ofMinutes(1)));
      ExportPartyAcsRequest rawRequest = exportRequest(party, syncId, targetUid, beginOffset);

      // One unmeasured export and import with the canned source warm up the connection and the JIT,
      // as in a worker that has been running for a while. The canned source goes first: after its
      // import, the testbed keeps a core busy for a moment (it computes the commitments over the
      // target's new contracts once), which would land on the canned rows.
      AcsSnapshotFile warmUp = canned.parties().exportPartyAcs(exportRequest, cannedExported, TransferProgress.NONE);
      canned.parties().importPartyAcs(
          PartyAcsImport.of(syncId, party), cannedExported, warmUp.sha256(), TransferProgress.NONE);
      Files.delete(cannedExported);
      Transfer fromMemory =
          transfer(heap, canned, canned, canned, exportRequest, rawRequest, cannedExported, syncId, party, contracts);

      Phase copy = heap.measure(() -> {
        try {
          Files.copy(cannedExported, copied, StandardCopyOption.REPLACE_EXISTING);
          return Files.size(copied);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      // What the client must do to the bytes at the least, without network or writing: inflate and
      // count the records (export), inflate and parse every record plus SHA-256 (import's check).
      Phase countOnly = heap.measure(() -> countRecords(cannedExported));
      Phase verifyOnly =
          heap.measure(() -> AcsSnapshotVerifier.verify(cannedExported, Optional.of(fromMemory.sha256)).bytes());

      Transfer testbed = transfer(heap, p1, p2, p3, exportRequest, rawRequest, exported, syncId, party, contracts);
      if (!fromMemory.sha256.equals(testbed.sha256)) {
        throw new IllegalStateException("the canned source served other bytes than the testbed");
      }

      for (var row : List.of(Map.entry("testbed", testbed), Map.entry("canned", fromMemory))) {
        Transfer t = row.getValue();
        System.out.printf(Locale.ROOT,
            "| %,d | %s | %,d | %.1f | %.1f | %.0f %% | %.1f | %.1f | %.0f %% | %,.0f / %,.0f | %.0f | %.1f %% / %.1f %% | %.0f / %.0f | %.0f / %.0f / %.0f (%d) |%n",
            contracts,
            row.getKey(),
            t.export.bytes,
            mbPerSecond(t.drain),
            mbPerSecond(t.export),
            100 * mbPerSecond(t.export) / mbPerSecond(t.drain),
            mbPerSecond(t.upload),
            mbPerSecond(t.importPhase),
            100 * mbPerSecond(t.importPhase) / mbPerSecond(t.upload),
            contracts / seconds(t.export.nanos),
            contracts / seconds(t.importPhase.nanos),
            mbPerSecond(copy),
            100 * mbPerSecond(t.export) / mbPerSecond(copy),
            100 * mbPerSecond(t.importPhase) / mbPerSecond(copy),
            mbPerSecond(countOnly),
            mbPerSecond(verifyOnly),
            mib(t.drain.peakHeap),
            mib(t.export.peakHeap),
            mib(t.importPhase.peakHeap),
            Runtime.getRuntime().maxMemory() / (1024 * 1024));
      }
    } finally {
      heap.interrupt();
      for (Path p : List.of(exported, cannedExported, copied)) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * The phases against one source: each client phase next to the same bytes moved with the raw stub
   * (drain for the export, upload for the import), and the SHA-256 of what it exported.
   */
  private record Transfer(Phase drain, Phase export, Phase upload, Phase importPhase, String sha256) {}

  /**
   * Drains the export with the raw stub (no client code, no disk), exports through the client into
   * {@code file}, uploads that file with the raw stub into {@code uploadTarget} (no client checks),
   * then imports it through the client into {@code target}.
   */
  private static Transfer transfer(
      HeapSampler heap,
      ParticipantClient source,
      ParticipantClient target,
      ParticipantClient uploadTarget,
      PartyAcsExport exportRequest,
      ExportPartyAcsRequest rawRequest,
      Path file,
      String syncId,
      String party,
      long contracts) {
    Phase drain = heap.measure(() -> {
      long bytes = 0;
      var chunks = PartyManagementServiceGrpc.newBlockingStub(source.adminChannel())
          .withDeadlineAfter(1, TimeUnit.HOURS)
          .exportPartyAcs(rawRequest);
      while (chunks.hasNext()) {
        bytes += chunks.next().getChunk().size();
      }
      return bytes;
    });

    var exportedFile = new AtomicReference<AcsSnapshotFile>();
    Phase export = heap.measure(() -> {
      exportedFile.set(source.parties().exportPartyAcs(exportRequest, file, TransferProgress.NONE));
      return exportedFile.get().bytes();
    });
    if (exportedFile.get().contracts() != contracts) {
      throw new IllegalStateException("exported " + exportedFile.get().contracts() + " contracts, seeded " + contracts);
    }
    String sha256 = exportedFile.get().sha256();

    Phase upload = heap.measure(() -> rawUpload(uploadTarget, file, syncId, party));

    Phase importPhase = heap.measure(() -> {
      AcsSnapshotFile imported = target.parties().importPartyAcs(
          PartyAcsImport.of(syncId, party), file, sha256, TransferProgress.NONE);
      if (imported.contracts() != contracts) {
        throw new IllegalStateException("imported " + imported.contracts() + " contracts, expected " + contracts);
      }
      return imported.bytes();
    });
    return new Transfer(drain, export, upload, importPhase, sha256);
  }

  /**
   * Streams {@code file} to {@code target}'s ImportPartyAcs in 2 MiB messages with the raw stub,
   * under gRPC flow control, and waits for the answer: the least an import costs the target.
   */
  private static long rawUpload(ParticipantClient target, Path file, String syncId, String party) {
    var done = new CompletableFuture<ImportPartyAcsResponse>();
    var requests = (ClientCallStreamObserver<ImportPartyAcsRequest>)
        PartyManagementServiceGrpc.newStub(target.adminChannel())
            .withDeadlineAfter(1, TimeUnit.HOURS)
            .importPartyAcs(new StreamObserver<>() {
              @Override
              public void onNext(ImportPartyAcsResponse response) {
                done.complete(response);
              }

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                done.complete(ImportPartyAcsResponse.getDefaultInstance());
              }
            });
    long bytes = 0;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[2 * 1024 * 1024];
      boolean first = true;
      for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; first = false) {
        var message = ImportPartyAcsRequest.newBuilder().setAcsSnapshot(ByteString.copyFrom(buffer, 0, n));
        if (first) {
          message.setSynchronizerId(syncId).setPartyId(party)
              .setContractImportMode(ContractImportMode.CONTRACT_IMPORT_MODE_VALIDATION);
        }
        while (!requests.isReady() && !done.isDone()) {
          LockSupport.parkNanos(50_000);
        }
        requests.onNext(message.build());
        bytes += n;
      }
      requests.onCompleted();
      done.get(1, TimeUnit.HOURS);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("raw upload failed", e);
    }
  }

  /** Inflates {@code file} and counts its records, as the export does while it writes. */
  private static long countRecords(Path file) {
    try (var inspector = new AcsStreamInspector(false, file);
        InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[2 * 1024 * 1024];
      long bytes = 0;
      int n;
      while ((n = in.read(buffer)) > 0) {
        inspector.update(buffer, 0, n);
        bytes += n;
      }
      inspector.finish();
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  /** One measured phase: bytes moved, wall time and the highest heap use seen while it ran. */
  private record Phase(long bytes, long nanos, long peakHeap) {}

  /**
   * A thread that polls the heap's used bytes, so a phase's peak is seen even between GCs. Each
   * phase starts after a full GC, so garbage of the previous one does not count.
   */
  private static final class HeapSampler extends Thread {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peak = new AtomicLong();

    HeapSampler() {
      super("heap-sampler");
      setDaemon(true);
    }

    @Override
    public void run() {
      while (!isInterrupted()) {
        long used = memory.getHeapMemoryUsage().getUsed();
        peak.accumulateAndGet(used, Math::max);
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    Phase measure(Supplier<Long> body) {
      System.gc();
      peak.set(memory.getHeapMemoryUsage().getUsed());
      long start = System.nanoTime();
      long bytes = body.get();
      long nanos = System.nanoTime() - start;
      peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
      return new Phase(bytes, nanos, peak.get());
    }
  }

  private static NodeConfig node(String admin, String ledger, String name, Path dir) {
    return new NodeConfig(
        name, Endpoint.parse(admin), Endpoint.parse(ledger), TlsConfig.plaintext(), Optional.empty(),
        "canton-runbooks", BackupConfig.none(dir));
  }

  private static <T> T await(Supplier<Optional<T>> probe) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      Thread.sleep(25);
    }
    throw new IllegalStateException("testbed setup timed out");
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static double mbPerSecond(Phase p) {
    return p.bytes / 1e6 / seconds(p.nanos);
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
