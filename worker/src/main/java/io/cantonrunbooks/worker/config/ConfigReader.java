package io.cantonrunbooks.worker.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.cantonrunbooks.activities.keys.ApproverRegistry;
import io.cantonrunbooks.activities.nodes.BackupConfig;
import io.cantonrunbooks.activities.nodes.Endpoint;
import io.cantonrunbooks.activities.nodes.NodeConfig;
import io.cantonrunbooks.activities.nodes.NodeInventory;
import io.cantonrunbooks.activities.nodes.TlsConfig;
import io.cantonrunbooks.activities.nodes.TokenSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns a resolved HOCON tree into a {@link RunbookConfig}, recording a {@link ConfigProblem} for
 * every key that is unknown, of the wrong type or out of range, instead of stopping at the first.
 *
 * <p>Each section declares the keys it knows, so an unknown key is reported with the closest known
 * one as a hint. Values are typed strictly: HOCON would turn {@code 5001} into {@code "5001"} or
 * {@code "yes"} into {@code true}, which hides mistakes in an operator's file.
 */
final class ConfigReader {

  static final String DEFAULT_ADDRESS = "localhost:7233";
  static final String DEFAULT_NAMESPACE = "default";
  static final String DEFAULT_TASK_QUEUE = "canton-runbooks";
  static final int DEFAULT_MAX_CONCURRENT_ACTIVITIES = 50;
  static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
  static final Path DEFAULT_STATE_DIRECTORY = Path.of(".runbook");

