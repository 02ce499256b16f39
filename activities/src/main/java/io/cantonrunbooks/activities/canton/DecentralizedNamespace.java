package io.cantonrunbooks.activities.canton;

import java.util.List;

/** A namespace owned jointly: {@code threshold} of the {@code owners}' namespaces act for it. */
public record DecentralizedNamespace(String namespace, int threshold, List<String> owners) {
  public DecentralizedNamespace {
    owners = List.copyOf(owners);
  }
}
