package dev.loyaltykit.rules.referral;

import static dev.loyaltykit.rules.Fixtures.line;
import static dev.loyaltykit.rules.Fixtures.order;
import static dev.loyaltykit.rules.Fixtures.rub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.core.AlreadyExistsException;
import dev.loyaltykit.core.Identifier;
import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.MemberStatus;
import dev.loyaltykit.core.NotFoundException;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.event.LoyaltyEvent;
import dev.loyaltykit.core.event.MemberEnrolled;
import dev.loyaltykit.core.event.ReferralQualified;
import dev.loyaltykit.core.event.ReferralRejected;
import dev.loyaltykit.core.event.ReferralReversed;
import dev.loyaltykit.core.event.ReferralRewarded;
import dev.loyaltykit.core.ledger.Transfer;
import dev.loyaltykit.core.memory.InMemoryReferralStore;
import dev.loyaltykit.core.referral.Referral;
import dev.loyaltykit.core.referral.ReferralStatus;
import dev.loyaltykit.core.referral.RejectionReason;
import dev.loyaltykit.core.spi.ReferralStore;
import dev.loyaltykit.rules.DueReport;
import dev.loyaltykit.rules.Fixtures;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.Refund;
import dev.loyaltykit.rules.accrual.LimitPeriod;
import dev.loyaltykit.rules.accrual.PercentOfSpend;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Bring a friend through the facade: codes, enrolment with a code, qualifying, paying, fraud, limits, refunds. */
class ReferralTest {
    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    static final MemberId ANNA = MemberId.of("anna");
    static final MemberId BORIS = MemberId.of("boris");
    static final MemberId CARL = MemberId.of("carl");
    static final MemberId DANA = MemberId.of("dana");
    static final MemberId ERIN = MemberId.of("erin");
    static final String CODE = "[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}";

    Fixtures.MutableClock clock;
    List<LoyaltyEvent> events;
    ReferralStore referralStore;
    LoyaltyProgram program;

    static ReferralScheme scheme() {
        return ReferralScheme.of(300, FriendReward.points(200))
                .withMinPurchase(rub("500.00"))
                .withQualifyWithin(Period.ofDays(30))
                .withExcludedCategories("tobacco")
                .withMaturity(Period.ofDays(14));
    }

    LoyaltyProgram program(ReferralScheme scheme, Supplier<String> codes) {
        ProgramDefinition definition = ProgramDefinition.builder("coffee", Fixtures.RUB)
                .rule(PercentOfSpend.of("cashback", "5"))
                .referral(scheme)
                .build();
        LoyaltyProgram.Builder b = LoyaltyProgram.builder(definition).clock(clock).listener(events::add)
                .referralStore(referralStore);
        if (codes != null) {
            b.referralCodes(codes);
        }
        return b.build();
    }

    /** A fresh program (and stores) with Anna, a member for 100 days, who refers her friends. */
    void useProgram(ReferralScheme scheme, Supplier<String> codes, ReferralStore store) {
        referralStore = store;
        program = program(scheme, codes);
        program.enroll(Member.builder(ANNA, START.minus(Duration.ofDays(100)))
                .identifier(Identifier.phone("+79161234567"))
                .identifier(Identifier.email("anna.smith+shop@gmail.com")).build());
    }

    void useProgram(ReferralScheme scheme) {
        useProgram(scheme, null, new InMemoryReferralStore());
    }

    @BeforeEach
    void setUp() {
        clock = new Fixtures.MutableClock(START);
        events = new CopyOnWriteArrayList<>();
        useProgram(scheme());
    }

    static Member newMember(MemberId id, Instant at, Identifier... identifiers) {
        Member.Builder b = Member.builder(id, at);
        for (Identifier i : identifiers) {
            b.identifier(i);
        }
        return b.build();
    }

    Member friend(MemberId id, Identifier... identifiers) {
        return newMember(id, clock.instant(), identifiers);
    }

    Order purchase(String orderId, MemberId buyer, String amount) {
        return order(orderId, buyer.value(), clock.instant()).line(line("1", "LATTE", 1, amount, "coffee")).build();
    }

    Referral referralOf(MemberId friend) {
        return program.referralOf(friend).orElseThrow();
    }

    long available(MemberId member) {
        return program.balance(member).available();
    }

    <T extends LoyaltyEvent> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Enrols a friend with Anna's code (as typed: lower case, with a dash) and a fingerprint. */
    Referral referredByAnna(MemberId friend, Identifier... identifiers) {
        String code = program.referralCode(ANNA);
        String typed = code.substring(0, 4).toLowerCase() + "-" + code.substring(4);
        program.enroll(friend(friend, identifiers), typed, Optional.empty());
        return referralOf(friend);
    }

    // ------------------------------------------------------------------ the happy path

