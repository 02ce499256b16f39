package io.cantonrunbooks.activities.canton;

import io.cantonrunbooks.activities.nodes.TokenSource;
import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.Executor;

/**
 * Call credentials that send {@code Authorization: Bearer <token>} read from a {@link
 * TokenSource}.
 *
 * <p>The token is read on every call, off the network thread, so a rotated token file is picked up
 * without reconnecting.
 */
final class BearerToken extends CallCredentials {

  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final TokenSource source;

  BearerToken(TokenSource source) {
    this.source = source;
  }

  @Override
  public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
    executor.execute(
        () -> {
          try {
            var headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + read());
            applier.apply(headers);
          } catch (RuntimeException | IOException e) {
            applier.fail(
                Status.UNAUTHENTICATED
                    .withDescription("cannot read the bearer token from " + source + ": " + e.getMessage())
                    .withCause(e));
          }
        });
  }

  private String read() throws IOException {
    String token;
    if (source.file().isPresent()) {
      token = Files.readString(source.file().get());
    } else {
      token = System.getenv(source.envVar().orElseThrow());
      if (token == null) {
        throw new IllegalStateException("the variable is not set");
      }
    }
    token = token.strip();
    if (token.isEmpty()) {
      throw new IllegalStateException("the token is empty");
    }
    return token;
  }
}
