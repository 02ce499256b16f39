package io.cantonrunbooks.workflows.runbook;

import java.util.Arrays;
import java.util.List;

/**
 * A named approval gate of a runbook. Each runbook lists its gates as an enum implementing this
 * interface.
 */
public interface RunbookGate {

  /** The name approvers use, e.g. {@code before-acs-import}. */
  String id();

  /** The step this gate guards. */
  RunbookStep beforeStep();

  /** What the approver is asked to confirm, shown in the status and the UI. */
  String prompt();

  /** The ids of a runbook's gates, in order: {@code RunbookGate.ids(MyGate.values())}. */
  static List<String> ids(RunbookGate[] gates) {
    return Arrays.stream(gates).map(RunbookGate::id).toList();
  }
}
