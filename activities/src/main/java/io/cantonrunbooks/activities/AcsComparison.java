package io.cantonrunbooks.activities;

/**
 * The party's contracts on two nodes, summarized at about the same time.
 *
 * @param rounds how many rounds of summaries it took to get this answer
 */
public record AcsComparison(AcsSummary source, AcsSummary target, int rounds) {

  public boolean same() {
    return source.sameContractsAs(target);
  }
}
