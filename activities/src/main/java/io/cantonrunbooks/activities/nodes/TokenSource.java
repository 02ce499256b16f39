package io.cantonrunbooks.activities.nodes;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a bearer token is read from: a file (re-read on every connection, so rotation works) or
 * an environment variable. Exactly one is present.
 */
public record TokenSource(Optional<Path> file, Optional<String> envVar) {

  public TokenSource {
    if (file.isPresent() == envVar.isPresent()) {
      throw new IllegalArgumentException("a token source needs exactly one of file or env");
    }
  }

  public static TokenSource fromFile(Path file) {
    return new TokenSource(Optional.of(file), Optional.empty());
  }

  public static TokenSource fromEnv(String variable) {
    return new TokenSource(Optional.empty(), Optional.of(variable));
  }

  @Override
  public String toString() {
    return file.map(f -> "file " + f).orElseGet(() -> "env " + envVar.orElseThrow());
  }
}
