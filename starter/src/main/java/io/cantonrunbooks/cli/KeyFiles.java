package io.cantonrunbooks.cli;

import io.cantonrunbooks.activities.keys.Ed25519Keys;
import io.cantonrunbooks.activities.keys.Ed25519Keys.SigningKey;
import io.cantonrunbooks.activities.keys.KeyFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The {@code --key FILE} of the commands that sign ({@code approve}, {@code reject}, {@code sign}). */
final class KeyFiles {

  private KeyFiles() {}

  /**
   * Reads an Ed25519 private key file, unencrypted OpenSSH or PKCS#8; a usage error naming the file
   * and what is expected otherwise, before anything connects.
   */
  static SigningKey readPrivateKey(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw CommandFailure.usage("--key " + file + ": no such file");
    } catch (IOException e) {
      throw CommandFailure.usage("--key " + file + ": cannot read it (" + e.getMessage() + ")");
    }
    try {
      return Ed25519Keys.parsePrivateKey(text);
    } catch (KeyFormatException e) {
      throw CommandFailure.usage("--key " + file + ": " + e.getMessage(),
          "Give an unencrypted Ed25519 private key: `ssh-keygen -t ed25519 -f FILE` or"
              + " `openssl genpkey -algorithm ed25519 -out FILE`.");
    }
  }
}
