package io.cantonrunbooks.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version shown by {@code runbook --version}: the Maven project version, filtered at build. */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() throws IOException {
    var properties = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    }
    return new String[] {
      "runbook " + properties.getProperty("version", "unknown"),
      "Temporal Java SDK " + properties.getProperty("temporal", "unknown"),
      "Java " + Runtime.version()
    };
  }
}
