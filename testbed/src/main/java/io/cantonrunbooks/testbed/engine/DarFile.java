package io.cantonrunbooks.testbed.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;

/**
 * Reads what the testbed needs from DAR bytes, and builds small DARs for tests and the demo.
 *
 * <p>The testbed cannot interpret Daml-LF. It takes the main package id, name and version from the
 * manifest's {@code Main-Dalf} entry ({@code name-version-packageid.dalf}), as real DARs name it, and
 * falls back to the SHA-256 of the bytes.
 */
public final class DarFile {
  private static final Pattern MAIN_DALF =
      Pattern.compile("(?:.*/)?(.+)-([0-9][^-/]*)-([0-9a-f]{64})\\.dalf");

  private DarFile() {}

  /** Describes uploaded DAR bytes. */
  public static Dar describe(byte[] bytes, String description) {
    try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(bytes))) {
      Manifest manifest = jar.getManifest();
      String mainDalf = manifest == null ? null : manifest.getMainAttributes().getValue("Main-Dalf");
      if (mainDalf != null) {
        Matcher m = MAIN_DALF.matcher(mainDalf.trim());
        if (m.matches()) {
          return new Dar(m.group(3), m.group(1), m.group(2), orEmpty(description), List.of(m.group(3)));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not a readable zip: fall through to the content hash, as for any opaque upload.
    }
    String pkg = HexFormat.of().formatHex(Ids.sha256(bytes));
    return new Dar(pkg, "dar-" + pkg.substring(0, 8), "0.0.0", orEmpty(description), List.of(pkg));
  }

  /** Builds a minimal DAR whose manifest names one main package. */
  public static byte[] build(String name, String version, String packageId) {
    try {
      Manifest manifest = new Manifest();
      Attributes attrs = manifest.getMainAttributes();
      attrs.put(Attributes.Name.MANIFEST_VERSION, "1.0");
      String dalf = name + "-" + version + "-" + packageId + "/" + name + "-" + version + "-" + packageId + ".dalf";
      attrs.putValue("Main-Dalf", dalf);
      attrs.putValue("Format", "daml-lf");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
        jar.putNextEntry(new ZipEntry(dalf));
        jar.write(("testbed package " + name).getBytes(StandardCharsets.UTF_8));
        jar.closeEntry();
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
