package dev.loyaltykit.core.memory;

import dev.loyaltykit.core.conformance.ReferralStoreContract;
import dev.loyaltykit.core.spi.ReferralStore;

/** The embedded referral store passes the conformance kit. */
class InMemoryReferralStoreTest extends ReferralStoreContract {

    @Override
    protected ReferralStore newStore() {
        return new InMemoryReferralStore();
    }
}
