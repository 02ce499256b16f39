package io.cantonrunbooks.worker.history;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.payload.codec.PayloadCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A scan of every payload in a workflow history for what must never be stored by Temporal: tokens,
 * private keys, certificates, ACS contents, anything large.
 *
 * <p>Payloads are found generically, by walking each event's protobuf message and every nested
 * message, so that a payload in a field nobody thought of (a header, a memo, a failure's details,
 * user metadata) is scanned as well. Each payload is decoded with the given codecs first, because a
 * secret inside an encrypted payload is still a secret in the history of whoever holds the key.
 *
 * <p>Any suite can use it on the histories it produces: {@code
 * HistoryScan.of(client.fetchHistory(id).getHistory(), codecs).assertClean(forbidden)}.
 */
public final class HistoryScan {

  /** What a clean history must not contain. */
  public static final class Forbidden {
    private final Map<String, byte[]> needles = new java.util.LinkedHashMap<>();
    private int maxPayloadBytes = 8 * 1024;

    /** PEM armour (certificates and keys) is always forbidden. */
    public Forbidden() {
      text("a PEM marker", "-----BEGIN");
      text("a private key", "PRIVATE KEY");
    }

    /** Forbids a string, e.g. a token's value; {@code label} names it in failures, not the value. */
    public Forbidden text(String label, String value) {
      needles.put(label, value.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    /**
     * Forbids some bytes as they are and base64-encoded (how JSON carries {@code byte[]}), e.g. a
     * contract's created-event blob or a slice of an ACS snapshot.
     */
    public Forbidden bytes(String label, byte[] value) {
      needles.put(label, value);
      needles.put(label + " (base64)", Base64.getEncoder().encode(value));
      return this;
    }

    /** The largest decoded payload allowed: an ACS, or any bulk data, in history is a bug. */
    public Forbidden maxPayloadBytes(int max) {
      maxPayloadBytes = max;
      return this;
    }
  }

  /**
   * One payload in a history.
   *
   * @param eventId the event it is in
   * @param eventType the event's type
   * @param field where in the event, as a path of field names
   * @param stored the payload as Temporal stores it
   * @param decoded the payload after the codecs, as the workflow sees it
   */
  public record Found(long eventId, String eventType, String field, Payload stored, Payload decoded) {}

  private final List<Found> payloads;

  private HistoryScan(List<Found> payloads) {
    this.payloads = payloads;
  }

  /** Collects and decodes every payload of {@code history}; {@code codecs} in encoding order. */
  public static HistoryScan of(History history, List<PayloadCodec> codecs) {
    var found = new ArrayList<Found>();
    for (HistoryEvent event : history.getEventsList()) {
      var stored = new ArrayList<Map.Entry<String, Payload>>();
      walk(event, "", stored);
      for (var entry : stored) {
        Payload decoded = entry.getValue();
        for (int i = codecs.size() - 1; i >= 0; i--) {
          decoded = codecs.get(i).decode(List.of(decoded)).get(0);
        }
        found.add(new Found(event.getEventId(), event.getEventType().name(), entry.getKey(), entry.getValue(), decoded));
      }
    }
    return new HistoryScan(List.copyOf(found));
  }

  private static void walk(Message message, String path, List<Map.Entry<String, Payload>> out) {
    if (message instanceof Payload payload) {
      out.add(Map.entry(path, payload));
      return;
    }
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      String name = path.isEmpty() ? field.getKey().getName() : path + "." + field.getKey().getName();
      if (field.getValue() instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          walk((Message) list.get(i), name + "[" + i + "]", out);
        }
      } else {
        walk((Message) field.getValue(), name, out);
      }
    }
  }

  /** Every payload found, in event order. */
  public List<Found> payloads() {
    return payloads;
  }

  /** Every problem found, one sentence each naming the event and field, empty for a clean history. */
  public List<String> violations(Forbidden forbidden) {
    var problems = new ArrayList<String>();
    for (Found p : payloads) {
      String where = "event " + p.eventId() + " " + p.eventType() + " " + p.field();
      byte[] data = p.decoded().getData().toByteArray();
      if (data.length > forbidden.maxPayloadBytes) {
        problems.add(where + ": " + data.length + " bytes, more than the " + forbidden.maxPayloadBytes + " allowed");
      }
      for (var needle : forbidden.needles.entrySet()) {
        if (contains(data, needle.getValue()) || contains(p.stored().toByteArray(), needle.getValue())
            || containsInMetadata(p.decoded(), needle.getValue())) {
          problems.add(where + ": contains " + needle.getKey());
        }
      }
    }
    return problems;
  }

  /** Fails with every violation when the history holds anything {@code forbidden}. */
  public HistoryScan assertClean(Forbidden forbidden) {
    List<String> problems = violations(forbidden);
    if (!problems.isEmpty()) {
      throw new AssertionError("the history stores what it must not (" + problems.size() + " problems, "
          + payloads.size() + " payloads scanned):\n  " + String.join("\n  ", problems));
    }
    return this;
  }

  private static boolean containsInMetadata(Payload payload, byte[] needle) {
    return payload.getMetadataMap().values().stream().anyMatch(v -> contains(v.toByteArray(), needle));
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return needle.length == 0;
  }
}
