package dev.loyaltykit.examples.postgres;

import dev.loyaltykit.core.conformance.MemberStoreContract;
import dev.loyaltykit.core.spi.MemberStore;

/** The whole {@link MemberStoreContract} against {@link PostgresMemberStore} on a real PostgreSQL. */
class PostgresMemberStoreTest extends MemberStoreContract {
    @Override
    protected MemberStore newStore() {
        TestDatabase.truncate();
        return new PostgresMemberStore(TestDatabase.dataSource());
    }
}
