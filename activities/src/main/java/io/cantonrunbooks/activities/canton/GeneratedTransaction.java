package io.cantonrunbooks.activities.canton;

/**
 * An unsigned topology transaction built by a node for signing elsewhere (GenerateTransactions).
 *
 * @param serialized the versioned transaction bytes, to send back unchanged with the signatures
 * @param hash the 34 multihash bytes that the signatures cover
 */
public record GeneratedTransaction(byte[] serialized, byte[] hash) {
  public GeneratedTransaction {
    serialized = serialized.clone();
    hash = hash.clone();
  }

  @Override
  public byte[] serialized() {
    return serialized.clone();
  }

  @Override
  public byte[] hash() {
    return hash.clone();
  }
}
