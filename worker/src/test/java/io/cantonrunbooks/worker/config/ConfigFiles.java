package io.cantonrunbooks.worker.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.Assertions;

/** A scratch directory in which tests write configuration files and load them. */
final class ConfigFiles {

  private final Path dir;

  ConfigFiles(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /** Writes {@code name} with the given text (creating parent directories) and returns its path. */
  Path write(String name, String text) {
    try {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  RunbookConfig load(String text, Map<String, String> env, ConfigOverride... overrides)
      throws InvalidConfigException {
    return RunbookConfigLoader.load(Optional.of(write("worker.conf", text)), env, List.of(overrides));
  }

  RunbookConfig load(String text) throws InvalidConfigException {
    return load(text, Map.of());
  }

  /** Loads {@code text}, expecting failure, and returns each problem as its one-line sentence. */
  List<String> problems(String text, Map<String, String> env) {
    try {
      load(text, env);
    } catch (InvalidConfigException e) {
      return e.problems().stream().map(ConfigProblem::describe).toList();
    }
    return Assertions.fail("expected the configuration to be rejected:%n%s", text);
  }

  List<String> problems(String text) {
    return problems(text, Map.of());
  }
}
