package io.cantonrunbooks.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** Package vetting, like the console's {@code packages} and {@code dars} groups. */
@ActivityInterface(namePrefix = "Packages_")
public interface PackagesActivities {

  /**
   * Makes sure every package is vetted by the node on the synchronizer, vetting the DARs that are
   * uploaded but not yet vetted (console: {@code dars.vetting.enable}). Packages already vetted are
   * left alone, so a retry does nothing new. Fails non-retryably when a package is not uploaded on
   * the node at all.
   *
   * @return the packages this call vetted (empty when all were already vetted)
   */
  @ActivityMethod
  List<String> ensureVetted(String node, String synchronizerAlias, List<String> packageIds);
}
