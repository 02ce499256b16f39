package io.cantonrunbooks.worker.config;

import java.util.Optional;

/**
 * One thing wrong with the configuration: the key, what was expected and what was found.
 *
 * <p>{@link #describe()} is the sentence an operator reads, for example {@code
 * nodes.participant1.admin-api: expected host:port, got "localhost"}. The origin (file and line,
 * environment variable or flag) is kept apart so that messages stay stable when a file moves.
 *
 * @param key the full HOCON path of the offending key, or the source that could not be read
 * @param message what was expected and what was found
 * @param origin where the bad value came from, when known
 */
public record ConfigProblem(String key, String message, Optional<String> origin) {

  /** The problem as one sentence without its origin: {@code key: message}. */
  public String describe() {
    return key + ": " + message;
  }

  @Override
  public String toString() {
    return describe() + origin.map(o -> " (" + o + ")").orElse("");
  }
}
