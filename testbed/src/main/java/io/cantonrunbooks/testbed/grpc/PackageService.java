package io.cantonrunbooks.testbed.grpc;

import io.cantonrunbooks.cantonapi.admin.participant.v30.DarDescription;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ListDarsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ListDarsResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.PackageServiceGrpc;
import io.cantonrunbooks.cantonapi.admin.participant.v30.UploadDarData;
import io.cantonrunbooks.cantonapi.admin.participant.v30.UploadDarRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.UploadDarResponse;
import io.cantonrunbooks.cantonapi.admin.participant.v30.VetDarRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.VetDarResponse;
import io.cantonrunbooks.testbed.engine.CantonError;
import io.cantonrunbooks.testbed.engine.Dar;
import io.cantonrunbooks.testbed.engine.DarFile;
import io.cantonrunbooks.testbed.engine.Participant;
import io.grpc.stub.StreamObserver;
import java.util.List;

/** Admin PackageService: DAR upload, vetting and listing. */
final class PackageService extends PackageServiceGrpc.PackageServiceImplBase {
  private final Participant participant;

  PackageService(Participant participant) {
    this.participant = participant;
  }

  @Override
  public void listDars(ListDarsRequest request, StreamObserver<ListDarsResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          List<Dar> dars = participant.dars();
          // Canton applies the limit before the name filter.
          if (request.getLimit() > 0 && dars.size() > request.getLimit()) {
            dars = dars.subList(0, request.getLimit());
          }
          var b = ListDarsResponse.newBuilder();
          for (Dar d : dars) {
            if (d.name().startsWith(request.getFilterName())) {
              b.addDars(
                  DarDescription.newBuilder()
                      .setMain(d.mainPackageId())
                      .setName(d.name())
                      .setVersion(d.version())
                      .setDescription(d.description()));
            }
          }
          return b.build();
        });
  }

  @Override
  public void uploadDar(UploadDarRequest request, StreamObserver<UploadDarResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          var b = UploadDarResponse.newBuilder();
          String sync = request.hasSynchronizerId() ? request.getSynchronizerId() : null;
          for (UploadDarData data : request.getDarsList()) {
            byte[] bytes = data.getBytes().toByteArray();
            if (data.hasExpectedMainPackageId()) {
              String actual = DarFile.describe(bytes, null).mainPackageId();
              if (!actual.equals(data.getExpectedMainPackageId())) {
                throw new CantonError(
                    "DAR_MAIN_PACKAGE_ID_MISMATCH", 8, "Expected main package " + data.getExpectedMainPackageId() + " but found " + actual);
              }
            }
            Dar dar =
                participant.uploadDar(
                    bytes,
                    data.hasDescription() ? data.getDescription() : "",
                    request.getVetAllPackages(),
                    sync,
                    request.getSynchronizeVetting());
            b.addDarIds(dar.mainPackageId());
          }
          return b.build();
        });
  }

  @Override
  public void vetDar(VetDarRequest request, StreamObserver<VetDarResponse> responses) {
    Errors.unary(
        responses,
        () -> {
          participant.vetDar(
              request.getMainPackageId(),
              request.hasSynchronizerId() ? request.getSynchronizerId() : null,
              request.getSynchronize());
          return VetDarResponse.getDefaultInstance();
        });
  }
}
