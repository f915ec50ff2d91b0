package dev.loyaltykit.examples.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.conformance.ReferralStoreContract;
import dev.loyaltykit.core.spi.ReferralStore;
import org.junit.jupiter.api.Test;

/**
 * The whole {@link ReferralStoreContract} against {@link PostgresReferralStore} on a real
 * PostgreSQL. Ids and codes too long for the columns cannot reach the store: {@code MemberId} and
 * {@code OrderId} allow 128 characters and {@code Referral} codes 64, as the columns do.
 */
class PostgresReferralStoreTest extends ReferralStoreContract {
    @Override
    protected ReferralStore newStore() {
        TestDatabase.truncate();
        return new PostgresReferralStore(TestDatabase.dataSource());
    }

    @Test
    void overLongCode_cannotHaveBeenStored_soItFindsNobody() {
        assertThat(newStore().findMemberByCode("C".repeat(65))).isEmpty();
    }
}
