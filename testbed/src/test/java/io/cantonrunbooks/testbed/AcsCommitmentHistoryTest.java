package io.cantonrunbooks.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cantonrunbooks.cantonapi.admin.participant.v30.LookupReceivedAcsCommitmentsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.LookupSentAcsCommitmentsRequest;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ReceivedAcsCommitment;
import io.cantonrunbooks.cantonapi.admin.participant.v30.ReceivedCommitmentState;
import io.cantonrunbooks.cantonapi.admin.participant.v30.SentAcsCommitment;
import io.cantonrunbooks.cantonapi.admin.participant.v30.SentCommitmentState;
import io.cantonrunbooks.cantonapi.admin.participant.v30.SynchronizerTimeRange;
import io.cantonrunbooks.cantonapi.admin.participant.v30.TimeRange;
import io.cantonrunbooks.testbed.engine.AcsCommitments;
import io.cantonrunbooks.testbed.engine.CantonError;
import io.cantonrunbooks.testbed.engine.Contract;
import io.cantonrunbooks.testbed.engine.ImportOptions;
import io.cantonrunbooks.testbed.engine.ImportRecord;
import io.cantonrunbooks.testbed.engine.Participant;
import io.cantonrunbooks.testbed.engine.SimulatedNetwork;
import io.cantonrunbooks.testbed.support.Node;
import io.cantonrunbooks.testbed.support.Steps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ACS commitment inspection answers from the node's commitment store, one row per period, so an
 * operator can look back over a time range and see when two nodes started to disagree.
 */
class AcsCommitmentHistoryTest {
  private final TestbedNetwork net = TestbedNetwork.builder().participants(2).build();
  private final Node p1 = new Node(net, "participant1");
  private final Node p2 = new Node(net, "participant2");
  private final Steps steps = new Steps(net);
  private final Participant source = net.participant("participant1");
  private final Participant other = net.participant("participant2");
  private final String syncId = net.engine().synchronizerId();

  @AfterEach
  void close() throws Exception {
    p1.close();
    p2.close();
    net.close();
  }

  /** Waits until participant1's latest period with participant2 is in {@code state}. */
  private void awaitLatest(AcsCommitments.State state) {
    net.engine().awaitCondition(
        () -> net.engine().commitmentPeriods(source).stream()
            .anyMatch(p -> p.counterParticipant().equals(other.uid()) && p.received() == state),
        Duration.ofSeconds(10),
        "participant1's latest period with participant2 to be " + state);
  }

