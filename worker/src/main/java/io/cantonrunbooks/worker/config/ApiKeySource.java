package io.cantonrunbooks.worker.config;

import java.util.Map;
import java.util.Optional;

/**
 * Where the Temporal Cloud API key comes from: written in the file ({@code temporal.api-key}) or
 * read from an environment variable ({@code temporal.api-key-env}). Exactly one is present.
 *
 * <p>{@link #toString()} never shows the key itself.
 */
public record ApiKeySource(Optional<String> value, Optional<String> envVar) {

  public ApiKeySource {
    if (value.isPresent() == envVar.isPresent()) {
      throw new IllegalArgumentException("an API key source needs exactly one of value or env");
    }
  }

  /** Reads the key now, from the given environment when it names a variable. */
  public String read(Map<String, String> env) {
    return value.orElseGet(
        () -> {
          String key = env.get(envVar.orElseThrow());
          if (key == null || key.isBlank()) {
            throw new IllegalStateException("environment variable " + envVar.get() + " is not set");
          }
          return key;
        });
  }

  @Override
  public String toString() {
    return envVar.map(v -> "env " + v).orElse("inline (****)");
  }
}
