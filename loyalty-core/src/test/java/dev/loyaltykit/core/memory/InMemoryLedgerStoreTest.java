package dev.loyaltykit.core.memory;

import dev.loyaltykit.core.conformance.LedgerStoreContract;
import dev.loyaltykit.core.spi.LedgerStore;

/** The embedded ledger store passes the conformance kit. */
class InMemoryLedgerStoreTest extends LedgerStoreContract {

    @Override
    protected LedgerStore newStore() {
        return new InMemoryLedgerStore();
    }
}
