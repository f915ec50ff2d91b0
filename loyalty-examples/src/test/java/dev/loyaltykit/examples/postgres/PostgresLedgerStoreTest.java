package dev.loyaltykit.examples.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.conformance.LedgerStoreContract;
import dev.loyaltykit.core.ledger.LedgerCommand;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.core.ledger.PointsLedger;
import dev.loyaltykit.core.spi.LedgerStore;
import org.junit.jupiter.api.Test;

/** The whole {@link LedgerStoreContract} against {@link PostgresLedgerStore} on a real PostgreSQL. */
class PostgresLedgerStoreTest extends LedgerStoreContract {
    @Override
    protected LedgerStore newStore() {
        TestDatabase.truncate();
        return new PostgresLedgerStore(TestDatabase.dataSource());
    }

    /**
     * A commit is one round trip in auto-commit mode; a pool that hands out connections with
     * auto-commit off must not leave it in a transaction nobody commits (the pool would roll it
     * back when the connection comes back, and the points would silently vanish).
     */
    @Test
    void poolWithAutoCommitOff_commitsAreStillDurable() {
        TestDatabase.truncate();
        MemberId anna = MemberId.of("anna");
        try (HikariDataSource manual = TestDatabase.newPool("auto-commit-off", 2, false)) {
            PointsLedger ledger = PointsLedger.builder(new PostgresLedgerStore(manual)).build();
            ledger.credit(LedgerCommand.Credit.of(OperationKey.of("c-1"), anna, 40));
            ledger.debit(LedgerCommand.Debit.of(OperationKey.of("d-1"), anna, 15));
        }

        assertThat(new PostgresLedgerStore(TestDatabase.dataSource()).load(anna).balance().available()).isEqualTo(25);
    }
}
