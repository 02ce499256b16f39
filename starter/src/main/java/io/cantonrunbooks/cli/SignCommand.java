package io.cantonrunbooks.cli;

import io.cantonrunbooks.activities.OwnerSignature;
import io.cantonrunbooks.activities.keys.Ed25519Keys;
import io.cantonrunbooks.workflows.simplereplication.SigningRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runbook sign ID --key FILE}: signs what a runbook waits for with a party owner's Ed25519
 * key and sends the signature. The key never leaves this machine; only the signature does.
 */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    description = {
      "Sign the topology transaction a runbook waits for (see show-tx) with a party owner's Ed25519 key,"
          + " and send the signature. The runbook verifies it before accepting it.",
      "Example: runbook sign simple-party-replication/carol::1220… --key owner.pem"
    })
final class SignCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Parameters(paramLabel = "ID", description = "The runbook's workflow id.")
  String workflowId;

  @Option(names = "--key", required = true, paramLabel = "FILE",
      description = "The owner's Ed25519 private key, unencrypted OpenSSH (-----BEGIN OPENSSH PRIVATE KEY-----)"
          + " or PKCS#8 (-----BEGIN PRIVATE KEY-----).")
  Path keyFile;

  @Override
  public Integer call() throws Exception {
    PrivateKey key = KeyFiles.readPrivateKey(keyFile).privateKey();
    SigningRequest after;
    try (RunbookClient client = RunbookClient.connect(connection)) {
      SigningRequest request = client.signingRequest(workflowId);
      byte[] signature = Ed25519Keys.sign(key, HexFormat.of().parseHex(request.transactionHash()));
      // A PKCS#8 file holds no public key: find the owner whose key verifies this signature.
      SigningRequest.OwnerState owner = request.owners().stream()
          .filter(o -> verifies(o.ed25519PublicKey(), HexFormat.of().parseHex(request.transactionHash()), signature))
          .findFirst()
          .orElseThrow(() -> CommandFailure.usage("--key: " + keyFile + " is not the key of any owner of "
              + request.partyId(), "Owners: " + request.owners().stream().map(SigningRequest.OwnerState::namespace).toList()));
      after = client.submitSignature(workflowId,
          new OwnerSignature(owner.namespace(), Base64.getEncoder().encodeToString(signature)));
      PrintWriter out = spec.commandLine().getOut();
      out.println("Signed for " + request.partyId() + " as " + owner.namespace() + ".");
      out.print(ShowTxCommand.render(workflowId, after));
      out.flush();
    }
    return RunbookCli.OK;
  }

  private static boolean verifies(String rawKeyBase64, byte[] data, byte[] signature) {
    try {
      return Ed25519Keys.verify(Ed25519Keys.publicKeyFromRaw(Base64.getDecoder().decode(rawKeyBase64)), data, signature);
    } catch (IllegalArgumentException notAnEd25519Key) {
      return false;
    }
  }
}
