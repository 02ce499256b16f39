package io.cantonrunbooks.workflows.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.cantonrunbooks.activities.keys.Ed25519Keys;
import java.security.PrivateKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The determinism boundary, enforced: workflow code replays from history, so it must not do I/O,
 * touch the network, files, threads, clocks or randomness except through Temporal's Workflow API,
 * and must talk to the world only through activity interfaces.
 */
class WorkflowBoundaryTest {

  private static JavaClasses workflows;

  @BeforeAll
  static void importWorkflowClasses() {
    workflows = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.cantonrunbooks.workflows");
  }

  /** Text to bytes and back: constants, no I/O (approval signatures are over UTF-8 text). */
  private static final DescribedPredicate<JavaClass> CHARSETS =
      resideInAPackage("java.nio.charset").and(simpleName("StandardCharsets").or(simpleName("Charset")));

  /** What verifying an approval's Ed25519 signature needs: public keys, and nothing that signs or draws randomness. */
  private static final DescribedPredicate<JavaClass> SIGNATURE_VERIFICATION =
      resideInAPackage("java.security.spec")
          .or(resideInAPackage("java.security").and(simpleName("PublicKey").or(simpleName("KeyFactory"))
              .or(simpleName("Signature")).or(simpleName("GeneralSecurityException"))));

  @Test
  void workflows_do_no_io_networking_or_threading() {
    ArchRule rule = noClasses().that().resideInAPackage("io.cantonrunbooks.workflows..")
        .should().dependOnClassesThat(resideInAnyPackage(
            "java.io..", "java.nio..", "java.net..", "java.util.concurrent..", "javax.net..",
            "io.grpc..", "com.google.protobuf..", "java.sql..", "java.lang.reflect..").and(not(CHARSETS)))
        .because("workflow code is replayed from history and must be deterministic");
    rule.check(workflows);
  }

  @Test
  void workflows_verify_signatures_but_hold_no_private_key() {
    ArchRule rule = noClasses().that().resideInAPackage("io.cantonrunbooks.workflows..")
        .should().dependOnClassesThat(resideInAnyPackage("java.security..", "javax.crypto..").and(not(SIGNATURE_VERIFICATION)))
        .orShould().callMethod(Ed25519Keys.class, "parsePrivateKey", String.class)
        .orShould().callMethod(Ed25519Keys.class, "sign", PrivateKey.class, byte[].class)
        .because("the runbook only checks approvers' signatures: keys that sign, and randomness, stay outside");
    rule.check(workflows);
  }

  @Test
  void workflows_read_no_clock_and_draw_no_random_numbers_outside_temporal() {
    ArchRule rule = noClasses().that().resideInAPackage("io.cantonrunbooks.workflows..")
        .should().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().callMethod(java.time.Instant.class, "now")
        .orShould().callMethod(java.time.LocalDateTime.class, "now")
        .orShould().callMethod(java.time.Clock.class, "systemUTC")
        .orShould().callMethod(java.util.UUID.class, "randomUUID")
        .orShould().callMethod(Thread.class, "sleep", long.class)
        .orShould().dependOnClassesThat().haveFullyQualifiedName(java.util.Random.class.getName())
        .orShould().dependOnClassesThat().haveFullyQualifiedName(java.security.SecureRandom.class.getName())
        .orShould().dependOnClassesThat().haveFullyQualifiedName(Thread.class.getName())
        .because("time and randomness must come from Workflow.currentTimeMillis(), Workflow.newRandom() and timers");
    rule.check(workflows);
  }

  @Test
  void workflows_see_activity_interfaces_but_not_their_implementations_or_the_canton_client() {
    ArchRule rule = noClasses().that().resideInAPackage("io.cantonrunbooks.workflows..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.cantonrunbooks.activities.impl..", "io.cantonrunbooks.activities.canton..",
            "io.cantonrunbooks.activities.acs..", "io.cantonrunbooks.activities.nodes..",
            "io.cantonrunbooks.cantonapi..", "io.cantonrunbooks.testbed..", "io.cantonrunbooks.worker..");
    rule.check(workflows);
  }

  @Test
  void workflows_record_metrics_only_through_the_replay_aware_workflow_scope() {
    // A registry or a root scope of our own would count again every time a workflow replays.
    ArchRule rule = noClasses().that().resideInAPackage("io.cantonrunbooks.workflows..")
        .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.prometheus..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("com.uber.m3.tally.RootScopeBuilder")
        .because("workflow metrics must go through Workflow.getMetricsScope(), which is silent on replay");
    rule.check(workflows);
  }
}
