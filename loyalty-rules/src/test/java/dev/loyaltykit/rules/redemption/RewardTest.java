package dev.loyaltykit.rules.redemption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.core.InsufficientPointsException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.MemberStatus;
import dev.loyaltykit.core.NotFoundException;
import dev.loyaltykit.core.ledger.LedgerCommand;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.core.memory.InMemorySharedCounters;
import dev.loyaltykit.rules.Fixtures;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.accrual.LimitPeriod;
import dev.loyaltykit.rules.internal.RewardCodes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RewardTest {
    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    static final MemberId ANNA = MemberId.of("anna");

    Fixtures.MutableClock clock;
    InMemorySharedCounters counters;
    LoyaltyProgram program;

    @BeforeEach
    void setUp() {
        clock = new Fixtures.MutableClock(START);
        counters = new InMemorySharedCounters();
        program = LoyaltyProgram.builder(ProgramDefinition.builder("cafe", Fixtures.RUB)
                .reward(Reward.of("coffee", "Free coffee", 100).limitPerMember(1, LimitPeriod.DAY))
                .reward(Reward.of("voucher", "500 RUB voucher", 450).withStock(3))
                .build()).clock(clock).sharedCounters(counters).build();
        enrol(ANNA, 1000);
    }

    void enrol(MemberId member, long points) {
        program.enroll(Member.builder(member, START).build());
        program.ledger().credit(LedgerCommand.Credit.of(OperationKey.of("gift-" + member), member, points));
    }

    @Test
    void redeemReward_debitsThePriceAndReturnsACode() {
        RewardResult r = program.redeemReward(ANNA, "coffee", "evt-1");
        assertThat(r.points()).isEqualTo(100);
        assertThat(r.code()).hasSize(12).matches("[" + RewardCodes.ALPHABET + "]+");
        assertThat(program.balance(ANNA).available()).isEqualTo(900);
        RewardResult again = program.redeemReward(ANNA, "coffee", "evt-1");
        assertThat(again.replayed()).isTrue();
        assertThat(again.code()).isEqualTo(r.code());
        assertThat(program.balance(ANNA).available()).isEqualTo(900);
    }

    @Test
    void redeemReward_perMemberLimit_resetsTheNextDay() {
        program.redeemReward(ANNA, "coffee", "evt-1");
        assertThatExceptionOfType(RewardUnavailableException.class)
                .isThrownBy(() -> program.redeemReward(ANNA, "coffee", "evt-2"))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(RewardUnavailableException.Reason.MEMBER_LIMIT_REACHED));
        assertThat(program.balance(ANNA).available()).isEqualTo(900);
        clock.advance(Duration.ofDays(1));
        assertThat(program.redeemReward(ANNA, "coffee", "evt-2").points()).isEqualTo(100);
    }

    @Test
    void redeemReward_outOfStock_andAFailedDebitDoesNotUseStock() {
        MemberId poor = MemberId.of("poor");
        enrol(poor, 10);
        assertThatExceptionOfType(InsufficientPointsException.class)
                .isThrownBy(() -> program.redeemReward(poor, "voucher", "p-1"));
        assertThat(counters.count("reward-stock:cafe:voucher")).isZero();
        enrol(MemberId.of("m2"), 1000);
        program.redeemReward(ANNA, "voucher", "v-1");
        program.redeemReward(ANNA, "voucher", "v-2");
        program.redeemReward(MemberId.of("m2"), "voucher", "v-3");
        assertThatExceptionOfType(RewardUnavailableException.class)
                .isThrownBy(() -> program.redeemReward(MemberId.of("m2"), "voucher", "v-4"))
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(RewardUnavailableException.Reason.OUT_OF_STOCK);
                    assertThat(e.reward()).isEqualTo("voucher");
                });
        // A replay of a successful redemption still answers, stock or not.
        assertThat(program.redeemReward(ANNA, "voucher", "v-1").replayed()).isTrue();
    }

    @Test
    void redeemReward_unknownRewardOrMember_notFound() {
        assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> program.redeemReward(ANNA, "yacht", "k"))
                .satisfies(e -> assertThat(e.entity()).isEqualTo("reward"));
        assertThatExceptionOfType(NotFoundException.class)
                .isThrownBy(() -> program.redeemReward(MemberId.of("ghost"), "coffee", "k"))
                .satisfies(e -> assertThat(e.entity()).isEqualTo("member"));
    }

    @Test
    void redeemReward_ofAStockedReward_byAnUnknownOrInactiveMember_isRefusedAndUsesNoStock() {
        MemberId blocked = MemberId.of("blocked");
        program.enroll(Member.builder(blocked, START).status(MemberStatus.BLOCKED).build());

        assertThatExceptionOfType(NotFoundException.class)
                .isThrownBy(() -> program.redeemReward(MemberId.of("ghost"), "voucher", "g-1"));
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> program.redeemReward(blocked, "voucher", "b-1"))
                .withMessageContaining("BLOCKED");

        assertThat(counters.count("reward-stock:cafe:voucher")).isZero();
        assertThat(program.balance(blocked).available()).isZero();
    }

    @Test
    void redeemReward_concurrentlyByManyMembers_neverExceedsTheStock() throws Exception {
        int members = 20;
        for (int i = 0; i < members; i++) {
            enrol(MemberId.of("m-" + i), 1000);
        }
        List<Boolean> outcomes = Fixtures.race(members, i -> {
            MemberId m = MemberId.of("m-" + i);
            return () -> {
                try {
                    program.redeemReward(m, "voucher", "k-" + m);
                    return true;
                } catch (RewardUnavailableException e) {
                    return false;
                }
            };
        });
        long won = outcomes.stream().filter(Boolean::booleanValue).count();
        assertThat(won).isEqualTo(3);
        assertThat(counters.count("reward-stock:cafe:voucher")).isEqualTo(3);
    }

    @Test
    void rewardCodes_areUniqueOverALargeSample() {
        var codes = RewardCodes.secureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String code = codes.get();
            assertThat(code).matches("[" + RewardCodes.ALPHABET + "]{12}");
            seen.add(code);
        }
        assertThat(seen).hasSize(100_000);
        assertThat(RewardCodes.ALPHABET).doesNotContain("0", "O", "1", "I", "L");
    }
}
