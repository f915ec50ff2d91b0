package dev.loyaltykit.examples.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.PartnerId;
import dev.loyaltykit.core.ledger.AccountRef;
import dev.loyaltykit.core.ledger.HoldId;
import dev.loyaltykit.core.ledger.LedgerCommand;
import dev.loyaltykit.core.ledger.LedgerReceipt;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.core.ledger.PointsLedger;
import dev.loyaltykit.core.ledger.SystemAccountType;
import dev.loyaltykit.core.memory.InMemoryLedgerStore;
import dev.loyaltykit.core.spi.LedgerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Breaks the connection at every step of every operation of a scenario — each statement and
 * the commit, before the step reaches the server and after it ran — and injects a
 * serialization failure at each step. Whatever failed, the operation either fully happened or
 * not at all (compared with the in-memory store that ran the same operations), a failure the
 * store cannot be sure of says so ({@link StoreUnavailableException#outcomeUnknown()}), a
 * serialization failure is retried away, and retrying the operation with its key ends in the
 * state of exactly one application.
 */
class FaultInjectionTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final MemberId ANNA = MemberId.of("anna");
    private static final PartnerId PARTNER = PartnerId.of("p-1");
    private static final List<AccountRef.SystemAccount> ACCOUNTS = List.of(
            AccountRef.program(SystemAccountType.ISSUED), AccountRef.program(SystemAccountType.REDEEMED),
            AccountRef.program(SystemAccountType.ADJUSTED),
            AccountRef.system(SystemAccountType.ISSUED, Optional.of(PARTNER)),
            AccountRef.system(SystemAccountType.REDEEMED, Optional.of(PARTNER)));

    private static OperationKey key(String k) {
        return OperationKey.of(k);
    }

    private static final List<LedgerCommand> SCENARIO = List.of(
            LedgerCommand.Credit.of(key("c-1"), ANNA, 100).expiringAt(T0.plus(Duration.ofDays(30))),
            LedgerCommand.Credit.of(key("c-2"), ANNA, 50).issuedBy(PARTNER),
            LedgerCommand.PlaceHold.of(key("h-1"), ANNA, 60, T0.plus(Duration.ofHours(1))),
            LedgerCommand.Capture.of(key("cap-1"), ANNA, HoldId.of(key("h-1")), 40),
            LedgerCommand.Reverse.of(key("cap-1:refund"), ANNA, key("cap-1"), 10),
            LedgerCommand.Reverse.all(key("c-2:refund"), ANNA, key("c-2")),
            LedgerCommand.Debit.of(key("d-1"), ANNA, 20),
            LedgerCommand.Adjust.of(key("a-1"), ANNA, -5, "correction"));

    /** Everything a reader of the store can see of the scenario. */
    private record Snapshot(Object state, Object history, List<Object> records, List<Object> holds, List<Long> totals) {
        /** What the store shows of the scenario's first {@code operations} keys. */
        static Snapshot of(LedgerStore store, int operations) {
            List<Object> records = new ArrayList<>();
            List<Object> holds = new ArrayList<>();
            for (LedgerCommand c : SCENARIO.subList(0, operations)) {
                records.add(store.findOperation(ANNA, c.key()));
                holds.add(store.findHold(ANNA, HoldId.of(c.key())));
            }
            List<Long> totals = new ArrayList<>();
            for (AccountRef.SystemAccount a : ACCOUNTS) {
                totals.add(store.systemBalance(a));
            }
            return new Snapshot(store.load(ANNA), store.history(ANNA, Long.MAX_VALUE, 1000), records, holds, totals);
        }
    }

    @Test
    void everyStepOfEveryOperation_failing_leavesAllOrNothing() {
        Clock clock = Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC);
        FaultyDataSource faulty = new FaultyDataSource(TestDatabase.dataSource());
        int injected = 0;
        int unknownOutcomes = 0;
        List<Integer> stepsPerOperation = new ArrayList<>();
        for (int i = 0; i < SCENARIO.size(); i++) {
            LedgerCommand command = SCENARIO.get(i);
            for (FaultyDataSource.Fault fault : FaultyDataSource.Fault.values()) {
                for (int step = 1; ; step++) {
                    String where = command.key() + ", step " + step + ", " + fault;
                    TestDatabase.truncate();
                    InMemoryLedgerStore memory = new InMemoryLedgerStore();
                    PointsLedger reference = PointsLedger.builder(memory).clock(clock).build();
                    PostgresLedgerStore postgres = new PostgresLedgerStore(TestDatabase.dataSource());
                    PointsLedger clean = PointsLedger.builder(postgres).clock(clock).build();
                    PointsLedger broken = PointsLedger.builder(new PostgresLedgerStore(faulty.dataSource()))
                            .clock(clock).build();
                    for (LedgerCommand before : SCENARIO.subList(0, i)) {
                        reference.execute(before);
                        clean.execute(before);
                    }
                    Snapshot notApplied = Snapshot.of(memory, i + 1);
                    LedgerReceipt expected = reference.execute(command);
                    Snapshot applied = Snapshot.of(memory, i + 1);
                    assertThat(Snapshot.of(postgres, i + 1)).as(where + ": before").isEqualTo(notApplied);

                    faulty.failAt(step, fault);
                    boolean failed = false;
                    try {
                        assertThat(broken.execute(command)).as(where + ": receipt").isEqualTo(expected);
                    } catch (StoreUnavailableException e) {
                        failed = true;
                        unknownOutcomes += e.outcomeUnknown() ? 1 : 0;
                        Snapshot seen = Snapshot.of(postgres, i + 1);
                        if (e.outcomeUnknown()) {
                            assertThat(seen).as(where + ": all or nothing").isIn(notApplied, applied);
                        } else {
                            assertThat(seen).as(where + ": nothing").isEqualTo(notApplied);
                        }
                    }
                    boolean fired = faulty.fired();
                    faulty.countOnly();
                    if (!fired) {
                        if (fault == FaultyDataSource.Fault.BROKEN_BEFORE) {
                            stepsPerOperation.add(step - 1);
                        }
                        break;   // the operation took fewer steps: every step has had its failure
                    }
                    injected++;
                    assertThat(failed).as(where + ": a serialization failure is retried by the store")
                            .isEqualTo(fault != FaultyDataSource.Fault.SERIALIZATION_FAILURE);
                    if (!failed) {
                        assertThat(Snapshot.of(postgres, i + 1)).as(where + ": applied once").isEqualTo(applied);
                    }
                    // The host retries with the same key: one application in the end, the same receipt.
                    assertThat(clean.execute(command)).as(where + ": retried").isEqualTo(expected);
                    assertThat(Snapshot.of(postgres, i + 1)).as(where + ": after the retry").isEqualTo(applied);
                }
            }
        }
        System.out.println("fault injection: " + injected + " faults, " + unknownOutcomes + " unknown outcomes; "
                + "JDBC round trips (statements and commit) per operation " + stepsPerOperation);
        // Two round trips per operation: one read of the state and the keys (a reversal's original
        // among them), one commit.
        assertThat(stepsPerOperation).as("round trips per operation").containsExactly(2, 2, 2, 2, 2, 2, 2, 2);
        assertThat(injected).as("faults injected").isGreaterThanOrEqualTo(SCENARIO.size() * 3 * 2);
        assertThat(unknownOutcomes).as("commits whose answer was lost").isGreaterThan(0);
    }
}
