package io.cantonrunbooks.worker.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lenient scan of HOCON text that records the line of every object block, by path.
 *
 * <p>HOCON merges two blocks with the same key without a word, so a copy-pasted {@code
 * participant1 { … }} that was not renamed silently changes the first node. The parsed tree cannot
 * tell, so the loader scans the raw text as well. The scan knows just enough HOCON (strings,
 * comments, substitutions, arrays, dotted keys) to follow nesting; text it does not understand
 * yields fewer blocks, never an error: the real parser reports syntax errors.
 */
final class BlockScanner {

  private record Frame(boolean array, List<String> path) {}

  private final String text;
  private int pos;
  private int line = 1;
  private final Deque<Frame> frames = new ArrayDeque<>();
  private final Map<String, List<Integer>> blocks = new LinkedHashMap<>();

  private BlockScanner(String text) {
    this.text = text;
  }

  /** Returns, for each object block path ({@code nodes.participant1}), the lines that open it. */
  static Map<String, List<Integer>> objectBlocks(String text) {
    var scanner = new BlockScanner(text);
    scanner.scan();
    return scanner.blocks;
  }

  private void scan() {
    frames.push(new Frame(false, List.of()));
    boolean expectKey = true;
    List<String> key = null;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        line++;
        pos++;
        if (!frames.peek().array()) {
          expectKey = true;
        }
      } else if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '#' || text.startsWith("//", pos)) {
        skipToEndOfLine();
      } else if (c == ',') {
        pos++;
        expectKey = !frames.peek().array();
      } else if (c == '$' && text.startsWith("${", pos)) {
        int end = text.indexOf('}', pos);
        pos = end < 0 ? text.length() : end + 1;
      } else if (c == '{') {
        Frame top = frames.peek();
        List<String> path;
        if (top.array() || top.path() == null) {
          path = null;
        } else if (expectKey) {
          path = top.path(); // braces around the root object
        } else {
          path = key;
          blocks.computeIfAbsent(String.join(".", key), k -> new ArrayList<>()).add(line);
        }
        frames.push(new Frame(false, path));
        pos++;
        expectKey = true;
      } else if (c == '[') {
        frames.push(new Frame(true, null));
        pos++;
      } else if (c == '}' || c == ']') {
        if (frames.size() > 1) {
          frames.pop();
        }
        pos++;
        expectKey = false;
      } else if (c == '"') {
        if (expectKey && !frames.peek().array()) {
          key = readKey();
          expectKey = false;
        } else {
          skipString();
        }
      } else if (expectKey && !frames.peek().array()) {
        key = readKey();
        expectKey = false;
      } else {
        pos++;
      }
    }
  }

  private List<String> readKey() {
    List<String> parent = frames.peek().path();
    var segments = new ArrayList<String>(parent == null ? List.of() : parent);
    var segment = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '"') {
        int start = pos + 1;
        skipString();
        segment.append(text, start, Math.max(start, pos - 1));
      } else if (c == '.') {
        segments.add(segment.toString());
        segment.setLength(0);
        pos++;
      } else if (Character.isWhitespace(c) || "=:{}[],+#$".indexOf(c) >= 0 || text.startsWith("//", pos)) {
        break;
      } else {
        segment.append(c);
        pos++;
      }
    }
    segments.add(segment.toString());
    return parent == null ? null : segments;
  }

  private void skipString() {
    if (text.startsWith("\"\"\"", pos)) {
      int end = text.indexOf("\"\"\"", pos + 3);
      int stop = end < 0 ? text.length() : end + 3;
      countLines(pos, stop);
      pos = stop;
      return;
    }
    pos++;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\\') {
        pos += 2;
      } else if (c == '"' || c == '\n') {
        pos++;
        if (c == '\n') {
          line++;
        }
        return;
      } else {
        pos++;
      }
    }
  }

  private void skipToEndOfLine() {
    int end = text.indexOf('\n', pos);
    pos = end < 0 ? text.length() : end;
  }

  private void countLines(int from, int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
  }
}
