package dev.loyaltykit.examples.postgres;

import dev.loyaltykit.core.conformance.LedgerStoreContract;
import dev.loyaltykit.core.spi.LedgerStore;

/** The whole {@link LedgerStoreContract} against {@link PostgresLedgerStore} on a real PostgreSQL. */
class PostgresLedgerStoreTest extends LedgerStoreContract {
    @Override
    protected LedgerStore newStore() {
        TestDatabase.truncate();
        return new PostgresLedgerStore(TestDatabase.dataSource());
    }
}