  private static final List<String> ROOT_KEYS =
      List.of("temporal", "worker", "nodes", "acs", "metrics", "disabled-runbooks", "approvals");
  private static final List<String> APPROVALS_KEYS = List.of("keys", "require-signatures");
  private static final List<String> TEMPORAL_KEYS =
      List.of("address", "namespace", "tls", "api-key", "api-key-env", "encryption");
  private static final List<String> ENCRYPTION_KEYS = List.of("key-id", "key-file", "old-keys");
  private static final List<String> OLD_KEY_KEYS = List.of("key-id", "key-file");
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final List<String> TEMPORAL_TLS_KEYS = List.of("cert", "key", "ca", "server-name");
  private static final List<String> WORKER_KEYS =
      List.of("task-queue", "local-nodes", "max-concurrent-activities", "shutdown-timeout", "activity-heartbeat-timeout",
          "sticky-execution");
  private static final List<String> NODE_KEYS =
      List.of("admin-api", "ledger-api", "tls", "token", "task-queue", "backup");
  private static final List<String> NODE_TLS_KEYS = List.of("enabled", "ca", "cert", "key");
  private static final List<String> TOKEN_KEYS = List.of("file", "env");
  private static final List<String> BACKUP_KEYS =
      List.of("provider", "backup-command", "restore-command", "directory");
  private static final List<String> ACS_KEYS = List.of("directory", "retention");
  private static final List<String> METRICS_KEYS = List.of("port", "host");

  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):([0-9]{1,9})");
  private static final Pattern HOST =
      Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
  private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Config config;
  private final Map<String, String> env;
  private final Path baseDir;
  private final Path workDir;
  private final Optional<Path> source;
  private final List<ConfigProblem> problems;
  private final Set<String> definedNodeNames = new TreeSet<>();

  ConfigReader(
      Config config,
      Map<String, String> env,
      Path baseDir,
      Optional<Path> source,
      List<ConfigProblem> problems) {
    this.config = config;
    this.env = env;
    this.baseDir = baseDir;
    this.workDir = Path.of("").toAbsolutePath();
    this.source = source;
    this.problems = problems;
  }

  RunbookConfig read() {
    var root = new Section("", config.root(), ROOT_KEYS);
    TemporalSettings temporal = readTemporal(root.section("temporal", TEMPORAL_KEYS));
    Section workerSection = root.section("worker", WORKER_KEYS);
    String taskQueue = workerSection.nonBlank("task-queue").orElse(DEFAULT_TASK_QUEUE);
    NodeInventory inventory = readNodes(root, taskQueue);
    WorkerSettings worker = readWorker(workerSection, taskQueue);
    Section acs = root.section("acs", ACS_KEYS);
    Path acsDirectory = acs.directory("directory").orElse(workDir.resolve(DEFAULT_STATE_DIRECTORY).resolve("acs"));
    Duration acsRetention = acs.positiveDuration("retention").orElse(Duration.ZERO);
    List<String> disabled = root.stringList("disabled-runbooks", "a list of runbook names").orElse(List.of());
    MetricsSettings metrics = readMetrics(root.section("metrics", METRICS_KEYS));
    ApproverRegistry approvers = readApprovers(root.section("approvals", APPROVALS_KEYS));
    return new RunbookConfig(
        temporal, worker, inventory, acsDirectory, acsRetention, disabled, metrics, approvers,
        source.map(Path::toAbsolutePath));
  }

  /**
   * {@code approvals.keys { bob = "ssh-ed25519 AAAA… bob@ops" }}: the approver registry. Each key
   * must be an OpenSSH Ed25519 public key, and no key may belong to two approvers (it would count
   * twice towards minApprovers). With keys, signatures are required unless {@code
   * require-signatures = false}.
   */
  private ApproverRegistry readApprovers(Section a) {
    Map<String, String> keys = new TreeMap<>();
    if (a.has("keys")) {
      Section k = a.section("keys", null);
      for (String approver : k.object == null ? Set.<String>of() : new TreeSet<>(k.object.keySet())) {
        k.string(approver, "an OpenSSH Ed25519 public key \"ssh-ed25519 AAAA… [comment]\"")
            .ifPresent(line -> keys.put(approver, line.strip()));
      }
      ApproverRegistry.keyProblems(keys).forEach((approver, problem) -> {
        k.problem(approver, problem);
        keys.remove(approver);
      });
    }
    boolean required = a.bool("require-signatures").orElse(!keys.isEmpty());
    if (required && keys.isEmpty()) {
      a.problem("require-signatures", "expected approvals.keys as well: signatures cannot be required without keys to check them");
      required = false;
    }
    return new ApproverRegistry(keys, required);
  }

  private MetricsSettings readMetrics(Section m) {
    OptionalInt port = m.port("port");
    Optional<String> host = m.nonBlank("host");
    if (host.isPresent() && !HOST.matcher(host.get()).matches()) {
      m.problem("host", "expected a host name or IP address to listen on, such as \"127.0.0.1\", got " + m.describe("host"));
      host = Optional.empty();
    } else if (host.isPresent() && !m.has("port")) {
      m.problem("host", "expected metrics.port as well (the endpoint is off without a port), got only "
          + m.key("host") + " = " + m.describe("host"));
    }
    return new MetricsSettings(port, host.orElse(MetricsSettings.ALL_INTERFACES));
  }

  private TemporalSettings readTemporal(Section s) {
    Optional<String> address = s.string("address", "host:port or \"embedded\"");
    address.ifPresent(
        a -> {
          if (!TemporalSettings.EMBEDDED.equals(a)) {
            hostPort(s, "address", a, "host:port or \"embedded\"");
          }
        });
    String namespace = s.nonBlank("namespace").orElse(DEFAULT_NAMESPACE);
    boolean embedded = address.map(TemporalSettings.EMBEDDED::equals).orElse(false);

    Optional<TemporalTls> tls = Optional.empty();
    if (s.has("tls")) {
      Section t = s.section("tls", TEMPORAL_TLS_KEYS);
      Optional<Path> cert = t.readableFile("cert");
      Optional<Path> key = t.readableFile("key");
      pairRequired(t, "cert", "key");
      tls = Optional.of(new TemporalTls(cert, key, t.readableFile("ca"), t.nonBlank("server-name")));
      if (embedded) {
        s.problem("tls", "expected no TLS settings with temporal.address = \"embedded\" (the embedded server is plaintext), got a tls block");
      }
    }

    Optional<ApiKeySource> apiKey = Optional.empty();
    Optional<String> inline = s.nonBlank("api-key");
    Optional<String> fromEnv = s.envName("api-key-env");
    if (inline.isPresent() && fromEnv.isPresent()) {
      s.problem("api-key", "expected only one of temporal.api-key and temporal.api-key-env, got both");
    } else if (inline.isPresent() || fromEnv.isPresent()) {
      apiKey = Optional.of(new ApiKeySource(inline, fromEnv));
      if (embedded) {
        s.problem(
            inline.isPresent() ? "api-key" : "api-key-env",
            "expected no API key with temporal.address = \"embedded\" (the embedded server has no authentication), got one");
      }
    }
    Optional<EncryptionSettings> encryption =
        s.has("encryption") ? readEncryption(s.section("encryption", ENCRYPTION_KEYS)) : Optional.empty();
    return new TemporalSettings(address.orElse(DEFAULT_ADDRESS), namespace, tls, apiKey, encryption);
  }

  private Optional<EncryptionSettings> readEncryption(Section e) {
    if (e.object == null) {
      return Optional.empty();
    }
    int before = problems.size();
    Optional<EncryptionSettings.KeyFile> current = keyFile(e);
    var oldKeys = new ArrayList<EncryptionSettings.KeyFile>();
    var ids = new TreeSet<String>();
    current.ifPresent(k -> ids.add(k.keyId()));
    ConfigValue list = e.value("old-keys");
    if (list != null && list.valueType() != ConfigValueType.LIST) {
      e.problem("old-keys", "expected a list of { key-id, key-file } objects, got " + e.describe("old-keys"));
    } else if (list != null) {
      var items = (com.typesafe.config.ConfigList) list;
      for (int i = 0; i < items.size(); i++) {
        ConfigValue item = items.get(i);
        String itemKey = e.key("old-keys") + "[" + i + "]";
        if (item.valueType() != ConfigValueType.OBJECT) {
          problems.add(new ConfigProblem(itemKey, "expected a { key-id, key-file } object, got " + describe(item),
              RunbookConfigLoader.origin(item.origin())));
          continue;
        }
        Section old = new Section(itemKey, (ConfigObject) item, OLD_KEY_KEYS);
        keyFile(old).ifPresent(k -> {
          // Two keys under one id would make decryption depend on which one happens to win.
          if (!ids.add(k.keyId())) {
            old.problem("key-id", "expected a key id used once across temporal.encryption, got \"" + k.keyId() + "\" again");
          } else {
            oldKeys.add(k);
          }
        });
      }
    }
    if (problems.size() > before || current.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new EncryptionSettings(current.get(), oldKeys));
  }

  /** Reads {@code key-id} and {@code key-file} of one key; both are required. */
  private Optional<EncryptionSettings.KeyFile> keyFile(Section k) {
    Optional<String> id = Optional.empty();
    if (!k.has("key-id")) {
      k.problem("key-id", "expected a key id such as \"2025-01\", got nothing");
    } else {
      id = k.string("key-id", "a key id of letters, digits, '.', '-' and '_'");
      if (id.isPresent() && !KEY_ID.matcher(id.get()).matches()) {
        k.problem("key-id", "expected a key id of letters, digits, '.', '-' and '_', got \"" + id.get() + "\"");
        id = Optional.empty();
      }
    }
    Optional<Path> file = Optional.empty();
    if (!k.has("key-file")) {
      k.problem("key-file", "expected a readable file holding a base64-encoded 32-byte key, got nothing");
    } else {
      file = k.readableFile("key-file");
    }
    if (id.isEmpty() || file.isEmpty()) {
      return Optional.empty();
    }
    var key = new EncryptionSettings.KeyFile(id.get(), file.get());
    try {
      key.read();
    } catch (java.io.IOException | IllegalArgumentException bad) {
      // The reason says what the content looks like (length, not base64), never the content.
      k.problem("key-file", "expected a file holding a base64-encoded 32-byte key, got "
          + k.describe("key-file") + " (" + bad.getMessage() + ")");
      return Optional.empty();
    }
    return Optional.of(key);
  }

  private WorkerSettings readWorker(Section s, String taskQueue) {
    Optional<List<String>> localNodes = s.stringList("local-nodes", "a list of node names");
    localNodes.ifPresent(
        names -> {
          for (int i = 0; i < names.size(); i++) {
            // Compare with the names written, not the nodes that passed validation, so that an
            // invalid node is reported once and not again as "unknown".
            if (!definedNodeNames.contains(names.get(i))) {
              var known = List.copyOf(definedNodeNames);
              problems.add(
                  new ConfigProblem(
                      s.key("local-nodes") + "[" + i + "]",
                      "expected a node defined under nodes ("
                          + (known.isEmpty() ? "none are" : String.join(", ", known))
                          + "), got \""
                          + names.get(i)
                          + "\"",
                      s.origin("local-nodes")));
            }
          }
        });
    int maxActivities =
        s.positiveInt("max-concurrent-activities").orElse(DEFAULT_MAX_CONCURRENT_ACTIVITIES);
    Duration shutdown = s.positiveDuration("shutdown-timeout").orElse(DEFAULT_SHUTDOWN_TIMEOUT);
    Optional<Duration> heartbeat = s.positiveDuration("activity-heartbeat-timeout");
    if (heartbeat.isPresent() && heartbeat.get().compareTo(WorkerSettings.SHORTEST_HEARTBEAT_TIMEOUT) < 0) {
      s.problem("activity-heartbeat-timeout", "expected a duration of at least 1s (activities heartbeat every"
          + " quarter of it), got " + s.describe("activity-heartbeat-timeout"));
      heartbeat = Optional.empty();
    }
    boolean sticky = s.bool("sticky-execution").orElse(false);
    return new WorkerSettings(taskQueue, localNodes, maxActivities, shutdown, heartbeat, sticky);
  }

  private NodeInventory readNodes(Section root, String defaultTaskQueue) {
    if (!root.has("nodes")) {
      return new NodeInventory(List.of());
    }
    Section nodesSection = root.section("nodes", null);
    var nodes = new ArrayList<NodeConfig>();
    if (nodesSection.object == null) {
      return new NodeInventory(nodes);
    }
    var byLowerCase = new LinkedHashMap<String, String>();
    definedNodeNames.addAll(nodesSection.object.keySet());
    for (String name : new TreeSet<>(nodesSection.object.keySet())) {
      String key = nodesSection.key(name);
      if (!NODE_NAME.matcher(name).matches()) {
        problems.add(
            new ConfigProblem(
                nodesSection.key("\"" + name + "\""),
                "expected a node name of letters, digits, '-' and '_', got \"" + name + "\"",
                nodesSection.origin(name)));
        continue;
      }
      String clash = byLowerCase.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
      if (clash != null) {
        problems.add(
            new ConfigProblem(
                key,
                "expected a node name unique ignoring case, got \"" + name + "\" (also defined as \"" + clash + "\")",
                nodesSection.origin(name)));
        continue;
      }
      readNode(nodesSection.section(name, NODE_KEYS), name, defaultTaskQueue).ifPresent(nodes::add);
    }
    return new NodeInventory(nodes);
  }

  private Optional<NodeConfig> readNode(Section n, String name, String defaultTaskQueue) {
    if (n.object == null) {
      return Optional.empty();
    }
    Optional<Endpoint> admin = n.endpoint("admin-api");
    Optional<Endpoint> ledger = n.endpoint("ledger-api");
    TlsConfig tls = readNodeTls(n);
    Optional<TokenSource> token = readToken(n);
    String taskQueue = n.nonBlank("task-queue").orElse(defaultTaskQueue);
    BackupConfig backup = readBackup(n.section("backup", BACKUP_KEYS), name);
    if (admin.isEmpty() || ledger.isEmpty() || tls == null || token == null || backup == null) {
      return Optional.empty();
    }
    return Optional.of(new NodeConfig(name, admin.get(), ledger.get(), tls, token, taskQueue, backup));
  }

  /** Returns null when the block is invalid (the problem is already recorded). */
  private TlsConfig readNodeTls(Section n) {
    if (!n.has("tls")) {
      return TlsConfig.plaintext();
    }
    Section t = n.section("tls", NODE_TLS_KEYS);
    int before = problems.size();
    Optional<Path> ca = t.readableFile("ca");
    Optional<Path> cert = t.readableFile("cert");
    Optional<Path> key = t.readableFile("key");
    pairRequired(t, "cert", "key");
    boolean anyFile = t.has("ca") || t.has("cert") || t.has("key");
    Optional<Boolean> enabled = t.bool("enabled");
    if (enabled.isPresent() && !enabled.get() && anyFile) {
      String first = t.has("ca") ? "ca" : t.has("cert") ? "cert" : "key";
      t.problem(first, "expected no TLS files when " + t.key("enabled") + " = false, got " + t.describe(first));
    }
    if (problems.size() > before) {
      return null;
    }
    return new TlsConfig(enabled.orElse(true), ca, cert, key);
  }

  /** Returns null when the block is invalid, empty when the node needs no token. */
  private Optional<TokenSource> readToken(Section n) {
    if (!n.has("token")) {
      return Optional.empty();
    }
    Section t = n.section("token", TOKEN_KEYS);
    if (t.object == null) {
      return null;
    }
    if (t.has("file") == t.has("env")) {
      n.problem("token", "expected exactly one of file or env, got " + (t.has("file") ? "both" : "neither"));
      return null;
    }
    int before = problems.size();
    Optional<Path> file = t.readableFile("file");
    Optional<String> envVar = t.envName("env");
    if (problems.size() > before) {
      return null;
    }
    return Optional.of(file.map(TokenSource::fromFile).orElseGet(() -> TokenSource.fromEnv(envVar.orElseThrow())));
  }

  private BackupConfig readBackup(Section b, String node) {
    int before = problems.size();
    Optional<String> providerName = b.string("provider", "one of testbed, command, none");
    BackupConfig.Provider provider = BackupConfig.Provider.NONE;
    if (providerName.isPresent()) {
      try {
        provider = BackupConfig.Provider.valueOf(providerName.get().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        b.problem("provider", "expected one of testbed, command, none, got \"" + providerName.get() + "\"");
      }
    }
    Optional<String> backupCommand = b.nonBlank("backup-command");
    Optional<String> restoreCommand = b.nonBlank("restore-command");
    String providerText = provider.name().toLowerCase(Locale.ROOT);
    for (String command : List.of("backup-command", "restore-command")) {
      if (provider == BackupConfig.Provider.COMMAND && !b.has(command)) {
        b.problem(command, "expected a shell command when " + b.key("provider") + " = command, got nothing");
      } else if (provider != BackupConfig.Provider.COMMAND && b.has(command)) {
        b.problem(command, "expected nothing when " + b.key("provider") + " = " + providerText + ", got " + b.describe(command));
      }
    }
    Path directory =
        b.directory("directory")
            .orElse(workDir.resolve(DEFAULT_STATE_DIRECTORY).resolve("backups").resolve(node));
    if (problems.size() > before) {
      return null;
    }
    return new BackupConfig(provider, backupCommand, restoreCommand, directory);
  }

  private void pairRequired(Section s, String a, String b) {
    if (s.has(a) && !s.has(b)) {
      s.problem(b, "expected a readable file when " + s.key(a) + " is set, got nothing");
    } else if (s.has(b) && !s.has(a)) {
      s.problem(a, "expected a readable file when " + s.key(b) + " is set, got nothing");
    }
  }

  private Optional<Endpoint> hostPort(Section s, String name, String value, String expected) {
    var m = HOST_PORT.matcher(value);
    if (!m.matches()) {
      s.problem(name, "expected " + expected + ", got \"" + value + "\"");
      return Optional.empty();
    }
    int port = Integer.parseInt(m.group(3));
    if (port < 1 || port > 65535) {
      s.problem(name, "expected " + expected + " with a port from 1 to 65535, got \"" + value + "\"");
      return Optional.empty();
    }
    return Optional.of(new Endpoint(m.group(1), port));
  }

  /** One object in the tree, with the keys it allows (null: any key, as under {@code nodes}). */
  private final class Section {
    final String path;
    final ConfigObject object;

    Section(String path, ConfigObject object, List<String> allowed) {
      this.path = path;
      this.object = object;
      if (object != null && allowed != null) {
        for (String key : new TreeSet<>(object.keySet())) {
          if (!allowed.contains(key)) {
            problems.add(new ConfigProblem(key(key), unknownKeyMessage(key, allowed), origin(key)));
          }
        }
      }
    }

    String key(String name) {
      return path.isEmpty() ? name : path + "." + name;
    }

    boolean has(String name) {
      return object != null && object.containsKey(name);
    }

    ConfigValue value(String name) {
      return object == null ? null : object.get(name);
    }

    Optional<String> origin(String name) {
      ConfigValue v = value(name);
      return v == null ? Optional.empty() : RunbookConfigLoader.origin(v.origin());
    }

    void problem(String name, String message) {
      problems.add(new ConfigProblem(key(name), message, origin(name)));
    }

    String describe(String name) {
      return ConfigReader.describe(value(name));
    }

    /** A sub-object; absent gives an empty section so defaults apply; a non-object is a problem. */
    Section section(String name, List<String> allowed) {
      ConfigValue v = value(name);
      if (v == null) {
        return new Section(key(name), ConfigFactory.empty().root(), allowed);
      }
      if (v.valueType() != ConfigValueType.OBJECT) {
        problem(name, "expected an object, got " + describe(name));
        return new Section(key(name), null, allowed);
      }
      return new Section(key(name), (ConfigObject) v, allowed);
    }

    Optional<String> string(String name, String expected) {
      ConfigValue v = value(name);
      if (v == null) {
        return Optional.empty();
      }
      if (v.valueType() != ConfigValueType.STRING) {
        problem(name, "expected " + expected + ", got " + describe(name));
        return Optional.empty();
      }
      return Optional.of((String) v.unwrapped());
    }

    Optional<String> nonBlank(String name) {
      Optional<String> s = string(name, "a non-empty string");
      if (s.isPresent() && s.get().isBlank()) {
        problem(name, "expected a non-empty string, got \"\"");
        return Optional.empty();
      }
      return s;
    }

    Optional<Endpoint> endpoint(String name) {
      if (!has(name)) {
        if (object != null) {
          problems.add(
              new ConfigProblem(
                  key(name), "expected host:port, got nothing", RunbookConfigLoader.origin(object.origin())));
        }
        return Optional.empty();
      }
      return string(name, "host:port").flatMap(v -> hostPort(this, name, v, "host:port"));
    }

    Optional<Boolean> bool(String name) {
      ConfigValue v = value(name);
      if (v == null) {
        return Optional.empty();
      }
      if (v.valueType() != ConfigValueType.BOOLEAN) {
        problem(name, "expected true or false, got " + describe(name));
        return Optional.empty();
      }
      return Optional.of((Boolean) v.unwrapped());
    }

    Optional<Integer> positiveInt(String name) {
      ConfigValue v = value(name);
      if (v == null) {
        return Optional.empty();
      }
      if (v.valueType() == ConfigValueType.NUMBER) {
        Number n = (Number) v.unwrapped();
        if (n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 1 && n.doubleValue() <= Integer.MAX_VALUE) {
          return Optional.of(n.intValue());
        }
      }
      problem(name, "expected a whole number of at least 1, got " + describe(name));
      return Optional.empty();
    }

    OptionalInt port(String name) {
      ConfigValue v = value(name);
      if (v == null) {
        return OptionalInt.empty();
      }
      if (v.valueType() == ConfigValueType.NUMBER) {
        double n = ((Number) v.unwrapped()).doubleValue();
        if (n == Math.rint(n) && n >= 1 && n <= 65535) {
          return OptionalInt.of((int) n);
        }
      }
      problem(name, "expected a port number from 1 to 65535, got " + describe(name));
      return OptionalInt.empty();
    }

    Optional<Duration> positiveDuration(String name) {
      ConfigValue v = value(name);
      if (v == null) {
        return Optional.empty();
      }
      Duration d = null;
      if (v.valueType() == ConfigValueType.STRING || v.valueType() == ConfigValueType.NUMBER) {
        try {
          d = ConfigFactory.empty().withValue("d", v).getDuration("d");
        } catch (ConfigException e) {
          d = null;
        }
      }
      if (d == null || d.isNegative() || d.isZero()) {
        problem(name, "expected a positive duration such as \"30s\", got " + describe(name));
        return Optional.empty();
      }
      return Optional.of(d);
    }

    Optional<List<String>> stringList(String name, String expected) {
      ConfigValue v = value(name);
      if (v == null) {
        return Optional.empty();
      }
      if (v.valueType() != ConfigValueType.LIST) {
        problem(name, "expected " + expected + ", got " + describe(name));
        return Optional.empty();
      }
      var result = new ArrayList<String>();
      var list = (com.typesafe.config.ConfigList) v;
      for (int i = 0; i < list.size(); i++) {
        ConfigValue item = list.get(i);
        if (item.valueType() != ConfigValueType.STRING || ((String) item.unwrapped()).isBlank()) {
          problems.add(
              new ConfigProblem(
                  key(name) + "[" + i + "]",
                  "expected a non-empty string, got " + ConfigReader.describe(item),
                  RunbookConfigLoader.origin(item.origin())));
        } else {
          result.add((String) item.unwrapped());
        }
      }
      return Optional.of(List.copyOf(result));
    }

    Optional<String> envName(String name) {
      Optional<String> var = string(name, "the name of an environment variable");
      if (var.isEmpty()) {
        return var;
      }
      if (!ENV_NAME.matcher(var.get()).matches()) {
        problem(name, "expected the name of an environment variable, got \"" + var.get() + "\"");
        return Optional.empty();
      }
      String value = env.get(var.get());
      if (value == null || value.isBlank()) {
        problem(name, "expected the name of a set environment variable, got \"" + var.get() + "\" (not set)");
        return Optional.empty();
      }
      return var;
    }

    Optional<Path> readableFile(String name) {
      Optional<String> given = string(name, "the path of a readable file");
      if (given.isEmpty()) {
        return Optional.empty();
      }
      Path path = resolvePath(name, given.get());
      String why =
          !Files.exists(path)
              ? "no such file"
              : Files.isDirectory(path)
                  ? "a directory"
                  : !Files.isReadable(path) ? "not readable" : null;
      if (why != null) {
        problem(name, "expected a readable file, got \"" + given.get() + "\" (" + why + ")");
        return Optional.empty();
      }
      return Optional.of(path);
    }

    Optional<Path> directory(String name) {
      Optional<String> given = string(name, "the path of a directory");
      if (given.isEmpty()) {
        return Optional.empty();
      }
      Path path = resolvePath(name, given.get());
      if (Files.exists(path) && !Files.isDirectory(path)) {
        problem(name, "expected a directory (created when missing), got \"" + given.get() + "\" (a file)");
        return Optional.empty();
      }
      return Optional.of(path);
    }

    /** Paths written in the file are relative to the file; those from flags, to the working dir. */
    private Path resolvePath(String name, String given) {
      ConfigValue v = value(name);
      boolean fromFile = v != null && v.origin().filename() != null;
      return (fromFile ? baseDir : workDir).resolve(given).normalize();
    }
  }

  private static String unknownKeyMessage(String key, List<String> allowed) {
    String closest =
        allowed.stream()
            .min(Comparator.comparingInt(candidate -> editDistance(key, candidate)))
            .orElseThrow();
    int distance = editDistance(key, closest);
    if (distance <= Math.max(2, key.length() / 3)) {
      return "unknown key, did you mean \"" + closest + "\"?";
    }
    return "unknown key, expected one of " + String.join(", ", allowed);
  }

  /** Levenshtein distance, ignoring case and treating '_' like '-': good enough for key hints. */
  static int editDistance(String a, String b) {
    a = a.toLowerCase(Locale.ROOT).replace('_', '-');
    b = b.toLowerCase(Locale.ROOT).replace('_', '-');
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** A value as the operator wrote it: strings quoted, containers named. */
  static String describe(ConfigValue v) {
    if (v == null) {
      return "nothing";
    }
    return switch (v.valueType()) {
      case STRING -> ConfigValueFactory.fromAnyRef(v.unwrapped()).render(ConfigRenderOptions.concise());
      case OBJECT -> "an object";
      case LIST -> "a list";
      case NULL -> "null";
      default -> String.valueOf(v.unwrapped());
    };
  }
}
