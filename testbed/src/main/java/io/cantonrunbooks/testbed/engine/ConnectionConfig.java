package io.cantonrunbooks.testbed.engine;

import com.google.protobuf.ByteString;
import java.io.Serializable;

/**
 * A stored synchronizer connection config.
 *
 * <p>{@code raw} is the whole config as the client last sent it (Canton's
 * {@code SynchronizerConnectionConfig} bytes), kept opaque so that fields the testbed does not model
 * (sequencer connections, time tracker) survive a read-modify-write unchanged.
 */
public record ConnectionConfig(String alias, boolean manualConnect, int priority, ByteString raw)
    implements Serializable {

  public ConnectionConfig withManualConnect(boolean manual) {
    return new ConnectionConfig(alias, manual, priority, raw);
  }
}
