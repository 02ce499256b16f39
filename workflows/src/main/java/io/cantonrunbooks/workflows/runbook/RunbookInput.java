package io.cantonrunbooks.workflows.runbook;

import java.util.List;

/** What every runbook's input offers: its own validation, each problem naming the field. */
public interface RunbookInput {

  /** Every problem with this input, each naming the field and what is expected; empty when valid. */
  List<String> problems();
}
