package io.cantonrunbooks.testbed.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import io.cantonrunbooks.cantonapi.ledger.v2.ActiveContract;
import io.cantonrunbooks.cantonapi.ledger.v2.CreatedEvent;
import io.cantonrunbooks.cantonapi.ledger.v2.Identifier;
import io.cantonrunbooks.cantonapi.version.v1.UntypedVersionedMessage;
import io.cantonrunbooks.testbed.engine.Contract;
import io.cantonrunbooks.testbed.engine.ImportRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;

/**
 * Canton's ACS snapshot format: one gzip member of varint-delimited {@code UntypedVersionedMessage}
 * records (version 30) wrapping the admin {@code ActiveContract}, which wraps the Ledger API
 * {@code ActiveContract} bytes.
 */
final class AcsSnapshotCodec {
  /** Export chunk size: Canton reads its pipe in 2 MiB blocks. */
  static final int CHUNK_SIZE = 2 * 1024 * 1024;

  private static final int RECORD_VERSION = 30;
  /** Serialization and deflater buffer: large enough that per-call overhead does not show. */
  private static final int BLOCK_SIZE = 64 * 1024;

  private AcsSnapshotCodec() {}

  /** The Ledger API ActiveContract for a contract assigned to {@code synchronizerId}. */
  static ActiveContract toLedgerApi(Contract c, String synchronizerId) {
    CreatedEvent event =
        CreatedEvent.newBuilder()
            .setContractId(c.contractId())
            .setTemplateId(
                Identifier.newBuilder()
                    .setPackageId(c.templateId().packageId())
                    .setModuleName(c.templateId().moduleName())
                    .setEntityName(c.templateId().entityName()))
            .setCreatedEventBlob(UnsafeByteOperations.unsafeWrap(c.createdEventBlob()))
            .addAllSignatories(c.signatories())
            .addAllObservers(c.observers())
            .addAllWitnessParties(c.stakeholders())
            .setCreatedAt(
                Timestamp.newBuilder()
                    .setSeconds(c.createdAt().getEpochSecond())
                    .setNanos(c.createdAt().getNano()))
            .setPackageName(c.packageName())
            .setRepresentativePackageId(c.templateId().packageId())
            .setAcsDelta(true)
            .build();
    return ActiveContract.newBuilder()
        .setCreatedEvent(event)
        .setSynchronizerId(synchronizerId)
        .setReassignmentCounter(0)
        .build();
  }

  /**
   * Writes the snapshot of {@code contracts} and hands it to {@code chunks} in 2 MiB slices (the last
   * one smaller; an empty snapshot still yields one small chunk).
   *
   * <p>The bytes are those of building each record as a message and writing it delimited; only the
   * two wrappers around the Ledger API contract are written by hand, straight into one buffered
   * stream, so a record is serialized once instead of copied through three messages, and the
   * deflater sees 64 KiB blocks instead of one call per record.
   */
  static void write(List<Contract> contracts, String synchronizerId, Consumer<ByteString> chunks) {
    ChunkingOutputStream sink = new ChunkingOutputStream(chunks);
    try (GZIPOutputStream gzip = new GZIPOutputStream(sink, BLOCK_SIZE)) {
      CodedOutputStream out = CodedOutputStream.newInstance(gzip, BLOCK_SIZE);
      for (Contract c : contracts) {
        writeRecord(toLedgerApi(c, synchronizerId), out);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sink.flushRemainder();
  }

  /**
   * Writes one delimited record: {@code UntypedVersionedMessage{data = admin ActiveContract{
   * active_contract = lapi}, version = 30}}, fields in number order as protobuf writes them.
   */
  static void writeRecord(ActiveContract lapi, CodedOutputStream out) throws IOException {
    int lapiSize = lapi.getSerializedSize();
    int adminSize = lengthDelimitedSize(lapiSize);
    int recordSize = lengthDelimitedSize(adminSize) + CodedOutputStream.computeInt32Size(2, RECORD_VERSION);
    out.writeUInt32NoTag(recordSize);
    out.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED); // UntypedVersionedMessage.data
    out.writeUInt32NoTag(adminSize);
    out.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED); // admin ActiveContract.active_contract
    out.writeUInt32NoTag(lapiSize);
    lapi.writeTo(out);
    out.writeInt32(2, RECORD_VERSION); // UntypedVersionedMessage.version
  }

