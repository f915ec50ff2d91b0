package dev.loyaltykit.examples.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.core.Identifier;
import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.ledger.CounterChange;
import dev.loyaltykit.core.ledger.HoldId;
import dev.loyaltykit.core.ledger.LedgerCommand;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.core.ledger.PointsLedger;
import dev.loyaltykit.core.spi.MemberLedger;
import dev.loyaltykit.core.spi.MemberStore.MemberWrite;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Values the schema cannot hold are the caller's {@link InvalidArgumentException}, never a raw
 * SQLException, and write nothing; values at the edges it can hold read back unchanged; a
 * database that cannot be reached is a {@link StoreUnavailableException}.
 */
class PostgresStoreBoundaryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final MemberId ANNA = MemberId.of("anna");

    private PostgresLedgerStore ledgerStore;
    private PostgresMemberStore memberStore;
    private PointsLedger ledger;

    @BeforeEach
    void setUp() {
        TestDatabase.truncate();
        ledgerStore = new PostgresLedgerStore(TestDatabase.dataSource());
        memberStore = new PostgresMemberStore(TestDatabase.dataSource());
        ledger = PointsLedger.builder(ledgerStore).clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
        ledger.credit(LedgerCommand.Credit.of(OperationKey.of("c-1"), ANNA, 100));
    }

    @Test
    void insert_identifierLongerThanItsColumn_isInvalidArgumentAndWritesNothing() {
        Identifier longEmail = Identifier.email("a".repeat(60) + "@" + "b".repeat(60) + "." + "c".repeat(60) + "."
                + "d".repeat(60) + ".example.com");
        assertThat(longEmail.value()).hasSizeGreaterThan(254);

        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> memberStore.insert(Member.builder(ANNA, T0).identifier(longEmail).build()))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("identifier"))
                .withMessageContaining("254");

        assertThat(memberStore.find(ANNA)).isEmpty();
        assertThat(memberStore.findByIdentifier(longEmail)).isEmpty();
        assertThat(memberStore.insert(Member.builder(ANNA, T0).build())).isEqualTo(MemberWrite.WRITTEN);
    }

    @Test
    void commit_holdReferenceLongerThanItsColumn_isInvalidArgumentAndWritesNothing() {
        MemberLedger before = ledgerStore.load(ANNA);
        LedgerCommand.PlaceHold hold = new LedgerCommand.PlaceHold(OperationKey.of("h-1"), ANNA, 10,
                T0.plusSeconds(600), Optional.of("r".repeat(201)));

        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> ledger.hold(hold))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("reference"));

        assertThat(ledgerStore.load(ANNA)).isEqualTo(before);
        assertThat(ledgerStore.findHold(ANNA, HoldId.of(OperationKey.of("h-1")))).isEmpty();
        assertThat(ledgerStore.findOperation(ANNA, OperationKey.of("h-1"))).isEmpty();
    }

    @Test
    void commit_characterTheDatabaseCannotHold_isInvalidArgumentAndWritesNothing() {
        MemberLedger before = ledgerStore.load(ANNA);
        LedgerCommand.PlaceHold hold = new LedgerCommand.PlaceHold(OperationKey.of("h-1"), ANNA, 10,
                T0.plusSeconds(600), Optional.of("order\u0000 1"));

        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> ledger.hold(hold))
                .withMessageContaining("SQLSTATE 22");

        assertThat(ledgerStore.load(ANNA)).isEqualTo(before);
        assertThat(ledgerStore.history(ANNA, Long.MAX_VALUE, 10)).hasSize(1);
    }

    @Test
    void commit_instantBeyondTheColumnsRange_isInvalidArgumentAndWritesNothing() {
        LedgerCommand.Credit farFuture = LedgerCommand.Credit.of(OperationKey.of("c-2"), ANNA, 5)
                .expiringAt(Instant.parse("+300000-01-01T00:00:00Z"));

        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> ledger.credit(farFuture))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("expiresAt"));

        assertThat(ledgerStore.load(ANNA).balance().available()).isEqualTo(100);
        assertThat(ledgerStore.findOperation(ANNA, OperationKey.of("c-2"))).isEmpty();
    }

    @Test
    void commit_counterUntilBeyondTheTimestampRange_isInvalidArgumentAndWritesNothing() {
        MemberLedger before = ledgerStore.load(ANNA);
        LedgerCommand.Tally tally = new LedgerCommand.Tally(OperationKey.of("t-2"), ANNA,
                List.of(new CounterChange("orders", 1, Instant.parse("+300000-01-01T00:00:00Z"))));

        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> ledger.execute(tally))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("until"));

        assertThat(ledgerStore.load(ANNA)).isEqualTo(before);
        assertThat(ledgerStore.findOperation(ANNA, OperationKey.of("t-2"))).isEmpty();
    }

    @Test
    void commit_instantMaxAndSubMicrosecondInstants_areStored() {
        ledger.hold(LedgerCommand.PlaceHold.of(OperationKey.of("h-1"), ANNA, 10, Instant.MAX));
        ledger.execute(new LedgerCommand.Tally(OperationKey.of("t-1"), ANNA, List.of(CounterChange.of("orders", 1),
                new CounterChange("month", 2, Instant.parse("2030-02-01T00:00:00.123456789Z")))));
        ledger.credit(LedgerCommand.Credit.of(OperationKey.of("c-3"), ANNA, 7)
                .expiringAt(Instant.parse("2030-01-01T00:00:00.123456789Z")));

        assertThat(ledgerStore.findHold(ANNA, HoldId.of(OperationKey.of("h-1"))).orElseThrow().deadline())
                .isEqualTo(Instant.MAX);
        MemberLedger state = ledgerStore.load(ANNA);
        assertThat(state.holds()).singleElement().satisfies(h -> assertThat(h.deadline()).isEqualTo(Instant.MAX));
        assertThat(state.counters().get("orders").until()).isEqualTo(Instant.MAX);
        assertThat(state.counters().get("month").until()).isEqualTo(Instant.parse("2030-02-01T00:00:00.123456Z"));
        // Columns keep microseconds; the operation record (JSON) keeps the command exactly.
        assertThat(state.lots()).anySatisfy(l -> assertThat(l.expiresAt())
                .contains(Instant.parse("2030-01-01T00:00:00.123456Z")));
        assertThat(ledgerStore.findOperation(ANNA, OperationKey.of("c-3")).orElseThrow().command())
                .isEqualTo(LedgerCommand.Credit.of(OperationKey.of("c-3"), ANNA, 7)
                        .expiringAt(Instant.parse("2030-01-01T00:00:00.123456789Z")));
    }

    @Test
    void everyMethod_databaseUnreachable_isStoreUnavailable() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setServerNames(new String[] {"127.0.0.1"});
        nowhere.setPortNumbers(new int[] {1});
        nowhere.setConnectTimeout(2);
        PostgresLedgerStore store = new PostgresLedgerStore(nowhere);

        assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> store.load(ANNA))
                .satisfies(e -> assertThat(e.sqlState()).startsWith("08"))
                .satisfies(e -> assertThat(e.outcomeUnknown()).isFalse());
        assertThatExceptionOfType(StoreUnavailableException.class)
                .isThrownBy(() -> PointsLedger.builder(store).build()
                        .credit(LedgerCommand.Credit.of(OperationKey.of("c-9"), ANNA, 1)));
        assertThatExceptionOfType(StoreUnavailableException.class)
                .isThrownBy(() -> new PostgresMemberStore(nowhere).insert(Member.builder(ANNA, T0).build()));
        assertThatExceptionOfType(StoreUnavailableException.class)
                .isThrownBy(() -> new PostgresSharedCounters(nowhere).reserve("c", "k", 1));
    }
}
