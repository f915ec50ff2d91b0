package dev.loyaltykit.examples.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.referral.Referral;
import dev.loyaltykit.core.referral.ReferralStatus;
import dev.loyaltykit.core.spi.ReferralStore.CodeAssignment;
import dev.loyaltykit.core.spi.ReferralStore.ReferralWrite;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two application instances — two {@link PostgresReferralStore}s, each with its own connection
 * pool — race real threads on the same referral or code in one PostgreSQL: whatever the
 * interleaving, exactly one write wins and the others are told why they lost.
 */
@Timeout(120)
class PostgresReferralStoreRaceTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int THREADS = 4;
    private static final int ROUNDS = 30;
    private static final MemberId ANNA = MemberId.of("anna");

    private HikariDataSource poolA;
    private HikariDataSource poolB;
    private List<PostgresReferralStore> instances;

    @BeforeEach
    void setUp() {
        TestDatabase.truncate();
        poolA = TestDatabase.newPool("referrals-a", THREADS);
        poolB = TestDatabase.newPool("referrals-b", THREADS);
        instances = List.of(new PostgresReferralStore(poolA), new PostgresReferralStore(poolB));
    }

    @AfterEach
    void closePools() {
        poolA.close();
        poolB.close();
    }

    /** The instance thread {@code t} uses: even threads the first, odd ones the second. */
    private PostgresReferralStore instance(int t) {
        return instances.get(t % 2);
    }

    private static MemberId friend(int round) {
        return MemberId.of(String.format("f-%03d", round));
    }

    private Referral qualified(MemberId friend) {
        PostgresReferralStore store = instance(0);
        store.insert(Referral.pending(friend, ANNA, "K7M3QX9P", T0));
        store.update(store.findByFriend(friend).orElseThrow().qualified(OrderId.of("o-" + friend), T0.plusSeconds(60),
                T0.plusSeconds(1)));
        return instance(1).findByFriend(friend).orElseThrow();
    }

    @Test
    void update_bothInstancesPayTheSameDueReferral_exactlyOnePays() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Referral due = qualified(friend(round));
            List<ReferralWrite> outcomes = Threads.race(THREADS,
                    t -> () -> instance(t).update(due.rewarded(T0.plusSeconds(100 + t))));

            assertThat(outcomes).filteredOn(o -> o == ReferralWrite.WRITTEN).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o != ReferralWrite.WRITTEN).containsOnly(ReferralWrite.VERSION_CONFLICT);
            int winner = outcomes.indexOf(ReferralWrite.WRITTEN);
            assertThat(instance(winner + 1).findByFriend(friend(round)))
                    .contains(due.rewarded(T0.plusSeconds(100 + winner)).withVersion(due.version() + 1));
        }
        assertThat(instance(0).listDue(T0.plusSeconds(1000), Optional.empty(), 100)).isEmpty();
    }

    @Test
    void update_oneInstancePaysWhileTheOtherReverses_exactlyOneWins() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Referral due = qualified(friend(round));
            List<ReferralWrite> outcomes = Threads.race(THREADS, t -> () -> instance(t).update(t % 2 == 0
                    ? due.rewarded(T0.plusSeconds(100))
                    : due.reversed(T0.plusSeconds(100))));

            assertThat(outcomes).filteredOn(o -> o == ReferralWrite.WRITTEN).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o != ReferralWrite.WRITTEN).containsOnly(ReferralWrite.VERSION_CONFLICT);
            int winner = outcomes.indexOf(ReferralWrite.WRITTEN);
            Referral stored = instance(winner + 1).findByFriend(friend(round)).orElseThrow();
            assertThat(stored.status()).isEqualTo(winner % 2 == 0 ? ReferralStatus.REWARDED : ReferralStatus.REVERSED);
            assertThat(stored.version()).isEqualTo(due.version() + 1);
        }
    }

    @Test
    void insert_bothInstancesLinkTheSameFriend_exactlyOneLinkIsStored() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            MemberId friend = friend(round);
            List<ReferralWrite> outcomes = Threads.race(THREADS, t -> () ->
                    instance(t).insert(Referral.pending(friend, MemberId.of("r-" + t), "CODE" + t, T0)));

            assertThat(outcomes).filteredOn(o -> o == ReferralWrite.WRITTEN).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o != ReferralWrite.WRITTEN).containsOnly(ReferralWrite.DUPLICATE);
            int winner = outcomes.indexOf(ReferralWrite.WRITTEN);
            assertThat(instance(winner + 1).findByFriend(friend).orElseThrow().referrer())
                    .isEqualTo(MemberId.of("r-" + winner));
        }
    }

    @Test
    void assignCode_bothInstancesGiveOneCodeToDifferentMembers_exactlyOneGetsIt() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String code = "RACE" + round;
            int r = round;
            List<CodeAssignment> outcomes = Threads.race(THREADS,
                    t -> () -> instance(t).assignCode(MemberId.of("m-" + r + "-" + t), code));

            assertThat(outcomes).filteredOn(o -> o == CodeAssignment.ASSIGNED).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o != CodeAssignment.ASSIGNED).containsOnly(CodeAssignment.CODE_TAKEN);
            MemberId winner = MemberId.of("m-" + r + "-" + outcomes.indexOf(CodeAssignment.ASSIGNED));
            assertThat(instance(1).findMemberByCode(code)).contains(winner);
            assertThat(instance(0).findCode(winner)).contains(code);
        }
    }
}
