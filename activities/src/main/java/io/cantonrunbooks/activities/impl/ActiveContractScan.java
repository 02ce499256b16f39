package io.cantonrunbooks.activities.impl;

import io.cantonrunbooks.activities.acs.AcsSnapshotReader;
import io.cantonrunbooks.activities.canton.ParticipantClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One pass over a party's active contracts on a node at an offset, through the repair export
 * (console: {@code repair.export_acs}) into a temporary file that is deleted afterwards: the
 * contract count, an order-independent digest of the contract ids, and the packages used.
 *
 * @param digest hex of the sum, modulo 2^256, of the SHA-256 of every contract id: equal sets give
 *     equal digests whatever the order, and a duplicate changes the digest
 */
record ActiveContractScan(long offset, long contracts, String digest, Set<String> packageIds) {

  private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

  static ActiveContractScan of(ParticipantClient client, String partyId, String synchronizerId, long offset, Path scratchDir) {
    Path file = null;
    try {
      Files.createDirectories(scratchDir);
      file = scratchDir.resolve("scan-" + System.nanoTime() + ".acs.gz");
      client.repair().exportAcs(List.of(partyId), Optional.of(synchronizerId), offset, List.of(), file, bytes -> {});
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      BigInteger[] sum = {BigInteger.ZERO};
      long[] count = {0};
      Set<String> packages = new TreeSet<>();
      AcsSnapshotReader.forEachContract(file, created -> {
        sum[0] = sum[0].add(new BigInteger(1, sha.digest(created.getContractId().getBytes(StandardCharsets.UTF_8)))).mod(MODULUS);
        count[0]++;
        packages.add(created.getTemplateId().getPackageId());
      });
      return new ActiveContractScan(offset, count[0], String.format("%064x", sum[0]), packages);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // A leftover scratch file is harmless and has no secret: the next scan uses a new name.
        }
      }
    }
  }
}
