package io.cantonrunbooks.testbed.engine;

import java.io.Serializable;
import java.util.List;

/** An uploaded DAR: its main package id (also its id), name, version, description and packages. */
public record Dar(
    String mainPackageId, String name, String version, String description, List<String> packageIds)
    implements Serializable {

  public Dar {
    packageIds = List.copyOf(packageIds);
  }
}
