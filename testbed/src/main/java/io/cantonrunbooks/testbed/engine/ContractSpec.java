package io.cantonrunbooks.testbed.engine;

import java.util.List;

/** What a submission asks to create: template, package name, stakeholders and an argument. */
public record ContractSpec(
    TemplateId template,
    String packageName,
    List<String> signatories,
    List<String> observers,
    String argument) {

  public ContractSpec {
    signatories = List.copyOf(signatories);
    observers = List.copyOf(observers);
  }
}
