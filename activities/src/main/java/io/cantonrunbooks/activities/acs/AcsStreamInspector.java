package io.cantonrunbooks.activities.acs;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cantonrunbooks.activities.acs.AcsFileException.Reason;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ActiveContract;
import io.cantonrunbooks.cantonapi.version.v1.UntypedVersionedMessage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A push-style reader of the ACS snapshot byte stream that counts (and optionally checks) records
 * as bytes arrive.
 *
 * <p>It is fed the compressed bytes in whatever slices they come ({@link #update}), inflates them
 * incrementally and walks the varint-delimited records, so a transfer can be checked while it
 * streams, with no second pass and no buffering beyond one record. {@link #finish} then says
 * whether the stream ended cleanly: exactly one complete gzip member whose CRC and length match,
 * ending on a record boundary.
 *
 * <p>More than one gzip member is refused on purpose: Canton's import reads only the first member
 * and would silently ignore the rest of the contracts.
 *
 * <p>Not thread-safe; one instance per stream.
 */
public final class AcsStreamInspector implements AutoCloseable {

  /** The record version Canton writes and accepts in ACS snapshots. */
  public static final int SNAPSHOT_RECORD_VERSION = 30;

  // A header with a file name or comment is legal gzip; cap it so garbage cannot grow it.
  private static final int MAX_HEADER_BYTES = 4096;
  // Bounds memory when records are checked; far above any real contract.
  private static final int MAX_RECORD_BYTES = 128 * 1024 * 1024;

  private enum State {
    HEADER,
    BODY,
    TRAILER,
    DONE
  }

  private final boolean checkRecords;
  private final Path path;

  private State state = State.HEADER;
  private final ByteArrayOutputStream header = new ByteArrayOutputStream();
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private long inflatedBytes;
  private final byte[] trailer = new byte[8];
  private int trailerFill;
  private final byte[] inflated = new byte[64 * 1024];

  private boolean readingLength = true;
  private long lengthValue;
  private int lengthShift;
  private long recordRemaining;
  private byte[] record;
  private int recordFill;
  private long records;

  /**
   * Creates an inspector.
   *
   * @param checkRecords whether each record must parse as a version-30 snapshot record of a Ledger
   *     API active contract (the import check); false only counts records (the export check)
   * @param path the file the bytes belong to, used only in error messages; may be null
   */
  public AcsStreamInspector(boolean checkRecords, Path path) {
    this.checkRecords = checkRecords;
    this.path = path;
  }

  /** Feeds the next slice of compressed bytes. */
  public void update(byte[] bytes, int offset, int length) {
    int pos = offset;
    int end = offset + length;
    while (pos < end) {
      switch (state) {
        case HEADER -> {
          header.write(bytes[pos++]);
          int headerLength = headerLength(header.toByteArray());
          if (headerLength > 0) {
            state = State.BODY;
          }
        }
        case BODY -> pos = inflate(bytes, pos, end);
        case TRAILER -> {
          int take = Math.min(8 - trailerFill, end - pos);
          System.arraycopy(bytes, pos, trailer, trailerFill, take);
          trailerFill += take;
          pos += take;
          if (trailerFill == 8) {
            checkTrailer();
            state = State.DONE;
          }
        }
        case DONE ->
            throw error(
                Reason.NOT_GZIP,
                "bytes follow the end of the gzip member (a second member or trailing garbage);"
                    + " Canton would import only the first member");
      }
    }
  }

  /**
   * Confirms that the stream ended cleanly and returns the number of records.
   *
   * @throws AcsFileException if the stream is truncated or not a single gzip member
   */
  public long finish() {
    try {
      if (state != State.DONE) {
        throw error(
            Reason.TRUNCATED,
            "the snapshot ends before the end of its gzip stream (after "
                + records
                + " complete records)");
      }
      if (!readingLength || lengthShift > 0) {
        throw error(Reason.TRUNCATED, "the snapshot ends inside record " + (records + 1));
      }
      return records;
    } finally {
      inflater.end();
    }
  }

  /** Records seen so far. */
  public long records() {
    return records;
  }

  @Override
  public void close() {
    inflater.end();
  }

  private int inflate(byte[] bytes, int pos, int end) {
    inflater.setInput(bytes, pos, end - pos);
    while (true) {
      int n;
      try {
        n = inflater.inflate(inflated);
      } catch (DataFormatException e) {
        throw error(Reason.NOT_GZIP, "corrupt compressed data: " + e.getMessage(), e);
      }
      if (n > 0) {
        crc.update(inflated, 0, n);
        inflatedBytes += n;
        records(inflated, n);
      }
      if (inflater.finished()) {
        state = State.TRAILER;
        return end - inflater.getRemaining();
      }
      if (n == 0) {
        if (inflater.needsInput()) {
          return end;
        }
        throw error(Reason.NOT_GZIP, "the compressed data needs a preset dictionary");
      }
    }
  }

  private void records(byte[] bytes, int length) {
    int pos = 0;
    while (pos < length) {
      if (readingLength) {
        int b = bytes[pos++] & 0xff;
        if (lengthShift >= 35) {
          throw error(Reason.BAD_RECORD, "record " + (records + 1) + " has an invalid length prefix");
        }
        lengthValue |= (long) (b & 0x7f) << lengthShift;
        lengthShift += 7;
        if ((b & 0x80) == 0) {
          startRecord();
        }
      } else {
        int take = (int) Math.min(recordRemaining, length - pos);
        if (record != null) {
          System.arraycopy(bytes, pos, record, recordFill, take);
          recordFill += take;
        }
        pos += take;
        recordRemaining -= take;
        if (recordRemaining == 0) {
          endRecord();
        }
      }
    }
  }

  private void startRecord() {
    if (lengthValue > MAX_RECORD_BYTES) {
      throw error(
          Reason.BAD_RECORD,
          "record " + (records + 1) + " claims " + lengthValue + " bytes, more than any contract");
    }
    readingLength = false;
    recordRemaining = lengthValue;
    if (checkRecords) {
      record = new byte[(int) lengthValue];
      recordFill = 0;
    }
    if (recordRemaining == 0) {
      endRecord();
    }
  }

  private void endRecord() {
    records++;
    if (record != null) {
      checkRecord(record);
    }
    record = null;
    readingLength = true;
    lengthValue = 0;
    lengthShift = 0;
  }

  private void checkRecord(byte[] bytes) {
    long number = records;
    try {
      var envelope = UntypedVersionedMessage.parseFrom(bytes);
      if (envelope.getWrapperCase() != UntypedVersionedMessage.WrapperCase.DATA) {
        throw error(Reason.BAD_RECORD, "record " + number + " carries no data");
      }
      if (envelope.getVersion() != SNAPSHOT_RECORD_VERSION) {
        throw error(
            Reason.BAD_RECORD,
            "record " + number + " has version " + envelope.getVersion() + ", expected 30");
      }
      var wrapper = ActiveContract.parseFrom(envelope.getData());
      if (wrapper.getActiveContract().isEmpty()) {
        throw error(Reason.BAD_RECORD, "record " + number + " wraps no active contract");
      }
      var contract =
          io.cantonrunbooks.cantonapi.ledger.v2.ActiveContract.parseFrom(wrapper.getActiveContract());
      if (!contract.hasCreatedEvent()) {
        throw error(Reason.BAD_RECORD, "record " + number + " holds no created event");
      }
    } catch (InvalidProtocolBufferException e) {
      throw error(Reason.BAD_RECORD, "record " + number + " does not parse: " + e.getMessage(), e);
    }
  }

  private void checkTrailer() {
    long expectedCrc = littleEndian(trailer, 0);
    long expectedSize = littleEndian(trailer, 4);
    if (expectedCrc != crc.getValue()) {
      throw error(Reason.NOT_GZIP, "the gzip CRC does not match the data");
    }
    if (expectedSize != (inflatedBytes & 0xffffffffL)) {
      throw error(Reason.NOT_GZIP, "the gzip length does not match the data");
    }
  }

  /** Returns the header's length once complete, 0 while more bytes are needed. */
  private int headerLength(byte[] h) {
    if (h.length >= 1 && (h[0] & 0xff) != 0x1f || h.length >= 2 && (h[1] & 0xff) != 0x8b) {
      throw error(Reason.NOT_GZIP, "the snapshot is not gzip data");
    }
    if (h.length >= 3 && h[2] != 8) {
      throw error(Reason.NOT_GZIP, "the gzip data does not use deflate");
    }
    if (h.length > MAX_HEADER_BYTES) {
      throw error(Reason.NOT_GZIP, "the gzip header is implausibly long");
    }
    if (h.length < 10) {
      return 0;
    }
    int flags = h[3] & 0xff;
    if ((flags & 0xe0) != 0) {
      throw error(Reason.NOT_GZIP, "the gzip header has reserved flags set");
    }
    int pos = 10;
    if ((flags & 4) != 0) {
      if (h.length < pos + 2) {
        return 0;
      }
      pos += 2 + ((h[pos] & 0xff) | (h[pos + 1] & 0xff) << 8);
    }
    for (int flag : new int[] {8, 16}) {
      if ((flags & flag) != 0) {
        while (pos < h.length && h[pos] != 0) {
          pos++;
        }
        if (pos >= h.length) {
          return 0;
        }
        pos++;
      }
    }
    if ((flags & 2) != 0) {
      pos += 2;
    }
    return h.length >= pos ? pos : 0;
  }

  private static long littleEndian(byte[] b, int at) {
    return (b[at] & 0xffL)
        | (b[at + 1] & 0xffL) << 8
        | (b[at + 2] & 0xffL) << 16
        | (b[at + 3] & 0xffL) << 24;
  }

  private AcsFileException error(Reason reason, String message) {
    return new AcsFileException(reason, path, message);
  }

  private AcsFileException error(Reason reason, String message, Throwable cause) {
    return new AcsFileException(reason, path, message, cause);
  }
}
