package dev.loyaltykit.core.memory;

import dev.loyaltykit.core.conformance.SharedCountersContract;
import dev.loyaltykit.core.spi.SharedCounters;

/** The whole {@link SharedCountersContract} against {@link InMemorySharedCounters}. */
class InMemorySharedCountersTest extends SharedCountersContract {
    @Override
    protected SharedCounters newCounters() {
        return new InMemorySharedCounters();
    }
}