    @Test
    void happyPath_friendBuysWaitsOutTheReturnPeriod_bothArePaidOnce() {
        String code = program.referralCode(ANNA);
        assertThat(code).matches(CODE);
        assertThat(program.referralCode(ANNA)).isEqualTo(code);

        Member boris = program.enroll(friend(BORIS), code, Optional.of("device-1"));

        assertThat(boris.id()).isEqualTo(BORIS);
        Referral pending = referralOf(BORIS);
        assertThat(pending.status()).isEqualTo(ReferralStatus.PENDING);
        assertThat(pending.referrer()).isEqualTo(ANNA);
        assertThat(pending.code()).isEqualTo(code);
        assertThat(pending.linkedAt()).isEqualTo(START);

        clock.advance(Duration.ofDays(2));
        Instant boughtAt = clock.instant();
        program.recordPurchase(purchase("o-1", BORIS, "1000.00"));

        Referral qualified = referralOf(BORIS);
        assertThat(qualified.status()).isEqualTo(ReferralStatus.QUALIFIED);
        assertThat(qualified.order()).contains(OrderId.of("o-1"));
        assertThat(qualified.maturesAt()).contains(boughtAt.plus(Duration.ofDays(14)));
        assertThat(eventsOf(ReferralQualified.class)).containsExactly(
                new ReferralQualified(BORIS, boughtAt, ANNA, OrderId.of("o-1"), boughtAt.plus(Duration.ofDays(14))));

        clock.advance(Duration.ofDays(14).minusSeconds(1));
        assertThat(program.runDue(clock.instant()).referrals()).isEqualTo(ReferralWork.NONE);
        assertThat(available(ANNA)).isZero();
        assertThat(available(BORIS)).isEqualTo(50);

        clock.advance(Duration.ofSeconds(1));
        DueReport report = program.runDue(clock.instant());

        assertThat(report.referrals()).isEqualTo(new ReferralWork(1, 1, 0, 0, 300, 200));
        assertThat(available(ANNA)).isEqualTo(300);
        assertThat(available(BORIS)).isEqualTo(250);
        assertThat(referralOf(BORIS).status()).isEqualTo(ReferralStatus.REWARDED);
        assertThat(eventsOf(ReferralRewarded.class)).containsExactly(
                new ReferralRewarded(BORIS, clock.instant(), ANNA, 300, 200));
        assertThat(program.history(ANNA, 10)).extracting(t -> t.key().value()).containsExactly("referral:boris:referrer");
        assertThat(program.referralsOf(ANNA)).containsExactly(referralOf(BORIS));

        clock.advance(Duration.ofDays(1));
        assertThat(program.runDue(clock.instant()).referrals()).isEqualTo(ReferralWork.NONE);
        assertThat(available(ANNA)).isEqualTo(300);
        assertThat(available(BORIS)).isEqualTo(250);
        assertThat(eventsOf(ReferralRewarded.class)).hasSize(1);
        assertThat(eventsOf(ReferralRejected.class)).isEmpty();
    }

    @Test
    void readmeBringAFriend_asWritten() {
        ProgramDefinition coffee = ProgramDefinition.builder("coffee", dev.loyaltykit.core.Money.currency("RUB"))
                .referral(ReferralScheme.of(300, FriendReward.points(200))
                        .withMinPurchase(dev.loyaltykit.core.Money.of("500.00", "RUB"))
                        .withQualifyWithin(Period.ofDays(30))
                        .withExcludedCategories("tobacco")
                        .withMaturity(Period.ofDays(14))
                        .withLimits(ReferralLimits.NONE.perReferrer(5, LimitPeriod.MONTH).referrerTotal(50)
                                .perFingerprint(3)))
                .build();
        program = LoyaltyProgram.builder(coffee).clock(clock).referralCodes(() -> "K7M3QX9P").build();
        program.enroll(newMember(ANNA, START.minus(Duration.ofDays(100))));
        Member boris = friend(BORIS);

        String code = program.referralCode(ANNA);
        program.enroll(boris, "k7m3-qx9p", Optional.of("device-hash"));
        program.recordPurchase(purchase("o-1", BORIS, "600.00"));
        clock.advance(Duration.ofDays(14));
        program.runDue(clock.instant());

        assertThat(code).isEqualTo("K7M3QX9P");
        assertThat(program.referralOf(boris.id()).orElseThrow().status()).isEqualTo(ReferralStatus.REWARDED);
        assertThat(available(ANNA)).isEqualTo(300);
        assertThat(available(BORIS)).isEqualTo(200);
    }

    @Test
    void happyPath_codeAppliedAfterEnrolmentWithinTheGrace_linksTheFriend() {
        program.enroll(friend(BORIS));
        clock.advance(Duration.ofHours(23));

        Referral r = program.applyReferralCode(BORIS, program.referralCode(ANNA), Optional.empty());

        assertThat(r.status()).isEqualTo(ReferralStatus.PENDING);
        assertThat(r.referrer()).isEqualTo(ANNA);
        assertThat(program.applyReferralCode(BORIS, program.referralCode(ANNA), Optional.empty())).isEqualTo(r);
    }

