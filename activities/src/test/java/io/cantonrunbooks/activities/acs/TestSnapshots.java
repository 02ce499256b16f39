package io.cantonrunbooks.activities.acs;

import com.google.protobuf.ByteString;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ActiveContract;
import io.cantonrunbooks.cantonapi.ledger.v2.CreatedEvent;
import io.cantonrunbooks.cantonapi.version.v1.UntypedVersionedMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Builds ACS snapshot bytes in Canton's format for tests. */
public final class TestSnapshots {

  private TestSnapshots() {}

  /** A snapshot of {@code contracts} records with blobs of pseudo-random bytes (poorly compressible). */
  public static byte[] snapshot(int contracts, int blobBytes) {
    return gzip(records(contracts, blobBytes, 30));
  }

  /** The uncompressed record stream. */
  public static byte[] records(int contracts, int blobBytes, int version) {
    var random = new Random(contracts);
    var out = new ByteArrayOutputStream();
    try {
      for (int i = 0; i < contracts; i++) {
        byte[] blob = new byte[blobBytes];
        random.nextBytes(blob);
        var ledger =
            io.cantonrunbooks.cantonapi.ledger.v2.ActiveContract.newBuilder()
                .setCreatedEvent(
                    CreatedEvent.newBuilder()
                        .setContractId("00" + i)
                        .setCreatedEventBlob(ByteString.copyFrom(blob))
                        .addSignatories("alice::1220ab"))
                .setSynchronizerId("global::1220cd")
                .build();
        var wrapper = ActiveContract.newBuilder().setActiveContract(ledger.toByteString()).build();
        UntypedVersionedMessage.newBuilder()
            .setData(wrapper.toByteString())
            .setVersion(version)
            .build()
            .writeDelimitedTo(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] gzip(byte[] plain) {
    var out = new ByteArrayOutputStream();
    try (var gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
