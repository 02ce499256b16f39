package io.cantonrunbooks.activities.canton;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Canton release version as a node reports it ({@code 3.5.2}, {@code 3.4.9-SNAPSHOT}).
 *
 * <p>The client chooses wire layouts from it (the ImportPartyAcs request changed between 3.4 and
 * 3.5) and runbooks refuse known-bad releases with it.
 */
public record CantonVersion(int major, int minor, int patch, String raw) implements Comparable<CantonVersion> {

  private static final Pattern SHAPE = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*$");

  public CantonVersion {
    Objects.requireNonNull(raw, "raw");
  }

  /**
   * Parses a version string.
   *
   * @throws IllegalArgumentException if it does not start with {@code major.minor}
   */
  public static CantonVersion parse(String raw) {
    var m = SHAPE.matcher(raw == null ? "" : raw.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a Canton version: '" + raw + "'");
    }
    return new CantonVersion(
        Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)),
        m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
        raw.strip());
  }

  public boolean isAtLeast(int major, int minor, int patch) {
    return compareTo(new CantonVersion(major, minor, patch, "")) >= 0;
  }

  @Override
  public int compareTo(CantonVersion other) {
    int c = Integer.compare(major, other.major);
    if (c == 0) {
      c = Integer.compare(minor, other.minor);
    }
    return c != 0 ? c : Integer.compare(patch, other.patch);
  }

  @Override
  public String toString() {
    return raw.isEmpty() ? major + "." + minor + "." + patch : raw;
  }
}
