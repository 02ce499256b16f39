package io.cantonrunbooks.activities.canton;

/** How the target checks imported contracts. */
public enum ImportMode {
  /** Re-authenticate every contract against its id: the safe default. */
  VALIDATION,
  /** Store contracts as they come, unchecked. */
  ACCEPT
}
