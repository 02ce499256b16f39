package io.cantonrunbooks.activities.canton;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a {@link ParticipantClient}.
 *
 * @param unaryDeadline deadline of a single request/response call; calls that wait on the node by
 *     request (an export waiting for the activation, Authorize waiting to become effective) get
 *     that wait added
 * @param streamDeadline deadline of an ACS export or import, which can move gigabytes
 * @param uploadChunkBytes size of each import message; Canton's admin API accepts 10 MiB by
 *     default, so 2 MiB leaves room
 * @param maxInboundMessageBytes largest reply accepted (topology listings can be large)
 */
public record ClientOptions(
    Duration unaryDeadline, Duration streamDeadline, int uploadChunkBytes, int maxInboundMessageBytes) {

  public static final int TWO_MIB = 2 * 1024 * 1024;

  public ClientOptions {
    Objects.requireNonNull(unaryDeadline, "unaryDeadline");
    Objects.requireNonNull(streamDeadline, "streamDeadline");
    if (unaryDeadline.isNegative() || unaryDeadline.isZero()) {
      throw new IllegalArgumentException("unaryDeadline must be positive");
    }
    if (streamDeadline.isNegative() || streamDeadline.isZero()) {
      throw new IllegalArgumentException("streamDeadline must be positive");
    }
    if (uploadChunkBytes < 1 || uploadChunkBytes > 8 * 1024 * 1024) {
      throw new IllegalArgumentException("uploadChunkBytes must be between 1 and 8 MiB");
    }
    if (maxInboundMessageBytes < 4 * 1024 * 1024) {
      throw new IllegalArgumentException("maxInboundMessageBytes must be at least 4 MiB");
    }
  }

  /** One minute per call, twelve hours per stream, 2 MiB upload chunks, 64 MiB replies. */
  public static ClientOptions defaults() {
    return new ClientOptions(Duration.ofMinutes(1), Duration.ofHours(12), TWO_MIB, 64 * 1024 * 1024);
  }

  public ClientOptions withUnaryDeadline(Duration deadline) {
    return new ClientOptions(deadline, streamDeadline, uploadChunkBytes, maxInboundMessageBytes);
  }

  public ClientOptions withStreamDeadline(Duration deadline) {
    return new ClientOptions(unaryDeadline, deadline, uploadChunkBytes, maxInboundMessageBytes);
  }

  public ClientOptions withUploadChunkBytes(int bytes) {
    return new ClientOptions(unaryDeadline, streamDeadline, bytes, maxInboundMessageBytes);
  }
}
