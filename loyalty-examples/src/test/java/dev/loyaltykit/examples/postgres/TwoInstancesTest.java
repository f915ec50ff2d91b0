package dev.loyaltykit.examples.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.rules.referral.ReferralWork;

import dev.loyaltykit.rules.referral.ReferralScheme;

import dev.loyaltykit.rules.referral.FriendReward;

import dev.loyaltykit.core.referral.ReferralStatus;

import java.time.LocalDate;

import dev.loyaltykit.rules.campaign.Trigger;

import dev.loyaltykit.rules.campaign.Campaign;

import dev.loyaltykit.core.event.PointsEarned;

import dev.loyaltykit.core.event.LoyaltyEvent;

import dev.loyaltykit.core.event.CampaignOccasion;

import com.zaxxer.hikari.HikariDataSource;
import dev.loyaltykit.core.ConcurrentUpdateException;
import dev.loyaltykit.core.InsufficientPointsException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.core.ledger.AccountRef;
import dev.loyaltykit.core.ledger.Balance;
import dev.loyaltykit.core.ledger.HoldStateException;
import dev.loyaltykit.core.ledger.HoldStatus;
import dev.loyaltykit.core.ledger.ReturnPolicy;
import dev.loyaltykit.core.ledger.Transfer;
import dev.loyaltykit.core.ledger.TransferKind;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.PurchaseResult;
import dev.loyaltykit.rules.Refund;
import dev.loyaltykit.rules.RefundResult;
import dev.loyaltykit.rules.accrual.PercentOfSpend;
import dev.loyaltykit.rules.redemption.RedemptionResult;
import dev.loyaltykit.rules.redemption.Reward;
import dev.loyaltykit.rules.redemption.RewardResult;
import dev.loyaltykit.rules.redemption.RewardUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two application instances — two {@link LoyaltyProgram}s, each with its own connection pool —
 * share one PostgreSQL, and several threads on each place purchases, holds and captures,
 * redemptions, reward redemptions and refunds on the same few members, replaying some of them
 * on the other instance. Afterwards points are conserved, nobody is overdrawn, every operation
 * key moved points once, and the reward's stock was not oversold.
 */
class TwoInstancesTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Currency RUB = Money.currency("RUB");
    private static final int MEMBERS = 6;
    private static final int THREADS_PER_INSTANCE = 2;
    private static final int STEPS = 40;
    private static final long STOCK = 5;
    private static final long SEED = 20261122L;

    private static final ProgramDefinition SHOP = ProgramDefinition.builder("shop", RUB)
            .zone(ZoneOffset.UTC)
            .pointValue(Money.of("1.00", "RUB"))
            .rule(PercentOfSpend.of("cashback", "10"))
            .pointsExpireAfter(Period.ofDays(365))
            .returnPolicy(ReturnPolicy.WITHIN_BALANCE)
            .reward(Reward.of("mug", "Mug", 30).withStock(STOCK))
            .campaign(Campaign.of("birthday", new Trigger.Birthday(0), 25))
            .build();

    /** Bring a friend, paid as soon as the friend's first purchase is recorded. */
    private static final ProgramDefinition FRIENDS = ProgramDefinition.builder("friends", RUB)
            .zone(ZoneOffset.UTC)
            .pointValue(Money.of("1.00", "RUB"))
            .rule(PercentOfSpend.of("cashback", "10"))
            .referral(ReferralScheme.of(300, FriendReward.points(200)).withMaturity(Period.ZERO))
            .build();

    private static LoyaltyProgram instance(DataSource pool) {
        return instance(SHOP, pool);
    }

    private static LoyaltyProgram instance(ProgramDefinition definition, DataSource pool) {
        return LoyaltyProgram.builder(definition)
                .clock(Clock.fixed(T0, ZoneOffset.UTC))
                .memberStore(new PostgresMemberStore(pool))
                .ledgerStore(new PostgresLedgerStore(pool))
                .sharedCounters(new PostgresSharedCounters(pool))
                .referralStore(new PostgresReferralStore(pool))
                .build();
    }

    /**
     * Friends' first purchases recorded from both instances, due work run on both at once: each
     * referral is paid once, and the outbox holds each referral's reward event once.
     */
    @Test
    @Timeout(120)
    void twoInstances_friendsFirstPurchasesAndDueWorkOnBoth_payEachReferralOnce() throws Exception {
        TestDatabase.truncate();
        try (HikariDataSource poolA = TestDatabase.newPool("instance-a", 4);
                HikariDataSource poolB = TestDatabase.newPool("instance-b", 4)) {
            LoyaltyProgram a = instance(FRIENDS, poolA);
            LoyaltyProgram b = instance(FRIENDS, poolB);
            MemberId anna = MemberId.of("anna");
            a.enroll(Member.builder(anna, T0).build());
            String code = b.referralCode(anna);
            assertThat(a.referralCode(anna)).as("one code, whichever instance is asked").isEqualTo(code);
            for (int i = 0; i < MEMBERS; i++) {
                (i % 2 == 0 ? a : b).enroll(Member.builder(member(i), T0).build(), code, java.util.Optional.empty());
            }

            int threads = 2 * THREADS_PER_INSTANCE;
            Threads.race(threads, t -> () -> {
                for (int i = 0; i < MEMBERS; i++) {
                    (t % 2 == 0 ? a : b).recordPurchase(order("first-" + i, member(i), 1000));
                }
                return null;
            });
            List<ReferralWork> runs = new ArrayList<>(Threads.race(threads,
                    t -> () -> (t % 2 == 0 ? a : b).runDue(T0).referrals()));
            runs.add(a.runDue(T0).referrals());   // whatever a race deferred

            assertThat(runs.stream().mapToLong(ReferralWork::rewarded).sum()).as("referrals paid").isEqualTo(MEMBERS);
            assertThat(b.balance(anna).available()).isEqualTo(300L * MEMBERS);
            for (int i = 0; i < MEMBERS; i++) {
                assertThat(b.referralOf(member(i)).orElseThrow().status()).isEqualTo(ReferralStatus.REWARDED);
                assertThat(a.balance(member(i)).available()).isEqualTo(100 + 200);
            }
            List<LoyaltyEvent> delivered = new ArrayList<>();
            new OutboxRelay(poolA, delivered::add).drain();
            assertThat(delivered).filteredOn(e -> e instanceof dev.loyaltykit.core.event.ReferralRewarded)
                    .extracting(LoyaltyEvent::member).as("reward events").hasSize(MEMBERS).doesNotHaveDuplicates();
            assertThat(delivered).filteredOn(e -> e instanceof dev.loyaltykit.core.event.ReferralQualified)
                    .extracting(LoyaltyEvent::member).as("qualification events").hasSize(MEMBERS)
                    .doesNotHaveDuplicates();
        }
    }

    private static MemberId member(int i) {
        return MemberId.of(String.format("m-%02d", i));
    }

    private static Order order(String id, MemberId member, long rubles) {
        return Order.builder(OrderId.of(id), member, RUB, T0)
                .line(OrderLine.of("1", "SKU-" + rubles, 1, Money.of(rubles + ".00", "RUB"), "goods"))
                .build();
    }

    /** What one thread did that must be visible afterwards. */
    private static final class Log {
        final Map<String, MemberId> purchases = new HashMap<>();       // order id -> member
        final Map<String, MemberId> captures = new HashMap<>();
        final Map<String, MemberId> redemptions = new HashMap<>();
        final Map<String, MemberId> refunds = new HashMap<>();
        final List<String> rewards = new ArrayList<>();
        int conflicts;
        int declined;
    }

    @Test
    @Timeout(120)
    void twoInstances_mixedOperationsOnSharedMembers_conservePointsAndApplyEachKeyOnce() throws Exception {
        TestDatabase.truncate();
        try (HikariDataSource poolA = TestDatabase.newPool("instance-a", 4);
                HikariDataSource poolB = TestDatabase.newPool("instance-b", 4)) {
            LoyaltyProgram a = instance(poolA);
            LoyaltyProgram b = instance(poolB);
            for (int i = 0; i < MEMBERS; i++) {
                // Every member's birthday is the day of the due run: one award each, whichever instance runs it.
                (i % 2 == 0 ? a : b).enroll(Member.builder(member(i), T0)
                        .birthday(LocalDate.ofInstant(T0, ZoneOffset.UTC).minusYears(30)).build());
            }

            int threads = 2 * THREADS_PER_INSTANCE;
            List<Log> logs = Threads.race(threads, t -> () -> work(t, t % 2 == 0 ? a : b, t % 2 == 0 ? b : a));

            // Due work from both instances at once: holds left open lapse, once.
            Instant later = T0.plus(Duration.ofHours(2));
            Threads.race(2, t -> () -> (t == 0 ? a : b).runDue(later));

            PostgresLedgerStore store = new PostgresLedgerStore(poolA);
            PostgresSharedCounters counters = new PostgresSharedCounters(poolB);
            assertConservedAndNobodyOverdrawn(store, a, b);
            assertEachKeyMovedPointsOnce(store, logs);
            assertOutboxHoldsEachEventOnce(poolB, logs);
            long rewards = logs.stream().mapToLong(l -> l.rewards.size()).sum();
            assertThat(rewards).as("rewards redeemed").isLessThanOrEqualTo(STOCK);
            assertThat(counters.count("reward-stock:shop:mug")).as("stock reserved").isEqualTo(rewards);
            System.out.printf("two instances: %d purchases, %d captures, %d redemptions, %d refunds, %d rewards, "
                    + "%d declined, %d gave up%n", logs.stream().mapToInt(l -> l.purchases.size()).sum(),
                    logs.stream().mapToInt(l -> l.captures.size()).sum(),
                    logs.stream().mapToInt(l -> l.redemptions.size()).sum(),
                    logs.stream().mapToInt(l -> l.refunds.size()).sum(), rewards,
                    logs.stream().mapToInt(l -> l.declined).sum(), logs.stream().mapToInt(l -> l.conflicts).sum());
            int conflicts = logs.stream().mapToInt(l -> l.conflicts).sum();
            assertThat(conflicts).as("operations that gave up after all retries").isLessThan(threads * STEPS / 10);
            assertThat(logs.stream().mapToInt(l -> l.purchases.size()).sum()).as("purchases recorded")
                    .isGreaterThan(threads * STEPS / 5);
        }
    }

    private static Log work(int thread, LoyaltyProgram mine, LoyaltyProgram other) {
        Random random = new Random(SEED + thread);
        Log log = new Log();
        List<String> refundable = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            MemberId m = member(random.nextInt(MEMBERS));
            String id = "t" + thread + "-" + step;
            int dice = random.nextInt(100);
            try {
                if (dice < 35) {
                    purchase(mine, other, order("o-" + id, m, 100 + random.nextInt(1900)), log, refundable);
                } else if (dice < 55) {
                    long available = mine.balance(m).available();
                    if (available <= 0) {
                        continue;
                    }
                    long points = 1 + random.nextInt((int) Math.min(available, 60));
                    Order order = order("h-" + id, m, 3000);
                    mine.hold(order, points, T0.plus(Duration.ofHours(1)));
                    int fate = random.nextInt(6);
                    if (fate < 4) {
                        long captured = 1 + random.nextInt((int) points);
                        RedemptionResult first = mine.capture(m, order.orderId(), captured);
                        RedemptionResult replay = other.capture(m, order.orderId(), captured);
                        assertThat(replay.replayed()).isTrue();
                        assertThat(replay.receipt()).isEqualTo(first.receipt());
                        log.captures.put(order.orderId().value(), m);
                        purchase(mine, other, order, log, refundable);
                    } else if (fate == 4) {
                        other.release(m, order.orderId());
                    }
                    // else: left open, lapses when due work runs.
                } else if (dice < 70) {
                    long available = mine.balance(m).available();
                    if (available <= 0) {
                        continue;
                    }
                    Order order = order("r-" + id, m, 2000);
                    mine.redeem(order, 1 + random.nextInt((int) Math.min(available, 40)));
                    log.redemptions.put(order.orderId().value(), m);
                    purchase(mine, other, order, log, refundable);
                } else if (dice < 85) {
                    if (refundable.isEmpty()) {
                        continue;
                    }
                    String orderId = refundable.remove(random.nextInt(refundable.size()));
                    MemberId buyer = log.purchases.get(orderId);
                    Refund refund = Refund.whole("ret-" + id, buyer, OrderId.of(orderId));
                    RefundResult first = mine.refund(refund);
                    RefundResult replay = other.refund(refund);
                    assertThat(replay.replayed()).isTrue();
                    assertThat(replay.receipt()).isEqualTo(first.receipt());
                    log.refunds.put("ret-" + id, buyer);
                } else {
                    RewardResult first = mine.redeemReward(m, "mug", "rw-" + id);
                    RewardResult replay = other.redeemReward(m, "mug", "rw-" + id);
                    assertThat(replay.replayed()).isTrue();
                    assertThat(replay.code()).isEqualTo(first.code());
                    log.rewards.add("rw-" + id + "@" + m.value());
                }
            } catch (InsufficientPointsException | RewardUnavailableException e) {
                log.declined++;   // another thread spent the points first, or the stock is gone
            } catch (HoldStateException e) {
                // A refund on another thread took back the points this hold reserved; a hold emptied
                // that way is RELEASED, so capturing or releasing it is refused (found by this test).
                assertThat(e.status()).as(e.getMessage()).isEqualTo(HoldStatus.RELEASED);
                log.declined++;
            } catch (ConcurrentUpdateException e) {
                log.conflicts++;   // nothing written; the host would retry
            }
        }
        return log;
    }

    private static void purchase(LoyaltyProgram mine, LoyaltyProgram other, Order order, Log log,
            List<String> refundable) {
        PurchaseResult first = mine.recordPurchase(order);
        PurchaseResult replay = other.recordPurchase(order);
        assertThat(first.replayed()).isFalse();
        assertThat(replay.replayed()).isTrue();
        assertThat(replay.receipt()).isEqualTo(first.receipt());
        log.purchases.put(order.orderId().value(), order.member());
        refundable.add(order.orderId().value());
    }

    private static void assertConservedAndNobodyOverdrawn(PostgresLedgerStore store, LoyaltyProgram a,
            LoyaltyProgram b) {
        long sum = 0;
        for (int i = 0; i < MEMBERS; i++) {
            MemberId m = member(i);
            Balance balance = a.balance(m);
            assertThat(b.balance(m)).as("both instances read the same balance of %s", m).isEqualTo(balance);
            assertThat(balance.available()).as("available of %s", m).isNotNegative();
            assertThat(balance.debt()).as("debt of %s", m).isZero();
            assertThat(balance.held()).as("held of %s after due work", m).isZero();
            long effects = 0;
            for (Transfer t : history(store, m)) {
                effects += t.effectOn(AccountRef.member(m));
            }
            assertThat(effects).as("transfers of %s add up to its balance", m).isEqualTo(balance.total());
            sum += balance.total();
        }
        List<AccountRef.SystemAccount> accounts = store.systemAccounts();
        assertThat(accounts).isNotEmpty();
        for (AccountRef.SystemAccount account : accounts) {
            sum += store.systemBalance(account);
        }
        assertThat(sum).as("members' balances plus system balances").isZero();
    }

    /**
     * Relays the outbox from both pools at once (the advisory lock lets one deliver at a time) and
     * checks what arrived: each purchase's PointsEarned once, each member's enrolment and birthday
     * occasion once,
     * no event twice, and nothing left behind.
     */
    private static void assertOutboxHoldsEachEventOnce(DataSource pool, List<Log> logs) throws Exception {
        List<LoyaltyEvent> delivered = java.util.Collections.synchronizedList(new ArrayList<>());
        try (HikariDataSource other = TestDatabase.newPool("relay", 2)) {
            OutboxRelay first = new OutboxRelay(pool, delivered::add);
            OutboxRelay second = new OutboxRelay(other, delivered::add);
            Threads.race(2, t -> () -> (t == 0 ? first : second).drain());
            first.drain();
            assertThat(first.pending()).as("events left in the outbox").isZero();
        }
        assertThat(delivered).as("no event delivered twice").doesNotHaveDuplicates();
        Map<String, Long> earned = new HashMap<>();
        for (LoyaltyEvent e : delivered) {
            if (e instanceof PointsEarned p) {
                earned.merge(p.source(), 1L, Long::sum);
            }
        }
        Map<String, Long> expected = new HashMap<>();
        logs.forEach(l -> l.purchases.keySet().forEach(order -> expected.put(order, 1L)));
        assertThat(earned).as("PointsEarned per purchase").isEqualTo(expected);
        assertThat(delivered).filteredOn(e -> e instanceof dev.loyaltykit.core.event.MemberEnrolled)
                .extracting(LoyaltyEvent::member).as("enrolments").hasSize(MEMBERS).doesNotHaveDuplicates();
        assertThat(delivered).filteredOn(e -> e instanceof CampaignOccasion c && c.campaign().equals("birthday"))
                .extracting(LoyaltyEvent::member).as("birthday occasions").hasSize(MEMBERS).doesNotHaveDuplicates();
        // In commit order per member: a member's purchases' events arrive in the order of their sequence.
        Map<MemberId, Instant> last = new HashMap<>();
        for (LoyaltyEvent e : delivered) {
            Instant previous = last.put(e.member(), e.at());
            assertThat(previous == null || !e.at().isBefore(previous)).as("order of %s's events", e.member()).isTrue();
        }
    }

    private static void assertEachKeyMovedPointsOnce(PostgresLedgerStore store, List<Log> logs) {
        Map<String, Integer> byKeyAndKind = new HashMap<>();
        for (int i = 0; i < MEMBERS; i++) {
            for (Transfer t : history(store, member(i))) {
                byKeyAndKind.merge(member(i) + "|" + t.key() + "|" + t.kind(), 1, Integer::sum);
            }
        }
        assertThat(byKeyAndKind).as("transfers per member, key and kind").allSatisfy((k, n) -> assertThat(n)
                .as(k).isEqualTo(1));
        for (Log log : logs) {
            log.purchases.forEach((order, m) -> assertThat(byKeyAndKind)
                    .containsEntry(m + "|order:" + order + "|" + TransferKind.ACCRUAL, 1));
            log.captures.forEach((order, m) -> assertThat(byKeyAndKind)
                    .containsEntry(m + "|redeem:" + order + ":capture|" + TransferKind.CAPTURE, 1));
            log.redemptions.forEach((order, m) -> assertThat(byKeyAndKind)
                    .containsEntry(m + "|redeem:" + order + ":debit|" + TransferKind.REDEMPTION, 1));
            log.refunds.forEach((refund, m) -> assertThat(store.findOperation(m,
                    dev.loyaltykit.core.ledger.OperationKey.of("refund:" + refund))).isPresent());
            for (String reward : log.rewards) {
                String[] keyAndMember = reward.split("@");
                assertThat(byKeyAndKind).containsEntry(keyAndMember[1] + "|reward:" + keyAndMember[0] + "|"
                        + TransferKind.REDEMPTION, 1);
            }
        }
    }

    private static List<Transfer> history(PostgresLedgerStore store, MemberId m) {
        List<Transfer> all = new ArrayList<>();
        long before = Long.MAX_VALUE;
        while (true) {
            List<Transfer> page = store.history(m, before, 100);
            all.addAll(page);
            if (page.size() < 100) {
                return all;
            }
            before = page.get(page.size() - 1).id().sequence();
        }
    }
}