  /** Size of field 1 holding {@code size} bytes: tag, length, bytes. */
  private static int lengthDelimitedSize(int size) {
    return CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
  }

  private static final class ChunkingOutputStream extends OutputStream {
    private final Consumer<ByteString> chunks;
    private byte[] buffer = new byte[CHUNK_SIZE];
    private int size;

    ChunkingOutputStream(Consumer<ByteString> chunks) {
      this.chunks = chunks;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      while (len > 0) {
        int n = Math.min(len, CHUNK_SIZE - size);
        System.arraycopy(b, off, buffer, size, n);
        size += n;
        off += n;
        len -= n;
        if (size == CHUNK_SIZE) {
          // Handed over, not copied: the next chunk gets a fresh buffer.
          chunks.accept(UnsafeByteOperations.unsafeWrap(buffer));
          buffer = new byte[CHUNK_SIZE];
          size = 0;
        }
      }
    }

    void flushRemainder() {
      if (size > 0) {
        chunks.accept(ByteString.copyFrom(buffer, 0, size));
        size = 0;
      }
      buffer = null;
    }
  }

  /** Decodes one snapshot record into what the import needs. */
  static ImportRecord decodeRecord(byte[] record) throws InvalidProtocolBufferException {
    UntypedVersionedMessage versioned = UntypedVersionedMessage.parseFrom(record);
    if (versioned.getVersion() != RECORD_VERSION || !versioned.hasData()) {
      throw new InvalidProtocolBufferException(
          "unsupported ACS record version " + versioned.getVersion() + " or missing data");
    }
    var admin = io.cantonrunbooks.cantonapi.admin.participant.v30.ActiveContract.parseFrom(versioned.getData());
    ActiveContract lapi = ActiveContract.parseFrom(admin.getActiveContract());
    Contract contract;
    try {
      contract = Contract.fromCreatedEventBlob(lapi.getCreatedEvent().getCreatedEventBlob().toByteArray());
    } catch (IllegalArgumentException e) {
      throw new InvalidProtocolBufferException(e.getMessage());
    }
    return new ImportRecord(
        contract,
        lapi.getSynchronizerId(),
        lapi.getReassignmentCounter(),
        lapi.getCreatedEvent().getRepresentativePackageId());
  }

  /**
   * Decodes a snapshot incrementally as bytes arrive, so an import never holds the whole compressed
   * snapshot: it inflates each slice and hands out every record that is complete.
   *
   * <p>Only the first gzip member is read, as Canton's decoder does; anything after it is ignored.
   */
  static final class StreamingDecoder {
    private static final int INFLATE_BLOCK = 64 * 1024;

    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private byte[] header = new byte[0];
    private boolean headerDone;
    private boolean memberDone;
    // Inflated bytes not yet parsed into records: pending[pendingStart, pendingEnd). The inflater
    // writes straight into it; it is compacted or grown only when it lacks room for one more block.
    private byte[] pending = new byte[2 * INFLATE_BLOCK];
    private int pendingStart;
    private int pendingEnd;
    private byte[] trailer = new byte[0];
    private long inflatedTotal;
    private boolean sawBytes;

    /** Feeds the next slice; returns every record that became complete. */
    List<byte[]> feed(byte[] slice) throws IOException {
      List<byte[]> records = new ArrayList<>();
      if (slice.length == 0 || memberDone) {
        if (memberDone && trailer.length < 8) {
          trailer = concat(trailer, Arrays.copyOf(slice, Math.min(slice.length, 8 - trailer.length)));
        }
        return records;
      }
      sawBytes = true;
      byte[] input = slice;
      if (!headerDone) {
        header = concat(header, input);
        int len = headerLength(header);
        if (len < 0) {
          return records;
        }
        headerDone = true;
        input = Arrays.copyOfRange(header, len, header.length);
        header = null;
      }
      inflater.setInput(input);
      try {
        while (!inflater.finished()) {
          makeRoom();
          int n = inflater.inflate(pending, pendingEnd, pending.length - pendingEnd);
          if (n == 0) {
            if (inflater.needsInput() || inflater.needsDictionary()) {
              break;
            }
          }
          crc.update(pending, pendingEnd, n);
          inflatedTotal += n;
          pendingEnd += n;
          parseRecords(records);
        }
      } catch (DataFormatException e) {
        throw new IOException("Corrupt gzip stream: " + e.getMessage(), e);
      }
      if (inflater.finished()) {
        memberDone = true;
        int rest = inflater.getRemaining();
        trailer = Arrays.copyOfRange(input, input.length - rest, Math.min(input.length, input.length - rest + 8));
      }
      return records;
    }

