package io.cantonrunbooks.cli;

import io.cantonrunbooks.workflows.simplereplication.SigningRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbook show-tx ID}: what the owners of a party must sign for a simple party replication,
 * who has signed and who is missing.
 */
@Command(
    name = "show-tx",
    mixinStandardHelpOptions = true,
    description = {
      "Show the topology transaction a runbook waits for the party's owners to sign: the exact bytes"
          + " (its hash), the threshold, who has signed and who is missing.",
      "Example: runbook show-tx simple-party-replication/carol::1220…"
    })
final class ShowTxCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Parameters(paramLabel = "ID", description = "The runbook's workflow id.")
  String workflowId;

  @Mixin OutputOption output;

  @Override
  public Integer call() throws Exception {
    SigningRequest request;
    try (RunbookClient client = RunbookClient.connect(connection)) {
      request = client.signingRequest(workflowId);
    }
    output.print(spec, request, () -> render(workflowId, request));
    return RunbookCli.OK;
  }

  static String render(String workflowId, SigningRequest request) {
    var text = new StringBuilder();
    long signed = request.owners().stream().filter(SigningRequest.OwnerState::signed).count();
    text.append("Party:        ").append(request.partyId()).append('\n');
    text.append("Serial:       ").append(request.serial()).append('\n');
    text.append("Sign (hex):   ").append(request.transactionHash()).append('\n');
    text.append("              the 34-byte multihash of the transaction; sign these bytes with Ed25519\n");
    text.append("Transaction:  ").append(request.serializedTransaction()).append(" (base64)\n");
    text.append("Signatures:   ").append(signed).append(" of ").append(request.threshold()).append(" needed")
        .append(request.waiting() ? ", waiting" : ", not waiting").append('\n');
    for (SigningRequest.OwnerState owner : request.owners()) {
      text.append("  ").append(owner.signed() ? "signed   " : "missing  ").append(owner.namespace()).append('\n');
    }
    if (request.waiting()) {
      text.append("Next: runbook sign ").append(workflowId).append(" --key FILE\n");
    }
    return text.toString();
  }
}
