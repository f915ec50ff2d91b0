package dev.loyaltykit.examples.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.ledger.LedgerCommand;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.core.ledger.PointsLedger;
import dev.loyaltykit.core.spi.MemberLedger;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The states {@link PostgresLedgerStore} keeps in memory: used while the member's ledger row
 * still has the version and {@code xmin} they were read or committed with, and never after
 * another instance committed, the ledger was re-created, or the database rounded what was written.
 */
class KeptStateTest {
    private static final MemberId ANNA = MemberId.of("anna");
    private static final MemberId BORIS = MemberId.of("boris");

    @BeforeEach
    void empty() {
        TestDatabase.truncate();
    }

    private static PostgresLedgerStore store() {
        return new PostgresLedgerStore(TestDatabase.dataSource());
    }

    /** What the database holds, read whole by a store that keeps nothing. */
    private static MemberLedger stored(MemberId member) {
        return new PostgresLedgerStore(TestDatabase.dataSource(), 0).load(member);
    }

    private static void sql(String statement) {
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void credit(PostgresLedgerStore store, String key, MemberId member, long points) {
        PointsLedger.builder(store).build().credit(LedgerCommand.Credit.of(OperationKey.of(key), member, points));
    }

    @Test
    void keptState_isUsedWhileTheLedgerRowIsUnchanged() {
        PostgresLedgerStore store = store();
        credit(store, "c-1", ANNA, 40);
        // Behind the store's back, a lot row changes without its ledger row (no commit does that):
        // the store still answers from the state it kept, which shows the rows were not read again.
        sql("UPDATE lk_lot SET remaining = 39 WHERE member_id = 'anna'");

        assertThat(store.load(ANNA).lots()).singleElement().satisfies(l -> assertThat(l.remaining()).isEqualTo(40));
        assertThat(stored(ANNA).lots()).singleElement().satisfies(l -> assertThat(l.remaining()).isEqualTo(39));
    }

    @Test
    void anotherInstancesCommit_isSeenAtOnce() {
        PostgresLedgerStore first = store();
        PostgresLedgerStore second = store();
        credit(first, "c-1", ANNA, 40);
        assertThat(second.load(ANNA).balance().available()).isEqualTo(40);

        credit(second, "c-2", ANNA, 2);
        PointsLedger.builder(first).build().debit(LedgerCommand.Debit.of(OperationKey.of("d-1"), ANNA, 42));

        assertThat(first.load(ANNA)).isEqualTo(stored(ANNA));
        assertThat(second.load(ANNA)).isEqualTo(stored(ANNA));
        assertThat(stored(ANNA).balance().available()).isZero();
    }

    /** The version alone would match here: only the row's xmin tells the two ledgers apart. */
    @Test
    void reCreatedLedgerWithTheSameVersion_isReadAfresh() {
        PostgresLedgerStore store = store();
        credit(store, "c-1", ANNA, 40);
        long version = store.load(ANNA).version();

        TestDatabase.truncate();
        credit(store(), "c-9", ANNA, 7);

        MemberLedger now = store.load(ANNA);
        assertThat(now.version()).isEqualTo(version);
        assertThat(now).isEqualTo(stored(ANNA));
        assertThat(now.balance().available()).isEqualTo(7);
    }

    /** A clock finer than the database's microseconds: the state kept is cut as the database cut it. */
    @Test
    void committedStateWithFinerInstants_isKeptAsStored() {
        Instant fine = Instant.parse("2026-07-03T06:30:00.123456789Z");
        PostgresLedgerStore store = store();
        PointsLedger.builder(store).clock(Clock.fixed(fine, ZoneOffset.UTC)).build()
                .credit(LedgerCommand.Credit.of(OperationKey.of("c-1"), ANNA, 40));

        MemberLedger kept = store.load(ANNA);
        assertThat(kept).isEqualTo(stored(ANNA));
        assertThat(kept.asOf()).isEqualTo(Instant.parse("2026-07-03T06:30:00.123456Z"));
        assertThat(kept.lots().get(0).earnedAt()).isEqualTo(Instant.parse("2026-07-03T06:30:00.123456Z"));
        sql("UPDATE lk_lot SET remaining = 39");
        assertThat(store.load(ANNA).balance().available()).isEqualTo(40);   // and it is the one used
    }

    @Test
    void batchReads_useTheKeptStatesToo() {
        PostgresLedgerStore store = store();
        credit(store, "a-1", ANNA, 10);
        credit(store, "b-1", BORIS, 20);
        sql("UPDATE lk_lot SET remaining = 1");
        credit(store(), "b-2", BORIS, 5);   // another instance: Boris's row moves on

        Map<MemberId, ? extends List<OperationKey>> keys = Map.of(ANNA, List.of(), BORIS, List.of());
        var reads = store.readAll(keys);

        assertThat(reads.get(ANNA).state().balance().available()).isEqualTo(10);   // kept
        assertThat(reads.get(BORIS).state()).isEqualTo(stored(BORIS));              // read afresh
        assertThat(reads.get(BORIS).state().balance().available()).isEqualTo(6);
    }

    @Test
    void keepsAtMostTheMembersAskedFor() {
        PostgresLedgerStore store = new PostgresLedgerStore(TestDatabase.dataSource(), 1);
        credit(store, "a-1", ANNA, 10);
        credit(store, "b-1", BORIS, 20);
        sql("UPDATE lk_lot SET remaining = 1");

        // Only Boris, used last, is kept: Anna's state is read whole again.
        assertThat(store.load(BORIS).balance().available()).isEqualTo(20);
        assertThat(store.load(ANNA).balance().available()).isEqualTo(1);
    }

    @Test
    void negativeNumberOfKeptStates_isRefused() {
        assertThatThrownBy(() -> new PostgresLedgerStore(TestDatabase.dataSource(), -1))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("keptStates");
    }
}