    @Test
    void friendRewardDiscount_offeredUntilTheFirstPurchase_onlyTheReferrerGetsPoints() {
        useProgram(ReferralScheme.of(300, FriendReward.discount("10")).withMinPurchase(rub("500.00")));
        referredByAnna(BORIS);

        assertThat(program.referralDiscount(BORIS)).contains(BigDecimal.TEN);
        assertThat(program.referralDiscount(ANNA)).isEmpty();

        program.recordPurchase(order("o-1", "boris", clock.instant()).line(line("1", "LATTE", 1, "1000.00", "coffee"))
                .orderDiscount(rub("100.00")).build());
        assertThat(program.referralDiscount(BORIS)).isEmpty();

        clock.advance(Duration.ofDays(14));
        assertThat(program.runDue(clock.instant()).referrals()).isEqualTo(new ReferralWork(1, 1, 0, 0, 300, 0));
        assertThat(available(ANNA)).isEqualTo(300);
        assertThat(available(BORIS)).isEqualTo(45);
        assertThat(eventsOf(ReferralRewarded.class)).containsExactly(
                new ReferralRewarded(BORIS, clock.instant(), ANNA, 300, 0));
    }

    // ------------------------------------------------------------------ what qualifies

    @Nested
    class Qualifying {
        @Test
        void belowTheMinimum_staysPending_aLaterPurchaseQualifies() {
            referredByAnna(BORIS);

            program.recordPurchase(purchase("o-1", BORIS, "499.99"));
            assertThat(referralOf(BORIS).status()).isEqualTo(ReferralStatus.PENDING);

            program.recordPurchase(purchase("o-2", BORIS, "500.00"));
            assertThat(referralOf(BORIS).status()).isEqualTo(ReferralStatus.QUALIFIED);
            assertThat(referralOf(BORIS).order()).contains(OrderId.of("o-2"));
        }

        @Test
        void excludedCategories_doNotCountTowardTheMinimum() {
            referredByAnna(BORIS);

            program.recordPurchase(order("o-1", "boris", clock.instant())
                    .line(line("1", "LATTE", 1, "400.00", "coffee"))
                    .line(line("2", "CIGARS", 1, "900.00", "tobacco")).build());

            assertThat(referralOf(BORIS).status()).isEqualTo(ReferralStatus.PENDING);
        }

        @Test
        void partPaidWithPoints_doesNotCount_paidWhollyWithPoints_neverQualifies() {
            useProgram(ReferralScheme.of(300, FriendReward.points(200)));
            referredByAnna(BORIS);

            program.recordPurchase(order("o-1", "boris", clock.instant()).line(line("1", "LATTE", 1, "300.00"))
                    .paidWithPoints(rub("300.00")).build());
            assertThat(referralOf(BORIS).status()).isEqualTo(ReferralStatus.PENDING);

            program.recordPurchase(order("o-2", "boris", clock.instant()).line(line("1", "LATTE", 1, "300.00"))
                    .paidWithPoints(rub("299.99")).build());
            assertThat(referralOf(BORIS).status()).isEqualTo(ReferralStatus.QUALIFIED);
        }

        @Test
        void qualifyingAmount_isMoneyPaidForGoodsOutsideExcludedCategoriesAfterDiscounts() {
            Order o = order("o-1", "boris", START)
                    .line(line("1", "LATTE", 1, "600.00", "coffee"))
                    .line(line("2", "CIGARS", 1, "400.00", "tobacco"))
                    .orderDiscount(rub("100.00"))
                    .shipping(rub("50.00"))
                    .paidWithPoints(rub("190.00"))
                    .build();

            // 600 of goods, less 60 of the order discount, times 760 / 950 paid in money
            assertThat(scheme().qualifyingAmount(o)).isEqualTo(rub("432.00"));
        }

        @Test
        void afterTheWindow_staysPending() {
            referredByAnna(BORIS);
            clock.advance(Duration.ofDays(30).plusSeconds(1));

            program.recordPurchase(purchase("o-1", BORIS, "1000.00"));

            assertThat(referralOf(BORIS).status()).isEqualTo(ReferralStatus.PENDING);
            assertThat(eventsOf(ReferralQualified.class)).isEmpty();
        }

        @Test
        void aRejectedReferral_neverQualifies() {
            program.enroll(newMember(BORIS, START.minus(Duration.ofDays(10))), program.referralCode(ANNA),
                    Optional.empty());

            program.recordPurchase(purchase("o-1", BORIS, "1000.00"));
            clock.advance(Duration.ofDays(20));

            assertThat(referralOf(BORIS).status()).isEqualTo(ReferralStatus.REJECTED);
            assertThat(program.runDue(clock.instant()).referrals()).isEqualTo(ReferralWork.NONE);
            assertThat(available(ANNA)).isZero();
        }

        @Test
        void aPurchaseByAMemberWithoutReferral_changesNoReferral() {
            program.recordPurchase(purchase("o-1", ANNA, "1000.00"));

            assertThat(program.referralOf(ANNA)).isEmpty();
            assertThat(program.referralsOf(ANNA)).isEmpty();
        }

