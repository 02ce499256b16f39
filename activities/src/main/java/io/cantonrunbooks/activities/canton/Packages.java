package io.cantonrunbooks.activities.canton;

import com.google.protobuf.ByteString;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ListDarsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.PackageServiceGrpc;
import io.cantonrunbooks.cantonapi.admin.participant.v30.UploadDarData;
import io.cantonrunbooks.cantonapi.admin.participant.v30.UploadDarRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.VetDarRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** DAR commands of a participant, as the console's {@code dars} and {@code packages} groups. */
public final class Packages {

  // Waiting for the vetting to be observed takes a topology round trip.
  private static final Duration VETTING_WAIT = Duration.ofMinutes(1);

  private final NodeCalls calls;

  Packages(NodeCalls calls) {
    this.calls = calls;
  }

  /**
   * Uploaded DARs (console: {@code dars.list}).
   *
   * @param limit 0 for no limit; the node applies it before the name filter
   * @param namePrefix prefix of the DAR name; empty for all
   */
  public List<Dar> listDars(int limit, String namePrefix) {
    return calls.call(
        "dars.list",
        () ->
            calls
                .admin(PackageServiceGrpc::newBlockingStub)
                .listDars(ListDarsRequest.newBuilder().setLimit(limit).setFilterName(namePrefix).build())
                .getDarsList()
                .stream()
                .map(d -> new Dar(d.getMain(), d.getName(), d.getVersion(), d.getDescription()))
                .toList());
  }

  /**
   * Uploads a DAR (console: {@code dars.upload}). The request must fit the node's inbound message
   * limit (10 MiB by default).
   *
   * @param vetAllPackages vet the DAR's packages too; sent explicitly because proto3 would default
   *     it to false
   * @param synchronizerId where to vet; empty lets the node pick its only connected synchronizer
   * @return the main package ids
   */
  public List<String> uploadDar(
      byte[] dar, boolean vetAllPackages, boolean synchronizeVetting, Optional<String> synchronizerId) {
    var request =
        UploadDarRequest.newBuilder()
            .addDars(UploadDarData.newBuilder().setBytes(ByteString.copyFrom(dar)))
            .setVetAllPackages(vetAllPackages)
            .setSynchronizeVetting(synchronizeVetting);
    synchronizerId.ifPresent(request::setSynchronizerId);
    return calls.call(
        "dars.upload",
        () ->
            calls
                .admin(PackageServiceGrpc::newBlockingStub, synchronizeVetting ? VETTING_WAIT : Duration.ZERO)
                .uploadDar(request.build())
                .getDarIdsList());
  }

  /**
   * Vets an uploaded DAR's packages (console: {@code dars.vetting.enable}).
   *
   * @param synchronize wait until this node observes the vetting transaction
   */
  public void vetDar(String mainPackageId, boolean synchronize, Optional<String> synchronizerId) {
    var request = VetDarRequest.newBuilder().setMainPackageId(mainPackageId).setSynchronize(synchronize);
    synchronizerId.ifPresent(request::setSynchronizerId);
    calls.run(
        "dars.vetting.enable",
        () ->
            calls
                .admin(PackageServiceGrpc::newBlockingStub, synchronize ? VETTING_WAIT : Duration.ZERO)
                .vetDar(request.build()));
  }
}
