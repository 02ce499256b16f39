package io.cantonrunbooks.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cantonrunbooks.cli.RunbookCatalog.Runbook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a runbook's JSON input from a file, applies {@code --set} overrides and the starter's name,
 * and binds it to the runbook's input record.
 *
 * <p>Every failure is a {@link CommandFailure#usage}: a malformed file names the line and column,
 * an unknown field names its dotted path, a value of the wrong type names its field.
 */
final class RunbookInputReader {

  /** An input ready to start: the record, and the JSON exactly as it will be sent. */
  record Read<I>(I input, ObjectNode json) {}

  private RunbookInputReader() {}

  static <I> Read<I> read(Runbook<I> runbook, Path file, List<String> sets, String startedBy) {
    ObjectNode json = parse(file);
    for (String set : sets) {
      apply(json, set);
    }
    // Every runbook's input carries an approval policy; who started is not the file's to claim.
    ObjectNode approvals =
        json.get("approvals") instanceof ObjectNode existing ? existing : json.putObject("approvals");
    approvals.put("startedBy", startedBy);
    try {
      return new Read<>(Json.MAPPER.treeToValue(json, runbook.inputType()), json);
    } catch (UnrecognizedPropertyException e) {
      throw CommandFailure.usage(
          file + ": unknown field '" + path(e) + "'",
          "Known fields there: "
              + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "))
              + ".",
          "Print a valid input with `runbook template " + runbook.name() + "`.");
    } catch (InvalidFormatException e) {
      String expected =
          e.getTargetType().isEnum()
              ? ", expected one of " + Arrays.toString(e.getTargetType().getEnumConstants())
              : ", expected " + e.getTargetType().getSimpleName();
      throw CommandFailure.usage(file + ": field '" + path(e) + "': cannot use " + e.getValue() + expected);
    } catch (JsonMappingException e) {
      throw CommandFailure.usage(file + ": field '" + path(e) + "': " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw CommandFailure.usage(file + ": " + e.getOriginalMessage());
    }
  }

  private static ObjectNode parse(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw CommandFailure.usage("input file " + file + " does not exist");
    } catch (IOException e) {
      throw CommandFailure.usage("cannot read input file " + file + ": " + e.getMessage());
    }
    JsonNode tree;
    try {
      tree = Json.MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
      throw CommandFailure.usage(file + where + ": malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw CommandFailure.usage("cannot read input file " + file + ": " + e.getMessage());
    }
    if (!(tree instanceof ObjectNode object)) {
      throw CommandFailure.usage(file + ": expected a JSON object {…}, got " + (tree == null ? "nothing" : tree.getNodeType()));
    }
    return object;
  }

  /**
   * Applies one {@code key=value} override. The value is read as JSON when it is JSON ({@code 2},
   * {@code true}, {@code ["bob"]}, {@code "PT1H"}) and as a string otherwise, so party ids and
   * names need no quotes.
   */
  static void apply(ObjectNode json, String set) {
    int eq = set.indexOf('=');
    if (eq <= 0) {
      throw CommandFailure.usage("--set " + set + ": expected key=value, e.g. --set approvals.minApprovers=2");
    }
    String[] keys = set.substring(0, eq).split("\\.");
    String raw = set.substring(eq + 1);
    ObjectNode parent = json;
    for (int i = 0; i < keys.length - 1; i++) {
      JsonNode child = parent.get(keys[i]);
      if (child == null || child.isNull()) {
        parent = parent.putObject(keys[i]);
      } else if (child instanceof ObjectNode object) {
        parent = object;
      } else {
        throw CommandFailure.usage(
            "--set " + set + ": '" + String.join(".", Arrays.copyOf(keys, i + 1)) + "' is not an object");
      }
    }
    parent.set(keys[keys.length - 1], value(raw));
  }

  private static JsonNode value(String raw) {
    try {
      JsonNode parsed = Json.MAPPER.readTree(raw);
      return parsed == null || parsed.isMissingNode() ? TextNode.valueOf(raw) : parsed;
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(raw);
    }
  }

  private static String path(JsonMappingException e) {
    var sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? "(top level)" : sb.toString();
  }
}