        @Test
        void replayOfAPurchase_repairsAQualificationThatFailedAfterTheCommit() {
            AtomicBoolean failNext = new AtomicBoolean(false);
            useProgram(scheme(), null, new FailingUpdates(new InMemoryReferralStore(), failNext));
            referredByAnna(BORIS);
            failNext.set(true);
            Order o = purchase("o-1", BORIS, "1000.00");

            assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> program.recordPurchase(o));
            assertThat(referralOf(BORIS).status()).isEqualTo(ReferralStatus.PENDING);
            assertThat(available(BORIS)).isEqualTo(50);

            assertThat(program.recordPurchase(o).replayed()).isTrue();
            assertThat(referralOf(BORIS).status()).isEqualTo(ReferralStatus.QUALIFIED);
            assertThat(available(BORIS)).isEqualTo(50);
            assertThat(eventsOf(ReferralQualified.class)).hasSize(1);
        }
    }

    // ------------------------------------------------------------------ fraud rules

    @Nested
    class Fraud {
        Referral rejectedWith(MemberId friend, RejectionReason reason) {
            Referral r = referralOf(friend);
            assertThat(r.status()).isEqualTo(ReferralStatus.REJECTED);
            assertThat(r.rejection()).contains(reason);
            assertThat(eventsOf(ReferralRejected.class)).contains(
                    new ReferralRejected(friend, r.linkedAt(), r.referrer(), reason));
            return r;
        }

        @Test
        void selfReferral_ownCode() {
            program.enroll(friend(CARL));

            program.applyReferralCode(CARL, program.referralCode(CARL), Optional.empty());

            Referral r = rejectedWith(CARL, RejectionReason.SELF_REFERRAL);
            assertThat(r.referrer()).isEqualTo(CARL);
            assertThat(program.referralsOf(CARL)).containsExactly(r);
        }

        @Test
        void selfReferral_sameGmailMailboxWithDotsTagAndOtherDomain() {
            referredByAnna(BORIS, Identifier.email("AnnaSmith@googlemail.com"));

            rejectedWith(BORIS, RejectionReason.SELF_REFERRAL);
        }

        @Test
        void selfReferral_plusTagOnAnyDomain() {
            program.updateMember(ANNA, m -> m.toBuilder().identifier(Identifier.email("anna@example.com")).build());

            referredByAnna(BORIS, Identifier.email("anna+friend@example.com"));

            rejectedWith(BORIS, RejectionReason.SELF_REFERRAL);
        }

        @Test
        void notSelfReferral_dotsMatterOutsideGmail() {
            program.updateMember(ANNA, m -> m.toBuilder().identifier(Identifier.email("anna.smith@example.com")).build());

            assertThat(referredByAnna(BORIS, Identifier.email("annasmith@example.com")).status())
                    .isEqualTo(ReferralStatus.PENDING);
        }

        @Test
        void alreadyMember_enrolledBeforeTheGrace() {
            program.enroll(newMember(BORIS, START.minus(Duration.ofDays(1)).minusSeconds(1)), program.referralCode(ANNA),
                    Optional.of("device-1"));

            rejectedWith(BORIS, RejectionReason.ALREADY_MEMBER);
        }

        @Test
        void alreadyMember_codeAppliedAfterTheGrace() {
            program.enroll(friend(BORIS));
            clock.advance(Duration.ofDays(1).plusSeconds(1));

            program.applyReferralCode(BORIS, program.referralCode(ANNA), Optional.empty());

            rejectedWith(BORIS, RejectionReason.ALREADY_MEMBER);
        }

        @Test
        void alreadyPurchased_beforeTheCodeWasApplied() {
            program.enroll(friend(BORIS));
            program.recordPurchase(purchase("o-1", BORIS, "10.00"));

            program.applyReferralCode(BORIS, program.referralCode(ANNA), Optional.empty());

            rejectedWith(BORIS, RejectionReason.ALREADY_PURCHASED);
            program.recordPurchase(purchase("o-2", BORIS, "1000.00"));
            assertThat(referralOf(BORIS).status()).isEqualTo(ReferralStatus.REJECTED);
        }

        @Test
        void cycle_twoMembersReferEachOther() {
            program.enroll(friend(CARL));
            program.enroll(friend(BORIS), program.referralCode(CARL), Optional.empty());

            program.applyReferralCode(CARL, program.referralCode(BORIS), Optional.empty());

            assertThat(referralOf(BORIS).status()).isEqualTo(ReferralStatus.PENDING);
            rejectedWith(CARL, RejectionReason.CYCLE);
        }

        @Test
        void cycle_throughAChainOfReferrals() {
            program.enroll(friend(CARL));
            program.enroll(friend(BORIS), program.referralCode(CARL), Optional.empty());
            program.enroll(friend(DANA), program.referralCode(BORIS), Optional.empty());

            program.applyReferralCode(CARL, program.referralCode(DANA), Optional.empty());

            rejectedWith(CARL, RejectionReason.CYCLE);
            assertThat(referralOf(DANA).status()).isEqualTo(ReferralStatus.PENDING);
        }

        @Test
        void memberNotActive_referrerBlockedAtEnrolment() {
            program.updateMember(ANNA, m -> m.withStatus(MemberStatus.BLOCKED));

            referredByAnna(BORIS);

            rejectedWith(BORIS, RejectionReason.MEMBER_NOT_ACTIVE);
        }

        @Test
        void memberNotActive_referrerBlockedBeforePayment_nothingIsPaid() {
            referredByAnna(BORIS);
            program.recordPurchase(purchase("o-1", BORIS, "1000.00"));
            program.updateMember(ANNA, m -> m.withStatus(MemberStatus.BLOCKED));
            clock.advance(Duration.ofDays(14));

            assertThat(program.runDue(clock.instant()).referrals()).isEqualTo(new ReferralWork(1, 0, 1, 0, 0, 0));

            Referral r = referralOf(BORIS);
            assertThat(r.rejection()).contains(RejectionReason.MEMBER_NOT_ACTIVE);
            assertThat(r.order()).contains(OrderId.of("o-1"));
            assertThat(available(ANNA)).isZero();
            assertThat(available(BORIS)).isEqualTo(50);
        }

        @Test
        void overFingerprintLimit_thirdEnrolmentFromOneDevice() {
            useProgram(scheme().withLimits(ReferralLimits.NONE.perFingerprint(2)));
            String code = program.referralCode(ANNA);
            // A referral rejected for another reason does not use up the device's allowance.
            program.enroll(newMember(ERIN, START.minus(Duration.ofDays(5))), code, Optional.of("device-1"));
            program.enroll(friend(BORIS), code, Optional.of("device-1"));
            program.enroll(friend(CARL), code, Optional.of("device-1"));
            program.enroll(friend(DANA), code, Optional.of("device-1"));
            program.enroll(friend(MemberId.of("fred")), code, Optional.of("device-2"));
            program.enroll(friend(MemberId.of("gina")), code, Optional.empty());

            assertThat(referralOf(ERIN).rejection()).contains(RejectionReason.ALREADY_MEMBER);
            assertThat(referralOf(BORIS).status()).isEqualTo(ReferralStatus.PENDING);
            assertThat(referralOf(CARL).status()).isEqualTo(ReferralStatus.PENDING);
            rejectedWith(DANA, RejectionReason.OVER_FINGERPRINT_LIMIT);
            assertThat(referralOf(MemberId.of("fred")).status()).isEqualTo(ReferralStatus.PENDING);
            assertThat(referralOf(MemberId.of("gina")).status()).isEqualTo(ReferralStatus.PENDING);
        }

        @Test
        void rejectedReferrals_areListedWithTheirReason_andPayNothing() {
            program.enroll(newMember(BORIS, START.minus(Duration.ofDays(10))), program.referralCode(ANNA),
                    Optional.empty());
            referredByAnna(CARL, Identifier.email("annasmith@gmail.com"));
            referredByAnna(DANA);

            assertThat(program.referralsOf(ANNA)).extracting(Referral::friend, Referral::status, Referral::rejection)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(BORIS, ReferralStatus.REJECTED,
                                    Optional.of(RejectionReason.ALREADY_MEMBER)),
                            org.assertj.core.groups.Tuple.tuple(CARL, ReferralStatus.REJECTED,
                                    Optional.of(RejectionReason.SELF_REFERRAL)),
                            org.assertj.core.groups.Tuple.tuple(DANA, ReferralStatus.PENDING, Optional.empty()));
        }
    }

    // ------------------------------------------------------------------ limits

    @Nested
    class Limits {
        void qualify(MemberId friend, String orderId) {
            referredByAnna(friend);
            program.recordPurchase(purchase(orderId, friend, "1000.00"));
        }

        @Test
        void perReferrerPerPeriod_andInTotal() {
            useProgram(scheme().withLimits(ReferralLimits.NONE.perReferrer(1, LimitPeriod.MONTH).referrerTotal(2)));
            clock.set(Instant.parse("2026-03-01T00:00:00Z"));
            qualify(BORIS, "o-1");
            qualify(CARL, "o-2");
            clock.advance(Duration.ofDays(14));

            assertThat(program.runDue(clock.instant()).referrals()).isEqualTo(new ReferralWork(2, 1, 1, 0, 300, 200));
            assertThat(referralOf(BORIS).status()).isEqualTo(ReferralStatus.REWARDED);
            assertThat(referralOf(CARL).rejection()).contains(RejectionReason.OVER_REFERRER_LIMIT);
            assertThat(available(ANNA)).isEqualTo(300);
            assertThat(available(CARL)).isEqualTo(50);

            clock.set(Instant.parse("2026-04-01T00:00:00Z"));
            qualify(DANA, "o-3");
            clock.advance(Duration.ofDays(14));
            assertThat(program.runDue(clock.instant()).referrals().rewarded()).isEqualTo(1);
            assertThat(available(ANNA)).isEqualTo(600);

            clock.set(Instant.parse("2026-05-01T00:00:00Z"));
            qualify(ERIN, "o-4");
            clock.advance(Duration.ofDays(14));
            assertThat(program.runDue(clock.instant()).referrals().rejected()).isEqualTo(1);
            assertThat(referralOf(ERIN).rejection()).contains(RejectionReason.OVER_REFERRER_LIMIT);
            assertThat(available(ANNA)).isEqualTo(600);
            assertThat(available(ERIN)).isEqualTo(50);
            assertThat(eventsOf(ReferralRejected.class)).extracting(ReferralRejected::member).containsExactly(CARL, ERIN);
        }

        @Test
        void referralsOfOtherReferrers_doNotCount() {
            useProgram(scheme().withLimits(ReferralLimits.NONE.referrerTotal(1)));
            program.enroll(newMember(CARL, START.minus(Duration.ofDays(100))));
            qualify(BORIS, "o-1");
            program.enroll(friend(DANA), program.referralCode(CARL), Optional.empty());
            program.recordPurchase(purchase("o-2", DANA, "1000.00"));
            clock.advance(Duration.ofDays(14));

            assertThat(program.runDue(clock.instant()).referrals().rewarded()).isEqualTo(2);
            assertThat(available(ANNA)).isEqualTo(300);
            assertThat(available(CARL)).isEqualTo(300);
        }
    }

    // ------------------------------------------------------------------ refunds

    @Nested
    class Refunds {
        @Test
        void refundBeforeMaturity_reversesAndNothingIsPaid() {
            referredByAnna(BORIS);
            program.recordPurchase(purchase("o-1", BORIS, "1000.00"));
            clock.advance(Duration.ofDays(3));

            program.refund(Refund.whole("r-1", BORIS, OrderId.of("o-1")));

            assertThat(referralOf(BORIS).status()).isEqualTo(ReferralStatus.REVERSED);
            assertThat(eventsOf(ReferralReversed.class)).containsExactly(
                    new ReferralReversed(BORIS, clock.instant(), ANNA, OrderId.of("o-1"), 0, 0));
            clock.advance(Duration.ofDays(30));
            assertThat(program.runDue(clock.instant()).referrals()).isEqualTo(ReferralWork.NONE);
            assertThat(available(ANNA)).isZero();
            assertThat(available(BORIS)).isZero();
        }

        @Test
        void partialRefundBeforeMaturity_alsoReverses() {
            referredByAnna(BORIS);
            program.recordPurchase(order("o-1", "boris", clock.instant()).line(line("1", "LATTE", 4, "250.00", "coffee"))
                    .build());

            program.refund(Refund.of("r-1", BORIS, OrderId.of("o-1")).line("1", BigDecimal.ONE));

            assertThat(referralOf(BORIS).status()).isEqualTo(ReferralStatus.REVERSED);
        }

        @Test
        void refundAfterTheReward_takesBothRewardsBackOnce() {
            referredByAnna(BORIS);
            program.recordPurchase(purchase("o-1", BORIS, "1000.00"));
            clock.advance(Duration.ofDays(14));
            program.runDue(clock.instant());
            clock.advance(Duration.ofDays(1));
            Refund refund = Refund.whole("r-1", BORIS, OrderId.of("o-1"));

            program.refund(refund);
            program.refund(refund);

            assertThat(referralOf(BORIS).status()).isEqualTo(ReferralStatus.REVERSED);
            assertThat(available(ANNA)).isZero();
            assertThat(available(BORIS)).isZero();
            assertThat(eventsOf(ReferralReversed.class)).containsExactly(
                    new ReferralReversed(BORIS, clock.instant(), ANNA, OrderId.of("o-1"), 300, 200));
            assertThat(program.history(ANNA, 10)).extracting(Transfer::key).extracting(k -> k.value())
                    .containsExactly("referral:boris:referrer:reversal", "referral:boris:referrer");
        }

        @Test
        void refundOfAnotherOrder_changesNothing() {
            referredByAnna(BORIS);
            program.recordPurchase(purchase("o-1", BORIS, "100.00"));
            program.recordPurchase(purchase("o-2", BORIS, "1000.00"));

            program.refund(Refund.whole("r-1", BORIS, OrderId.of("o-1")));

            assertThat(referralOf(BORIS).status()).isEqualTo(ReferralStatus.QUALIFIED);
            assertThat(eventsOf(ReferralReversed.class)).isEmpty();
        }

        @Test
        void afterAReversal_anotherPurchaseDoesNotQualifyAgain() {
            referredByAnna(BORIS);
            program.recordPurchase(purchase("o-1", BORIS, "1000.00"));
            program.refund(Refund.whole("r-1", BORIS, OrderId.of("o-1")));

            program.recordPurchase(purchase("o-2", BORIS, "1000.00"));
            clock.advance(Duration.ofDays(20));

            assertThat(referralOf(BORIS).status()).isEqualTo(ReferralStatus.REVERSED);
            assertThat(program.runDue(clock.instant()).referrals()).isEqualTo(ReferralWork.NONE);
            assertThat(available(ANNA)).isZero();
        }
    }

    // ------------------------------------------------------------------ codes and bad input

    @Nested
    class Codes {
        @Test
        void enroll_unknownCode_isNotFoundAndEnrolsNobody() {
            assertThatExceptionOfType(NotFoundException.class)
                    .isThrownBy(() -> program.enroll(friend(BORIS), "zzzz-zzzz", Optional.empty()))
                    .satisfies(e -> {
                        assertThat(e.entity()).isEqualTo("referral code");
                        assertThat(e.id()).isEqualTo("ZZZZZZZZ");
                    });
            assertThat(program.findMember(BORIS)).isEmpty();
            assertThat(events).containsExactly(new MemberEnrolled(ANNA, START.minus(Duration.ofDays(100))));
        }

        @Test
        void enroll_codeWithAmbiguousCharacters_isNotFound() {
            program.referralCode(ANNA);

            assertThatExceptionOfType(NotFoundException.class)
                    .isThrownBy(() -> program.enroll(friend(BORIS), "K0M1QLIO", Optional.empty()))
                    .satisfies(e -> assertThat(e.entity()).isEqualTo("referral code"));
        }

        @Test
        void applyReferralCode_unknownFriend_isNotFound() {
            String code = program.referralCode(ANNA);

            assertThatExceptionOfType(NotFoundException.class)
                    .isThrownBy(() -> program.applyReferralCode(BORIS, code, Optional.empty()))
                    .satisfies(e -> assertThat(e.entity()).isEqualTo("member"));
            assertThat(program.referralOf(BORIS)).isEmpty();
        }

        @Test
        void referralCode_unknownMember_isNotFound() {
            assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> program.referralCode(BORIS))
                    .satisfies(e -> assertThat(e.id()).isEqualTo("boris"));
            assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> program.referralsOf(BORIS));
        }

        @Test
        void assignReferralCode_hostCode_isNormalisedAndUsable() {
            program.assignReferralCode(ANNA, " happy-bday 7 ");

            assertThat(program.referralCode(ANNA)).isEqualTo("HAPPYBDAY7");
            program.enroll(friend(BORIS), "Happy Bday-7", Optional.empty());
            assertThat(referralOf(BORIS).referrer()).isEqualTo(ANNA);
            assertThat(referralOf(BORIS).code()).isEqualTo("HAPPYBDAY7");
        }

        @Test
        void assignReferralCode_badCode_isInvalidArgument() {
            for (String bad : List.of("ABC", "ABCDEFGHJKMNPQRST", "ANNA2026", "HELLO", "CAFÉ22", "AB_CD")) {
                assertThatExceptionOfType(InvalidArgumentException.class)
                        .isThrownBy(() -> program.assignReferralCode(ANNA, bad))
                        .satisfies(e -> assertThat(e.argument()).isEqualTo("code"))
                        .withMessageContaining("ABCDEFGHJKMNPQRSTUVWXYZ23456789");
            }
            assertThat(referralStore.findCode(ANNA)).isEmpty();
        }

        @Test
        void assignReferralCode_takenByAnother_alreadyExists() {
            program.enroll(newMember(CARL, START));
            program.assignReferralCode(ANNA, "SUMMER26");

            assertThatExceptionOfType(AlreadyExistsException.class)
                    .isThrownBy(() -> program.assignReferralCode(CARL, "summer-26"))
                    .satisfies(e -> {
                        assertThat(e.entity()).isEqualTo("referral code");
                        assertThat(e.id()).isEqualTo("SUMMER26");
                    });
            assertThat(referralStore.findCode(CARL)).isEmpty();
        }

        @Test
        void assignReferralCode_memberHasAnother_alreadyExists_sameAgain_isFine() {
            program.assignReferralCode(ANNA, "SUMMER26");
            program.assignReferralCode(ANNA, "summer26");

            assertThatExceptionOfType(AlreadyExistsException.class)
                    .isThrownBy(() -> program.assignReferralCode(ANNA, "AUTUMN26"))
                    .satisfies(e -> assertThat(e.entity()).isEqualTo("referral code of member"));
            assertThat(program.referralCode(ANNA)).isEqualTo("SUMMER26");
        }

        @Test
        void assignReferralCode_unknownMember_isNotFound() {
            assertThatExceptionOfType(NotFoundException.class)
                    .isThrownBy(() -> program.assignReferralCode(BORIS, "SUMMER26"));
            assertThat(referralStore.findMemberByCode("SUMMER26")).isEmpty();
        }

        @Test
        void applyReferralCode_otherReferrer_cannotChangeTheLink() {
            program.enroll(newMember(CARL, START.minus(Duration.ofDays(100))));
            referredByAnna(BORIS);

            assertThatExceptionOfType(AlreadyExistsException.class)
                    .isThrownBy(() -> program.applyReferralCode(BORIS, program.referralCode(CARL), Optional.empty()))
                    .satisfies(e -> {
                        assertThat(e.entity()).isEqualTo("referral");
                        assertThat(e.id()).isEqualTo("boris");
                    });
            assertThat(referralOf(BORIS).referrer()).isEqualTo(ANNA);
        }

        @Test
        void enroll_badFingerprint_isInvalidArgumentAndEnrolsNobody() {
            String code = program.referralCode(ANNA);

            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> program.enroll(friend(BORIS), code, Optional.of("  ")))
                    .satisfies(e -> assertThat(e.argument()).isEqualTo("fingerprint"));
            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> program.enroll(friend(BORIS), code, Optional.of("x".repeat(513))));
            assertThat(program.findMember(BORIS)).isEmpty();
        }

        @Test
        void enroll_memberIdTaken_alreadyExistsAndNoReferral() {
            String code = program.referralCode(ANNA);
            program.enroll(friend(BORIS));

            assertThatExceptionOfType(AlreadyExistsException.class)
                    .isThrownBy(() -> program.enroll(friend(BORIS), code, Optional.empty()));
            assertThat(program.referralOf(BORIS)).isEmpty();
        }

        @Test
        void codeSupplier_collision_isRetriedWithTheNextCode() {
            Deque<String> codes = new ArrayDeque<>(List.of("AAAAAAAA", "AAAAAAAA", "BBBBBBBB"));
            useProgram(scheme(), codes::poll, new InMemoryReferralStore());
            program.enroll(newMember(CARL, START));

            assertThat(program.referralCode(ANNA)).isEqualTo("AAAAAAAA");
            assertThat(program.referralCode(CARL)).isEqualTo("BBBBBBBB");
        }

        @Test
        void codeSupplier_alwaysTaken_givesUpWithAClearError() {
            useProgram(scheme(), () -> "AAAAAAAA", new InMemoryReferralStore());
            program.enroll(newMember(CARL, START));
            program.referralCode(ANNA);

            assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> program.referralCode(CARL))
                    .withMessageContaining("no free referral code for member carl after 10 attempts");
        }

        @Test
        void codeSupplier_invalidCode_isRejected() {
            useProgram(scheme(), () -> "abc0", new InMemoryReferralStore());

            assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> program.referralCode(ANNA))
                    .withMessageContaining("'abc0'");
            assertThat(referralStore.findCode(ANNA)).isEmpty();
        }

        @Test
        void programWithoutScheme_refusesReferralOperations_butPurchasesWork() {
            LoyaltyProgram plain = LoyaltyProgram.builder(ProgramDefinition.builder("plain", Fixtures.RUB)
                    .rule(PercentOfSpend.of("cashback", "5")).build()).clock(clock).build();
            plain.enroll(newMember(ANNA, START));

            assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> plain.referralCode(ANNA))
                    .withMessageContaining("program 'plain' has no referral scheme");
            assertThatExceptionOfType(IllegalStateException.class)
                    .isThrownBy(() -> plain.enroll(friend(BORIS), "ABCDEFGH", Optional.empty()));
            assertThat(plain.findMember(BORIS)).isEmpty();
            assertThat(plain.recordPurchase(purchase("o-1", ANNA, "100.00")).points()).isEqualTo(5);
            assertThat(plain.runDue(clock.instant()).referrals()).isEqualTo(ReferralWork.NONE);
            assertThat(plain.referralOf(ANNA)).isEmpty();
            assertThat(plain.referralDiscount(ANNA)).isEmpty();
        }
    }

    /** A store whose next update fails, as a database might after the purchase was committed. */
    static final class FailingUpdates implements ReferralStore {
        private final ReferralStore delegate;
        private final AtomicBoolean failNext;

        FailingUpdates(ReferralStore delegate, AtomicBoolean failNext) {
            this.delegate = delegate;
            this.failNext = failNext;
        }

        @Override
        public CodeAssignment assignCode(MemberId member, String code) {
            return delegate.assignCode(member, code);
        }

        @Override
        public Optional<MemberId> findMemberByCode(String code) {
            return delegate.findMemberByCode(code);
        }

        @Override
        public Optional<String> findCode(MemberId member) {
            return delegate.findCode(member);
        }

        @Override
        public ReferralWrite insert(Referral referral) {
            return delegate.insert(referral);
        }

        @Override
        public Optional<Referral> findByFriend(MemberId friend) {
            return delegate.findByFriend(friend);
        }

        @Override
        public ReferralWrite update(Referral referral) {
            if (failNext.getAndSet(false)) {
                throw new IllegalStateException("connection lost");
            }
            return delegate.update(referral);
        }

        @Override
        public List<Referral> listByReferrer(MemberId referrer, Optional<MemberId> afterFriend, int limit) {
            return delegate.listByReferrer(referrer, afterFriend, limit);
        }

        @Override
        public List<Referral> listDue(Instant maturedBy, Optional<MemberId> afterFriend, int limit) {
            return delegate.listDue(maturedBy, afterFriend, limit);
        }
    }
}
