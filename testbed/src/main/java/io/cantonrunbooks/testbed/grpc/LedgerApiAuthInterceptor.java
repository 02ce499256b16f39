package io.cantonrunbooks.testbed.grpc;

import io.cantonrunbooks.cantonapi.ledger.v2.admin.ParticipantPruningServiceGrpc;
import io.cantonrunbooks.testbed.grpc.LedgerApiAuth.Right;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the bearer token of every Ledger API call against {@link LedgerApiAuth}, as a Canton node
 * with an auth service does before it runs the call. Canton treats both failures as security
 * sensitive: the client gets the gRPC code and a redacted message naming only a correlation id,
 * never the reason, which the node logs instead.
 */
final class LedgerApiAuthInterceptor implements ServerInterceptor {
  private static final Logger log = LoggerFactory.getLogger(LedgerApiAuthInterceptor.class);
  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  /** Calls that need {@code participant_admin}; every other Ledger API call the testbed serves is public. */
  private static final Set<String> ADMIN_ONLY = Set.of(ParticipantPruningServiceGrpc.getPruneMethod().getFullMethodName());

  private final String node;
  private final LedgerApiAuth auth;

  LedgerApiAuthInterceptor(String node, LedgerApiAuth auth) {
    this.node = node;
    this.auth = auth;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (!auth.enabled()) {
      return next.startCall(call, headers);
    }
    String method = call.getMethodDescriptor().getFullMethodName();
    Optional<Right> right = bearer(headers.get(AUTHORIZATION)).flatMap(auth::rightOf);
    if (right.isEmpty()) {
      return refuse(call, Status.UNAUTHENTICATED, method + " without a valid token");
    }
    if (ADMIN_ONLY.contains(method) && right.get() != Right.PARTICIPANT_ADMIN) {
      return refuse(call, Status.PERMISSION_DENIED, method + " needs participant_admin");
    }
    return next.startCall(call, headers);
  }

  private static Optional<String> bearer(String header) {
    if (header == null || !header.startsWith("Bearer ")) {
      return Optional.empty();
    }
    return Optional.of(header.substring("Bearer ".length()).trim());
  }

  private <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status, String reason) {
    String correlation = Errors.correlationId();
    // The reason stays on the node, as in Canton's log; the caller learns only where to ask.
    log.info("{}: refused {} (request {})", node, reason, correlation);
    call.close(
        status.withDescription("An error occurred. Please contact the operator and inquire about the request "
            + correlation + " with tid " + correlation),
        new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
