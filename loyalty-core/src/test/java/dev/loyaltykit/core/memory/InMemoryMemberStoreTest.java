package dev.loyaltykit.core.memory;

import dev.loyaltykit.core.conformance.MemberStoreContract;
import dev.loyaltykit.core.spi.MemberStore;

/** The embedded member store passes the conformance kit. */
class InMemoryMemberStoreTest extends MemberStoreContract {

    @Override
    protected MemberStore newStore() {
        return new InMemoryMemberStore();
    }
}
