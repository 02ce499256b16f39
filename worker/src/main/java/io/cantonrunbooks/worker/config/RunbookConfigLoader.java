package io.cantonrunbooks.worker.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a {@link RunbookConfig} from defaults, an optional HOCON file, environment variables and
 * command-line flags, and validates all of it before anything connects anywhere.
 *
 * <p>Precedence, highest first: flags ({@link ConfigOverride}), the environment variables in
 * {@link #ENV_OVERRIDES}, the file (from {@code --config}, else {@value #CONFIG_FILE_ENV}), the
 * built-in defaults. With no file at all the result is a worker for {@code localhost:7233} with an
 * empty inventory, which is what {@code dev-server} and {@code demo} need.
 *
 * <p>Every problem found is collected and thrown together as one {@link InvalidConfigException}.
 */
public final class RunbookConfigLoader {

  /** The environment variable naming the configuration file when {@code --config} is absent. */
  public static final String CONFIG_FILE_ENV = "RUNBOOK_CONFIG";

  /**
   * Environment variables that override one key each. They carry a {@code RUNBOOK_} prefix so that
   * a {@code TEMPORAL_ADDRESS} exported for the {@code temporal} CLI never redirects a worker.
   */
  public static final Map<String, String> ENV_OVERRIDES =
      Map.of(
          "RUNBOOK_TEMPORAL_ADDRESS", "temporal.address",
          "RUNBOOK_TEMPORAL_NAMESPACE", "temporal.namespace",
          "RUNBOOK_TASK_QUEUE", "worker.task-queue");

  private static final Pattern UNRESOLVED =
      Pattern.compile("substitution to a value: \\$\\{\\??([^}]+)\\}");

  private RunbookConfigLoader() {}

  /** Loads with the process's environment. */
  public static RunbookConfig load(Optional<Path> file, List<ConfigOverride> overrides)
      throws InvalidConfigException {
    return load(file, System.getenv(), overrides);
  }

  /**
   * Loads and validates the configuration.
   *
   * @param file the file given with {@code --config}; when empty, {@value #CONFIG_FILE_ENV} is read
   *     from {@code env}, and when that is unset too, only defaults apply
   * @param env the environment (a parameter so that tests need not change the real one)
   * @param overrides values from flags, which win over everything else
   * @throws InvalidConfigException listing every problem, each naming key, value and expectation
   */
  public static RunbookConfig load(
      Optional<Path> file, Map<String, String> env, List<ConfigOverride> overrides)
      throws InvalidConfigException {
    var problems = new ArrayList<ConfigProblem>();
    Optional<Path> source =
        file.or(() -> Optional.ofNullable(env.get(CONFIG_FILE_ENV)).filter(s -> !s.isBlank()).map(Path::of));
    String sourceName = file.isPresent() ? "--config" : CONFIG_FILE_ENV;

    Config fromFile = ConfigFactory.empty();
    Path baseDir = Path.of("").toAbsolutePath();
    if (source.isPresent()) {
      Path path = source.get().toAbsolutePath().normalize();
      baseDir = path.getParent();
      Optional<Config> parsed = parseFile(path, sourceName, source.get(), problems);
      if (parsed.isEmpty()) {
        throw new InvalidConfigException(problems);
      }
      fromFile = parsed.get();
    }

    Config merged = fromFile;
    for (var entry : new TreeMap<>(ENV_OVERRIDES).entrySet()) {
      String value = env.get(entry.getKey());
      if (value != null && !value.isBlank()) {
        merged = merged.withValue(entry.getValue(), ConfigValueFactory.fromAnyRef(value, entry.getKey()));
      }
    }
    for (ConfigOverride override : overrides) {
      merged =
          merged.withValue(override.key(), ConfigValueFactory.fromAnyRef(override.value(), override.source()));
    }

    Config resolved;
    try {
      resolved = resolveAgainstEnv(merged, env);
    } catch (ConfigException.UnresolvedSubstitution e) {
      problems.add(unresolved(e));
      throw new InvalidConfigException(problems);
    } catch (ConfigException e) {
      problems.add(new ConfigProblem("substitution", stripOrigin(e), origin(e.origin())));
      throw new InvalidConfigException(problems);
    }

    RunbookConfig config = new ConfigReader(resolved, env, baseDir, source, problems).read();
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return config;
  }

  /**
   * Resolves {@code ${?VAR}} substitutions against the given environment rather than the real one,
   * so that what tests pass in is all that counts.
   */
  private static Config resolveAgainstEnv(Config merged, Map<String, String> env) {
    Config envConfig = ConfigFactory.parseMap(withoutDottedNames(env), "environment");
    return merged.resolveWith(
        merged.withFallback(envConfig), ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
  }

  private static Map<String, String> withoutDottedNames(Map<String, String> env) {
    // Environment names never contain dots in practice; skip the odd one that would split a path.
    var result = new LinkedHashMap<String, String>();
    env.forEach(
        (k, v) -> {
          if (!k.contains(".") && !k.isEmpty()) {
            result.put(k, v);
          }
        });
    return result;
  }

  private static Optional<Config> parseFile(
      Path path, String sourceName, Path asGiven, List<ConfigProblem> problems) {
    if (!Files.exists(path)) {
      problems.add(problem(sourceName, "expected a readable HOCON file, got \"" + asGiven + "\" (no such file)"));
      return Optional.empty();
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      problems.add(problem(sourceName, "expected a readable HOCON file, got \"" + asGiven + "\" (not a readable file)"));
      return Optional.empty();
    }
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      problems.add(problem(sourceName, "expected a readable HOCON file, got \"" + asGiven + "\" (" + e.getMessage() + ")"));
      return Optional.empty();
    }
    Config config;
    try {
      config =
          ConfigFactory.parseFile(
              path.toFile(),
              ConfigParseOptions.defaults().setAllowMissing(false).setSyntax(ConfigSyntax.CONF));
    } catch (ConfigException e) {
      String where = path.getFileName() + (e.origin() != null && e.origin().lineNumber() > 0 ? ":" + e.origin().lineNumber() : "");
      problems.add(new ConfigProblem(where, "invalid HOCON, " + stripOrigin(e), Optional.empty()));
      return Optional.empty();
    }
    reportDuplicateBlocks(text, path, problems);
    return Optional.of(config);
  }

  private static void reportDuplicateBlocks(String text, Path path, List<ConfigProblem> problems) {
    BlockScanner.objectBlocks(text)
        .forEach(
            (blockPath, lines) -> {
              if (lines.size() > 1 && blockPath.startsWith("nodes.") && blockPath.indexOf('.', 6) < 0) {
                problems.add(
                    new ConfigProblem(
                        blockPath,
                        "expected one block per node, got "
                            + lines.size()
                            + " blocks (lines "
                            + joinLines(lines)
                            + "), which HOCON would silently merge into one node; rename or remove one",
                        Optional.of(path.getFileName().toString())));
              }
            });
  }

  private static String joinLines(List<Integer> lines) {
    var text = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      text.append(i == 0 ? "" : i == lines.size() - 1 ? " and " : ", ").append(lines.get(i));
    }
    return text.toString();
  }

  private static ConfigProblem unresolved(ConfigException.UnresolvedSubstitution e) {
    Matcher m = UNRESOLVED.matcher(e.getMessage());
    String key = m.find() ? m.group(1) : "substitution";
    return new ConfigProblem(
        key,
        "expected a definition (it is referenced as ${" + key + "}), got nothing",
        origin(e.origin()));
  }

  private static ConfigProblem problem(String key, String message) {
    return new ConfigProblem(key, message, Optional.empty());
  }

  /** Typesafe prefixes messages with the origin; the problem carries the origin separately. */
  static String stripOrigin(ConfigException e) {
    String message = e.getMessage();
    if (e.origin() != null) {
      String prefix = e.origin().description() + ": ";
      if (message.startsWith(prefix)) {
        message = message.substring(prefix.length());
      }
    }
    return message;
  }

  /** Renders where a value came from: {@code worker.conf:12}, an env var, or a flag. */
  static Optional<String> origin(ConfigOrigin origin) {
    if (origin == null) {
      return Optional.empty();
    }
    if (origin.filename() != null) {
      String name = Path.of(origin.filename()).getFileName().toString();
      return Optional.of(origin.lineNumber() > 0 ? name + ":" + origin.lineNumber() : name);
    }
    String description = origin.description();
    return description == null || description.isBlank() ? Optional.empty() : Optional.of(description);
  }
}
