package io.cantonrunbooks.testbed.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A contract as the testbed stores it: id, template, package name, stakeholders, creation time and an
 * opaque argument.
 *
 * <p>Two contracts are the same contract content only if every field is equal; the import uses this to
 * tell an idempotent re-import from a conflicting one. {@link #createdEventBlob()} is the testbed's
 * stand-in for Canton's opaque created-event blob: the import decodes the contract from it, as a real
 * node does.
 */
public record Contract(
    String contractId,
    TemplateId templateId,
    String packageName,
    List<String> signatories,
    List<String> observers,
    Instant createdAt,
    String argument)
    implements Serializable {

  private static final int BLOB_MAGIC = 0x54424331; // "TBC1"

  public Contract {
    signatories = List.copyOf(signatories);
    observers = List.copyOf(observers);
  }

  /** Every party that is a signatory or an observer. */
  public Set<String> stakeholders() {
    Set<String> all = new TreeSet<>(signatories);
    all.addAll(observers);
    return all;
  }

  /** Whether {@code party} is a signatory or an observer. */
  public boolean hasStakeholder(String party) {
    return signatories.contains(party) || observers.contains(party);
  }

  /** Encodes this contract as the opaque created-event blob carried in ACS snapshots. */
  public byte[] createdEventBlob() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(BLOB_MAGIC);
      out.writeUTF(contractId);
      out.writeUTF(templateId.packageId());
      out.writeUTF(templateId.moduleName());
      out.writeUTF(templateId.entityName());
      out.writeUTF(packageName);
      writeList(out, signatories);
      writeList(out, observers);
      out.writeLong(createdAt.getEpochSecond());
      out.writeInt(createdAt.getNano());
      out.writeUTF(argument);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Decodes a created-event blob written by {@link #createdEventBlob()}.
   *
   * @throws IllegalArgumentException if the bytes are not a testbed contract blob
   */
  public static Contract fromCreatedEventBlob(byte[] blob) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob))) {
      if (in.readInt() != BLOB_MAGIC) {
        throw new IllegalArgumentException("not a testbed created-event blob");
      }
      String cid = in.readUTF();
      TemplateId template = new TemplateId(in.readUTF(), in.readUTF(), in.readUTF());
      String packageName = in.readUTF();
      List<String> sigs = readList(in);
      List<String> obs = readList(in);
      Instant created = Instant.ofEpochSecond(in.readLong(), in.readInt());
      String argument = in.readUTF();
      return new Contract(cid, template, packageName, sigs, obs, created, argument);
    } catch (IOException e) {
      throw new IllegalArgumentException("undecodable created-event blob: " + e.getMessage(), e);
    }
  }

  private static void writeList(DataOutputStream out, List<String> values) throws IOException {
    out.writeInt(values.size());
    for (String v : values) {
      out.writeUTF(v);
    }
  }

  private static List<String> readList(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 10_000) {
      throw new IOException("bad list length " + n);
    }
    List<String> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(in.readUTF());
    }
    return values;
  }
}
