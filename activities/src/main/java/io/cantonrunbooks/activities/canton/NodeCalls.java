package io.cantonrunbooks.activities.canton;

import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every command group of a {@link ParticipantClient} shares: the node's name, its two
 * channels, the Ledger API token and the deadlines; plus the one wrapper that turns a failed call
 * into a {@link CantonCallException}.
 */
final class NodeCalls {

  final String node;
  final ClientOptions options;
  final ManagedChannel admin;
  final ManagedChannel ledger;
  private final Optional<CallCredentials> ledgerToken;

  NodeCalls(
      String node,
      ClientOptions options,
      ManagedChannel admin,
      ManagedChannel ledger,
      Optional<CallCredentials> ledgerToken) {
    this.node = node;
    this.options = options;
    this.admin = admin;
    this.ledger = ledger;
    this.ledgerToken = ledgerToken;
  }

  /** An Admin API stub whose deadline is the unary deadline plus {@code extraWait}. */
  <S extends AbstractStub<S>> S admin(Function<Channel, S> factory, Duration extraWait) {
    return factory.apply(admin).withDeadline(deadline(options.unaryDeadline().plus(extraWait)));
  }

  <S extends AbstractStub<S>> S admin(Function<Channel, S> factory) {
    return admin(factory, Duration.ZERO);
  }

  /** An Admin API stub for an ACS stream. */
  <S extends AbstractStub<S>> S adminStream(Function<Channel, S> factory) {
    return factory.apply(admin).withDeadline(deadline(options.streamDeadline()));
  }

  /** Call options for a hand-built Admin API stream call. */
  CallOptions streamCallOptions() {
    return CallOptions.DEFAULT.withDeadline(deadline(options.streamDeadline()));
  }

  /** A Ledger API stub carrying the bearer token, if the node has one. */
  <S extends AbstractStub<S>> S ledger(Function<Channel, S> factory) {
    S stub = factory.apply(ledger).withDeadline(deadline(options.unaryDeadline()));
    return ledgerToken.map(stub::withCallCredentials).orElse(stub);
  }

  /** Runs one call and classifies its failure. */
  <T> T call(String name, Supplier<T> body) {
    try {
      return body.get();
    } catch (StatusRuntimeException e) {
      throw CantonErrors.toCallException(node, name, e);
    }
  }

  void run(String name, Runnable body) {
    call(
        name,
        () -> {
          body.run();
          return null;
        });
  }

  private static Deadline deadline(Duration d) {
    return Deadline.after(Math.max(1, d.toMillis()), TimeUnit.MILLISECONDS);
  }
}