  private static com.google.protobuf.Timestamp ts(Instant i) {
    return com.google.protobuf.Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  private SynchronizerTimeRange range(Instant fromExclusive, Instant toInclusive) {
    return SynchronizerTimeRange.newBuilder()
        .setSynchronizerId(syncId)
        .setInterval(TimeRange.newBuilder().setFromExclusive(ts(fromExclusive)).setToInclusive(ts(toInclusive)))
        .build();
  }

  /** A contract with alice and bob as stakeholders that no transaction created. */
  private Contract extraShared(String alice, String bob) {
    return new Contract(
        "00" + "ee".repeat(32), net.engine().demoTemplate(), SimulatedNetwork.DEMO_PACKAGE_NAME,
        List.of(alice), List.of(bob), Instant.parse("2025-01-01T00:00:00Z"), "added by repair");
  }

  /** A repair import of one contract on a node that must be disconnected. */
  private void repairImport(Participant node, Contract contract) {
    var session = node.beginImport(new ImportOptions(
        false, syncId, ImportOptions.Mode.ACCEPT, null, null, Map.of(), Map.of(), Map.of(), Set.of()));
    session.add(new ImportRecord(contract, syncId, 0, ""));
    session.commit();
  }

  @Test
  void a_time_range_lists_every_period_with_its_own_match_mismatch_or_outstanding_state() {
    String alice = source.allocateParty("alice");
    String bob = other.allocateParty("bob");
    Instant start = Instant.now();
    steps.step("a contract shared by alice and bob commits both nodes to each other", () -> {
      net.engine().createContract(source, alice, List.of(bob), "shared");
      awaitLatest(AcsCommitments.State.MATCH);
    });
    steps.step("participant2 goes offline and imports a shared contract participant1 never had", () -> {
      other.disconnectAll();
      awaitLatest(AcsCommitments.State.OUTSTANDING);
      repairImport(other, extraShared(alice, bob));
    });
    steps.step("participant2 reconnects: its commitments now differ, also for the periods it missed", () -> {
      other.reconnect("global");
      awaitLatest(AcsCommitments.State.MISMATCH);
      assertThat(net.engine().commitmentPeriods(source, start, Instant.now()))
          .noneMatch(p -> p.received() == AcsCommitments.State.OUTSTANDING);
    });
    steps.step("participant2 goes offline again: participant1 waits for its commitments", () -> {
      other.disconnectAll();
      awaitLatest(AcsCommitments.State.OUTSTANDING);
    });
    Instant end = Instant.now();

    List<ReceivedAcsCommitment> received = p1.inspection.lookupReceivedAcsCommitments(
            LookupReceivedAcsCommitmentsRequest.newBuilder().addTimeRanges(range(start, end)).build())
        .getReceived(0).getReceivedList().stream()
        .filter(c -> c.getOriginCounterParticipantUid().equals(other.uid()))
        .toList();
    Duration interval = net.engine().timings().reconciliationInterval();
    assertThat(received).as("one row per period").hasSizeGreaterThanOrEqualTo(3)
        .allSatisfy(c -> assertThat(Duration.ofSeconds(
                c.getInterval().getEndTickInclusive().getSeconds() - c.getInterval().getStartTickExclusive().getSeconds(),
                c.getInterval().getEndTickInclusive().getNanos() - c.getInterval().getStartTickExclusive().getNanos()))
            .isEqualTo(interval));
    List<ReceivedCommitmentState> states = received.stream().map(ReceivedAcsCommitment::getState).distinct().toList();
    assertThat(states).as("states in time order").containsExactly(
        ReceivedCommitmentState.RECEIVED_COMMITMENT_STATE_MATCH,
        ReceivedCommitmentState.RECEIVED_COMMITMENT_STATE_MISMATCH,
        ReceivedCommitmentState.RECEIVED_COMMITMENT_STATE_OUTSTANDING);

    List<SentAcsCommitment> sent = p1.inspection.lookupSentAcsCommitments(
            LookupSentAcsCommitmentsRequest.newBuilder().addTimeRanges(range(start, end))
                .addCounterParticipantIds(other.uid()).build())
        .getSent(0).getSentList();
    assertThat(sent.stream().map(SentAcsCommitment::getState).distinct().toList()).containsExactly(
        SentCommitmentState.SENT_COMMITMENT_STATE_MATCH,
        SentCommitmentState.SENT_COMMITMENT_STATE_MISMATCH,
        SentCommitmentState.SENT_COMMITMENT_STATE_NOT_COMPARED);

    assertThat(p1.inspection.lookupReceivedAcsCommitments(LookupReceivedAcsCommitmentsRequest.newBuilder()
            .addTimeRanges(range(start, end))
            .addCommitmentState(ReceivedCommitmentState.RECEIVED_COMMITMENT_STATE_MISMATCH).build())
        .getReceived(0).getReceivedList())
        .as("a state filter keeps only the mismatched periods").isNotEmpty()
        .allSatisfy(c -> assertThat(c.getState()).isEqualTo(ReceivedCommitmentState.RECEIVED_COMMITMENT_STATE_MISMATCH));

    assertThat(p1.inspection.lookupReceivedAcsCommitments(LookupReceivedAcsCommitmentsRequest.getDefaultInstance())
            .getReceived(0).getReceivedList())
        .as("without a range: only the latest period")
        .filteredOn(c -> c.getOriginCounterParticipantUid().equals(other.uid()))
        .singleElement()
        .satisfies(c -> assertThat(c.getState()).isEqualTo(ReceivedCommitmentState.RECEIVED_COMMITMENT_STATE_OUTSTANDING));

    List<ReceivedCommitmentState> seenByParticipant2 = p2.inspection.lookupReceivedAcsCommitments(
            LookupReceivedAcsCommitmentsRequest.newBuilder().addTimeRanges(range(start, end)).build())
        .getReceived(0).getReceivedList().stream().map(ReceivedAcsCommitment::getState).distinct().toList();
    assertThat(seenByParticipant2)
        .as("participant2 computed nothing while offline, and compared what it caught up on")
        .containsExactly(
            ReceivedCommitmentState.RECEIVED_COMMITMENT_STATE_MATCH,
            ReceivedCommitmentState.RECEIVED_COMMITMENT_STATE_MISMATCH);
  }

  @Test
  void a_mismatched_period_keeps_blocking_pruning_after_later_periods_match() {
    String alice = source.allocateParty("alice");
    String bob = other.allocateParty("bob");
    Instant start = Instant.now();
    steps.step("a shared contract, then participant2 alone gains another one by repair", () -> {
      net.engine().createContract(source, alice, List.of(bob), "shared");
      awaitLatest(AcsCommitments.State.MATCH);
      other.disconnectAll();
      repairImport(other, extraShared(alice, bob));
      other.reconnect("global");
      awaitLatest(AcsCommitments.State.MISMATCH);
    });
    steps.step("participant1 is repaired with the same contract: the nodes agree again", () -> {
      source.disconnectAll();
      repairImport(source, extraShared(alice, bob));
      source.reconnect("global");
      awaitLatest(AcsCommitments.State.MATCH);
      net.engine().createContract(source, alice, List.of(), "more history"); // the ledger moves on
      awaitLatest(AcsCommitments.State.MATCH);
    });

    Instant firstMismatchStart = net.engine().commitmentPeriods(source, start, Instant.now()).stream()
        .filter(p -> p.received() == AcsCommitments.State.MISMATCH)
        .map(AcsCommitments.Period::fromExclusive)
        .findFirst().orElseThrow();
    long lastCleanOffset = source.updates().stream()
        .filter(u -> !u.recordTime().isAfter(firstMismatchStart))
        .mapToLong(u -> u.offset()).max().orElseThrow();
    long safe = source.safePruningOffset();
    assertThat(safe).as("safe offset stays before the first mismatched period").isEqualTo(lastCleanOffset);
    assertThat(source.ledgerEnd() - 1).isGreaterThan(safe);
    assertThatThrownBy(() -> source.prune(safe + 1))
        .satisfies(e -> assertThat(((CantonError) e).errorId()).isEqualTo("UNSAFE_TO_PRUNE"));
    source.prune(safe);
    assertThat(source.prunedUpTo()).isEqualTo(safe);
  }
}
