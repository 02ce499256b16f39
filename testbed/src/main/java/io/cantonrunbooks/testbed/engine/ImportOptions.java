package io.cantonrunbooks.testbed.engine;

import java.util.Map;
import java.util.Set;

/**
 * The options of an ACS import, read from the first request message.
 *
 * @param partyEndpoint true for PartyManagementService.ImportPartyAcs, false for the repair ImportAcs
 *     (they report "still connected" differently)
 * @param partyId the party being onboarded, or null (enables the onboarding pre-check and, on PV35,
 *     the pending clearance)
 */
public record ImportOptions(
    boolean partyEndpoint,
    String synchronizerId,
    Mode mode,
    String partyId,
    String workflowIdPrefix,
    Map<String, String> contractOverride,
    Map<String, String> packageIdOverride,
    Map<String, String> packageNameOverride,
    Set<String> excludedStakeholders) {

  /** Canton's contract import modes. */
  public enum Mode {
    ACCEPT,
    VALIDATION
  }

  public ImportOptions {
    contractOverride = Map.copyOf(contractOverride);
    packageIdOverride = Map.copyOf(packageIdOverride);
    packageNameOverride = Map.copyOf(packageNameOverride);
    excludedStakeholders = Set.copyOf(excludedStakeholders);
  }

  /** Options for a plain party import in validation mode. */
  public static ImportOptions forParty(String synchronizerId, String partyId) {
    return new ImportOptions(
        true,
        synchronizerId,
        Mode.VALIDATION,
        partyId,
        null,
        Map.of(),
        Map.of(),
        Map.of(),
        Set.of());
  }
}
