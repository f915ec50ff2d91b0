package dev.loyaltykit.examples.postgres;

import dev.loyaltykit.core.conformance.SharedCountersContract;
import dev.loyaltykit.core.spi.SharedCounters;

/** The whole {@link SharedCountersContract} against {@link PostgresSharedCounters} on a real PostgreSQL. */
class PostgresSharedCountersTest extends SharedCountersContract {
    @Override
    protected SharedCounters newCounters() {
        TestDatabase.truncate();
        return new PostgresSharedCounters(TestDatabase.dataSource());
    }
}
