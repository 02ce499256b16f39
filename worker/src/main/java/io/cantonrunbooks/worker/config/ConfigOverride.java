package io.cantonrunbooks.worker.config;

/**
 * A value that replaces one configuration key, from a command-line flag.
 *
 * @param key the HOCON path, for example {@code temporal.address}
 * @param value the value as typed
 * @param source how the operator gave it, for example {@code --address}; shown in errors
 */
public record ConfigOverride(String key, String value, String source) {}
