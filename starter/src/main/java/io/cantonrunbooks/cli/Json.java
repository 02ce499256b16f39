package io.cantonrunbooks.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The CLI's one JSON mapper: strict when reading runbook inputs, readable when printing.
 *
 * <p>Unknown fields are refused so that a misspelt option ({@code minApprover}) is not silently
 * ignored and replaced by a default. Instants and durations are ISO-8601 strings ({@code
 * 2026-01-01T10:00:00Z}, {@code PT2H}), the same forms Temporal's converter reads.
 */
final class Json {

  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private Json() {}

  private static final ObjectMapper WITHOUT_NULLS = MAPPER.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  /** Pretty JSON of a value, for {@code --output json} and reports. */
  static String write(Object value) {
    return write(MAPPER, value);
  }

  /** Like {@link #write}, leaving out null fields: for JSON a person pastes, such as an update's argument. */
  static String writeWithoutNulls(Object value) {
    return write(WITHOUT_NULLS, value);
  }

  private static String write(ObjectMapper mapper, Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }
}
