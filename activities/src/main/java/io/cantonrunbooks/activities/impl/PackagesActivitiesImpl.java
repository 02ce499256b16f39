package io.cantonrunbooks.activities.impl;

import io.cantonrunbooks.activities.PackagesActivities;
import io.cantonrunbooks.activities.canton.Dar;
import io.cantonrunbooks.activities.canton.ParticipantClient;
import io.cantonrunbooks.activities.canton.VettedPackages;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** {@link PackagesActivities} over the package service and the vetting topology. */
public final class PackagesActivitiesImpl implements PackagesActivities {

  private final NodeClients nodes;

  public PackagesActivitiesImpl(NodeClients nodes) {
    this.nodes = nodes;
  }

  @Override
  public List<String> ensureVetted(String node, String synchronizerAlias, List<String> packageIds) {
    return Failures.guard(() -> {
      ParticipantClient client = nodes.client(node);
      String sync = nodes.synchronizerId(node, synchronizerAlias);
      List<String> missing = unvetted(client, sync, nodes.participantUid(node), packageIds);
      Set<String> uploaded = client.packages().listDars(0, "").stream().map(Dar::mainPackageId).collect(Collectors.toSet());
      List<String> unknown = missing.stream().filter(p -> !uploaded.contains(p)).toList();
      if (!unknown.isEmpty()) {
        throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
            "packages " + unknown + " are not uploaded on " + node + "; upload their DARs before replicating",
            "PACKAGE_NOT_UPLOADED");
      }
      List<String> vetted = new ArrayList<>();
      for (String pkg : missing) {
        client.packages().vetDar(pkg, true, Optional.of(sync));
        vetted.add(pkg);
      }
      return vetted;
    });
  }

  /** The packages of {@code packageIds} that the participant has not vetted on the synchronizer. */
  static List<String> unvetted(ParticipantClient client, String sync, String participantUid, List<String> packageIds) {
    List<VettedPackages> vetting = client.topology().listVettedPackages(sync, participantUid);
    Instant now = Instant.now();
    return packageIds.stream()
        .filter(p -> vetting.stream().noneMatch(v -> v.participantUid().equals(participantUid) && v.isVetted(p, now)))
        .toList();
  }
}
