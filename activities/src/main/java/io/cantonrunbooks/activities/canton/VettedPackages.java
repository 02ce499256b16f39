package io.cantonrunbooks.activities.canton;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The packages one participant has vetted on a synchronizer.
 *
 * @param participantUid the vetting participant
 * @param packages each vetted package with its optional time bounds
 * @param serial the vetting transaction's serial
 */
public record VettedPackages(String participantUid, List<VettedPackage> packages, long serial) {

  /**
   * One vetted package.
   *
   * @param validFromInclusive no lower bound if empty
   * @param validUntilExclusive no upper bound if empty
   */
  public record VettedPackage(
      String packageId, Optional<Instant> validFromInclusive, Optional<Instant> validUntilExclusive) {

    public VettedPackage {
      Objects.requireNonNull(packageId, "packageId");
      Objects.requireNonNull(validFromInclusive, "validFromInclusive");
      Objects.requireNonNull(validUntilExclusive, "validUntilExclusive");
    }

    public boolean validAt(Instant time) {
      return validFromInclusive.map(from -> !time.isBefore(from)).orElse(true)
          && validUntilExclusive.map(until -> time.isBefore(until)).orElse(true);
    }
  }

  public VettedPackages {
    Objects.requireNonNull(participantUid, "participantUid");
    packages = List.copyOf(packages);
  }

  /** Whether the package is vetted at the given ledger time. */
  public boolean isVetted(String packageId, Instant at) {
    return packages.stream().anyMatch(p -> p.packageId().equals(packageId) && p.validAt(at));
  }
}