    /** Checks the stream ended cleanly; returns whether any snapshot byte was seen at all. */
    boolean finish() throws IOException {
      if (!sawBytes) {
        return false;
      }
      if (!memberDone) {
        throw new IOException("Unexpected end of ZLIB input stream");
      }
      if (trailer.length == 8) {
        long expectedCrc = le32(trailer, 0);
        long size = le32(trailer, 4);
        if (expectedCrc != crc.getValue() || size != (inflatedTotal & 0xffffffffL)) {
          throw new IOException("Corrupt GZIP trailer");
        }
      } else {
        throw new IOException("Truncated GZIP trailer");
      }
      if (pendingEnd != pendingStart) {
        throw new IOException("Truncated ACS record at the end of the snapshot");
      }
      return true;
    }

    /** Makes room for one inflated block after the pending bytes. */
    private void makeRoom() {
      if (pending.length - pendingEnd >= INFLATE_BLOCK) {
        return;
      }
      int live = pendingEnd - pendingStart;
      byte[] target = live + INFLATE_BLOCK > pending.length ? new byte[2 * (live + INFLATE_BLOCK)] : pending;
      System.arraycopy(pending, pendingStart, target, 0, live);
      pending = target;
      pendingStart = 0;
      pendingEnd = live;
    }

    private void parseRecords(List<byte[]> records) throws IOException {
      while (true) {
        int[] varint = readVarint(pending, pendingStart, pendingEnd);
        if (varint == null) {
          return;
        }
        int length = varint[0];
        int start = varint[1];
        if (pendingEnd - start < length) {
          return;
        }
        records.add(Arrays.copyOfRange(pending, start, start + length));
        pendingStart = start + length;
      }
    }

    private static int[] readVarint(byte[] b, int pos, int end) throws IOException {
      int result = 0;
      for (int shift = 0; shift < 35; shift += 7) {
        if (pos >= end) {
          return null;
        }
        int x = b[pos++];
        result |= (x & 0x7f) << shift;
        if ((x & 0x80) == 0) {
          if (result < 0) {
            throw new IOException("negative record length");
          }
          return new int[] {result, pos};
        }
      }
      throw new IOException("malformed varint record length");
    }

    /** Length of a complete gzip header at the start of {@code h}, or -1 if more bytes are needed. */
    private static int headerLength(byte[] h) throws IOException {
      if (h.length < 10) {
        return -1;
      }
      if ((h[0] & 0xff) != 0x1f || (h[1] & 0xff) != 0x8b || h[2] != 8) {
        throw new IOException("Not in GZIP format");
      }
      int flags = h[3] & 0xff;
      int pos = 10;
      if ((flags & 4) != 0) {
        if (h.length < pos + 2) {
          return -1;
        }
        int xlen = (h[pos] & 0xff) | ((h[pos + 1] & 0xff) << 8);
        pos += 2 + xlen;
      }
      for (int bit : new int[] {8, 16}) {
        if ((flags & bit) != 0) {
          while (true) {
            if (pos >= h.length) {
              return -1;
            }
            if (h[pos++] == 0) {
              break;
            }
          }
        }
      }
      if ((flags & 2) != 0) {
        pos += 2;
      }
      return pos <= h.length ? pos : -1;
    }

    private static long le32(byte[] b, int off) {
      return (b[off] & 0xffL) | ((b[off + 1] & 0xffL) << 8) | ((b[off + 2] & 0xffL) << 16) | ((b[off + 3] & 0xffL) << 24);
    }

    private static byte[] concat(byte[] a, byte[] b) {
      byte[] r = Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, r, a.length, b.length);
      return r;
    }
  }
}
