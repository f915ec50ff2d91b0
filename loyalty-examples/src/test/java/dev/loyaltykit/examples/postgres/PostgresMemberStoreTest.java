package dev.loyaltykit.examples.postgres;

import dev.loyaltykit.core.conformance.MemberStoreContract;
import dev.loyaltykit.core.spi.LedgerStore;
import dev.loyaltykit.core.spi.MemberStore;

/**
 * The whole {@link MemberStoreContract} against {@link PostgresMemberStore} on a real PostgreSQL,
 * with a {@link PostgresLedgerStore} over the same data source beside it (so the member and the
 * ledger are read in one round trip).
 */
class PostgresMemberStoreTest extends MemberStoreContract {
    @Override
    protected MemberStore newStore() {
        TestDatabase.truncate();
        return new PostgresMemberStore(TestDatabase.dataSource());
    }

    @Override
    protected LedgerStore newLedgerStore() {
        return new PostgresLedgerStore(TestDatabase.dataSource());
    }
}
