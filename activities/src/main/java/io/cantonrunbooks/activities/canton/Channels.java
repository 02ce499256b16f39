package io.cantonrunbooks.activities.canton;

import io.cantonrunbooks.activities.nodes.Endpoint;
import io.cantonrunbooks.activities.nodes.TlsConfig;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;

/** Builds the channels of a {@link ParticipantClient} from the inventory's TLS settings. */
final class Channels {

  private Channels() {}

  static ManagedChannel open(Endpoint endpoint, TlsConfig tls, ClientOptions options) {
    return Grpc.newChannelBuilderForAddress(endpoint.host(), endpoint.port(), credentials(tls))
        .maxInboundMessageSize(options.maxInboundMessageBytes())
        .build();
  }

  /**
   * Plaintext, TLS (pinned CA or the JVM trust store) or mutual TLS. The private key must be a
   * PKCS#8 PEM file, which is what Canton's own examples generate.
   */
  static ChannelCredentials credentials(TlsConfig tls) {
    if (!tls.enabled()) {
      return InsecureChannelCredentials.create();
    }
    var builder = TlsChannelCredentials.newBuilder();
    try {
      if (tls.trustCollection().isPresent()) {
        builder.trustManager(tls.trustCollection().get().toFile());
      }
      if (tls.mutual()) {
        builder.keyManager(tls.certChain().get().toFile(), tls.privateKey().get().toFile());
      } else if (tls.certChain().isPresent() != tls.privateKey().isPresent()) {
        throw new IllegalArgumentException(
            "mutual TLS needs both a certificate chain and a private key");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read TLS material: " + e.getMessage(), e);
    }
    return builder.build();
  }
}
