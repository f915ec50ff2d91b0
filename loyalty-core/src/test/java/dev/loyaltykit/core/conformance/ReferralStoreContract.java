package dev.loyaltykit.core.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.referral.Referral;
import dev.loyaltykit.core.referral.ReferralStatus;
import dev.loyaltykit.core.referral.RejectionReason;
import dev.loyaltykit.core.spi.ReferralStore;
import dev.loyaltykit.core.spi.ReferralStore.CodeAssignment;
import dev.loyaltykit.core.spi.ReferralStore.ReferralWrite;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The conformance kit for {@link ReferralStore}: the SPI's implementation requirements stated as
 * JUnit 5 tests. A host that keeps referrals in its own database proves its store by extending
 * this class and saying how to make an empty store:
 *
 * <pre>{@code
 * class JdbcReferralStoreTest extends ReferralStoreContract {
 *     @Override
 *     protected ReferralStore newStore() {
 *         truncateReferralTables(dataSource);     // or a fresh schema / container per test
 *         return new JdbcReferralStore(dataSource);
 *     }
 * }
 * }</pre>
 *
 * <p>Add loyalty-core's test-jar ({@code <type>test-jar</type>}, scope {@code test}) and JUnit
 * Jupiter and AssertJ to the host's test dependencies and run the subclass like any other JUnit 5
 * test. The test methods are public so that a subclass can override one, for instance to mark a
 * known deviation {@code @Disabled("reason")}. On the module path, open
 * {@code dev.loyaltykit.core.conformance} to the test engine ({@code --add-opens}).
 *
 * <p>What is checked, one requirement per group of tests:
 * <ul>
 *   <li>codes and members are one to one: an assignment writes both directions or nothing, also
 *       when real threads race for one code or one member;</li>
 *   <li>a friend has at most one referral: inserts are insert-if-absent, stored with version 1,
 *       also under a race;</li>
 *   <li>updates are conditional on the version, bump it, and of two updates from one version
 *       exactly one is written, also under a race; the link (referrer, code, time) does not
 *       change;</li>
 *   <li>every field of a referral reads back as written;</li>
 *   <li>referrals by referrer and referrals due are listed by ascending friend id, paged by cursor
 *       and limit; only qualified referrals matured by the instant (inclusive) are due;</li>
 *   <li>different friends are written in parallel without conflicts.</li>
 * </ul>
 *
 * <p>Instants are whole seconds, so a store that keeps microseconds passes. Member ids are ASCII
 * of equal length, so any reasonable collation orders them as {@link MemberId#compareTo} does.
 */
public abstract class ReferralStoreContract {
    /** The instant the tests start at. */
    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static final MemberId ANNA = MemberId.of("m-0001");
    private static final MemberId BORIS = MemberId.of("m-0002");
    private static final MemberId CLARA = MemberId.of("m-0003");
    private static final MemberId DMITRY = MemberId.of("m-0004");
    private static final int THREADS = 8;

    private ReferralStore store;

    /**
     * Creates an empty store for one test. Called before each test.
     *
     * @return the store under test, with no codes and no referrals
     */
    protected abstract ReferralStore newStore();

    /** Creates the store under test. */
    @BeforeEach
    public void createStore() {
        store = newStore();
    }

    private static Instant t(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static MemberId member(int n) {
        return MemberId.of(String.format("m-%04d", n));
    }

    private Referral inserted(MemberId friend, MemberId referrer) {
        assertThat(store.insert(Referral.pending(friend, referrer, "CODE" + referrer.value().substring(2), T0)))
                .isEqualTo(ReferralWrite.WRITTEN);
        return store.findByFriend(friend).orElseThrow();
    }

    private Referral qualified(MemberId friend, MemberId referrer, Instant maturesAt) {
        Referral r = inserted(friend, referrer);
        assertThat(store.update(r.qualified(OrderId.of("o-" + friend.value()), maturesAt, t(1))))
                .isEqualTo(ReferralWrite.WRITTEN);
        return store.findByFriend(friend).orElseThrow();
    }

    // ---------------------------------------------------------------- codes

    /** A code is found both ways once assigned. */
    @Test
    public void assignCode_free_isFoundBothWays() {
        assertThat(store.assignCode(ANNA, "K7M3QX9P")).isEqualTo(CodeAssignment.ASSIGNED);

        assertThat(store.findMemberByCode("K7M3QX9P")).contains(ANNA);
        assertThat(store.findCode(ANNA)).contains("K7M3QX9P");
    }

    /** Nothing is found before any assignment. */
    @Test
    public void findCode_nothingAssigned_isEmpty() {
        assertThat(store.findMemberByCode("K7M3QX9P")).isEmpty();
        assertThat(store.findCode(ANNA)).isEmpty();
    }

    /** Codes are compared exactly: the engine normalises before it calls the store. */
    @Test
    public void findMemberByCode_otherCase_isEmpty() {
        store.assignCode(ANNA, "K7M3QX9P");

        assertThat(store.findMemberByCode("k7m3qx9p")).isEmpty();
        assertThat(store.findMemberByCode("K7M3QX9")).isEmpty();
    }

    /** A code of another member is not reassigned, and the second member gets nothing. */
    @Test
    public void assignCode_takenByAnother_writesNothing() {
        store.assignCode(ANNA, "K7M3QX9P");

        assertThat(store.assignCode(BORIS, "K7M3QX9P")).isEqualTo(CodeAssignment.CODE_TAKEN);
        assertThat(store.findMemberByCode("K7M3QX9P")).contains(ANNA);
        assertThat(store.findCode(BORIS)).isEmpty();
    }

    /** A member keeps their first code; a second one is not written at all. */
    @Test
    public void assignCode_memberHasOne_writesNothing() {
        store.assignCode(ANNA, "K7M3QX9P");

        assertThat(store.assignCode(ANNA, "ZZZZ2222")).isEqualTo(CodeAssignment.MEMBER_HAS_CODE);
        assertThat(store.assignCode(ANNA, "K7M3QX9P")).isEqualTo(CodeAssignment.MEMBER_HAS_CODE);
        assertThat(store.findCode(ANNA)).contains("K7M3QX9P");
        assertThat(store.findMemberByCode("ZZZZ2222")).isEmpty();
        assertThat(store.assignCode(BORIS, "ZZZZ2222")).isEqualTo(CodeAssignment.ASSIGNED);
    }

    /** Threads giving one code to different members: exactly one member gets it. */
    @Test
    @Timeout(60)
    public void assignCode_raceForOneCode_exactlyOneMemberGetsIt() throws Exception {
        for (int round = 0; round < 50; round++) {
            String code = "RACE" + (1000 + round);
            int r = round;
            List<CodeAssignment> outcomes = race(t -> () -> store.assignCode(member(100 * r + t + 10), code));

            assertThat(outcomes).filteredOn(o -> o == CodeAssignment.ASSIGNED).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o != CodeAssignment.ASSIGNED).containsOnly(CodeAssignment.CODE_TAKEN);
            MemberId winner = member(100 * r + outcomes.indexOf(CodeAssignment.ASSIGNED) + 10);
            assertThat(store.findMemberByCode(code)).contains(winner);
            assertThat(store.findCode(winner)).contains(code);
            for (int t = 0; t < THREADS; t++) {
                if (!member(100 * r + t + 10).equals(winner)) {
                    assertThat(store.findCode(member(100 * r + t + 10))).isEmpty();
                }
            }
        }
    }

    /** Threads giving different codes to one member: the member gets exactly one of them. */
    @Test
    @Timeout(60)
    public void assignCode_raceForOneMember_exactlyOneCodeIsKept() throws Exception {
        for (int round = 0; round < 50; round++) {
            MemberId m = member(round + 10);
            int r = round;
            List<CodeAssignment> outcomes = race(t -> () -> store.assignCode(m, "C" + (1000 * r + t + 1000)));

            assertThat(outcomes).filteredOn(o -> o == CodeAssignment.ASSIGNED).hasSize(1);
            String kept = "C" + (1000 * r + outcomes.indexOf(CodeAssignment.ASSIGNED) + 1000);
            assertThat(store.findCode(m)).contains(kept);
            for (int t = 0; t < THREADS; t++) {
                String code = "C" + (1000 * r + t + 1000);
                assertThat(store.findMemberByCode(code)).isEqualTo(code.equals(kept) ? Optional.of(m) : Optional.empty());
            }
        }
    }

    // ---------------------------------------------------------------- insert and find

    /** An inserted referral reads back equal, with version 1. */
    @Test
    public void insert_new_isStoredAtVersion1() {
        Referral r = Referral.pending(BORIS, ANNA, "K7M3QX9P", T0);

        assertThat(store.insert(r)).isEqualTo(ReferralWrite.WRITTEN);
        assertThat(store.findByFriend(BORIS)).contains(r.withVersion(1));
        assertThat(store.findByFriend(ANNA)).isEmpty();
    }

    /** The version a new referral carries is ignored. */
    @Test
    public void insert_withSomeVersion_isStoredAtVersion1() {
        assertThat(store.insert(Referral.pending(BORIS, ANNA, "K7M3QX9P", T0).withVersion(7)))
                .isEqualTo(ReferralWrite.WRITTEN);
        assertThat(store.findByFriend(BORIS).orElseThrow().version()).isEqualTo(1);
    }

    /** A friend's second referral is not written, even from another referrer: the link is permanent. */
    @Test
    public void insert_friendHasOne_writesNothing() {
        Referral first = inserted(BORIS, ANNA);

        assertThat(store.insert(Referral.pending(BORIS, CLARA, "OTHER234", t(5)))).isEqualTo(ReferralWrite.DUPLICATE);
        assertThat(store.findByFriend(BORIS)).contains(first);
        assertThat(store.listByReferrer(CLARA, Optional.empty(), 10)).isEmpty();
    }

    /** A rejected self-referral (friend = referrer) is stored like any other. */
    @Test
    public void insert_rejectedSelfReferral_isStored() {
        Referral r = Referral.rejected(ANNA, ANNA, "K7M3QX9P", RejectionReason.SELF_REFERRAL, T0);

        assertThat(store.insert(r)).isEqualTo(ReferralWrite.WRITTEN);
        assertThat(store.findByFriend(ANNA)).contains(r.withVersion(1));
        assertThat(store.listByReferrer(ANNA, Optional.empty(), 10)).containsExactly(r.withVersion(1));
    }

    /** Threads inserting a referral for one friend from different referrers: exactly one is written. */
    @Test
    @Timeout(60)
    public void insert_raceForOneFriend_exactlyOneIsWritten() throws Exception {
        for (int round = 0; round < 50; round++) {
            MemberId friend = member(1000 + round);
            List<ReferralWrite> outcomes = race(t -> () ->
                    store.insert(Referral.pending(friend, member(t + 10), "CODE" + t, T0)));

            assertThat(outcomes).filteredOn(o -> o == ReferralWrite.WRITTEN).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o != ReferralWrite.WRITTEN).containsOnly(ReferralWrite.DUPLICATE);
            MemberId winner = member(outcomes.indexOf(ReferralWrite.WRITTEN) + 10);
            Referral stored = store.findByFriend(friend).orElseThrow();
            assertThat(stored.referrer()).isEqualTo(winner);
            assertThat(stored.version()).isEqualTo(1);
        }
        for (int t = 0; t < THREADS; t++) {
            MemberId referrer = member(t + 10);
            assertThat(store.listByReferrer(referrer, Optional.empty(), 1000))
                    .allSatisfy(r -> assertThat(r.referrer()).isEqualTo(referrer))
                    .allSatisfy(r -> assertThat(store.findByFriend(r.friend())).contains(r));
        }
    }

    /** Every field reads back as written, including those of a referral rejected after it qualified. */
    @Test
    public void update_everyField_readsBackAsWritten() {
        Referral r = inserted(BORIS, ANNA);
        Referral q = r.qualified(OrderId.of("order-42"), t(3600), t(10));
        store.update(q);
        Referral rejected = store.findByFriend(BORIS).orElseThrow().rejected(RejectionReason.OVER_REFERRER_LIMIT, t(3700));

        assertThat(store.update(rejected)).isEqualTo(ReferralWrite.WRITTEN);
        Referral stored = store.findByFriend(BORIS).orElseThrow();
        assertThat(stored).isEqualTo(rejected.withVersion(3));
        assertThat(stored.status()).isEqualTo(ReferralStatus.REJECTED);
        assertThat(stored.rejection()).contains(RejectionReason.OVER_REFERRER_LIMIT);
        assertThat(stored.order()).contains(OrderId.of("order-42"));
        assertThat(stored.maturesAt()).contains(t(3600));
        assertThat(stored.changedAt()).isEqualTo(t(3700));
        assertThat(stored.linkedAt()).isEqualTo(T0);
        assertThat(stored.code()).isEqualTo("CODE0001");
    }

    // ---------------------------------------------------------------- update

    /** An update from the stored version is written and bumps the version. */
    @Test
    public void update_currentVersion_isWrittenWithVersionPlusOne() {
        Referral r = inserted(BORIS, ANNA);
        Referral q = r.qualified(OrderId.of("o-1"), t(100), t(1));

        assertThat(store.update(q)).isEqualTo(ReferralWrite.WRITTEN);
        assertThat(store.findByFriend(BORIS)).contains(q.withVersion(2));
    }

    /** An update from an older version writes nothing. */
    @Test
    public void update_staleVersion_writesNothing() {
        Referral r = inserted(BORIS, ANNA);
        store.update(r.qualified(OrderId.of("o-1"), t(100), t(1)));
        Referral current = store.findByFriend(BORIS).orElseThrow();

        assertThat(store.update(r.rejected(RejectionReason.CYCLE, t(2)))).isEqualTo(ReferralWrite.VERSION_CONFLICT);
        assertThat(store.findByFriend(BORIS)).contains(current);
    }

    /** An update of a friend without a referral writes nothing. */
    @Test
    public void update_unknownFriend_isNotFound() {
        Referral r = Referral.pending(BORIS, ANNA, "K7M3QX9P", T0).withVersion(1);

        assertThat(store.update(r.qualified(OrderId.of("o-1"), t(100), t(1)))).isEqualTo(ReferralWrite.NOT_FOUND);
        assertThat(store.findByFriend(BORIS)).isEmpty();
    }

    /** The link is permanent: an update that carries another referrer, code or link time does not change them. */
    @Test
    public void update_changedLink_doesNotChangeTheLink() {
        Referral r = inserted(BORIS, ANNA);
        Referral relinked = new Referral(BORIS, CLARA, "OTHER234", t(50), ReferralStatus.PENDING, Optional.empty(),
                Optional.empty(), Optional.empty(), t(50), r.version());

        try {
            store.update(relinked);
        } catch (IllegalArgumentException rejected) {
            // allowed: the store refuses the call
        }
        Referral stored = store.findByFriend(BORIS).orElseThrow();
        assertThat(stored.referrer()).isEqualTo(ANNA);
        assertThat(stored.code()).isEqualTo(r.code());
        assertThat(stored.linkedAt()).isEqualTo(T0);
        assertThat(store.listByReferrer(CLARA, Optional.empty(), 10)).isEmpty();
    }

    /** Threads updating one referral from the same version: exactly one update is written. */
    @Test
    @Timeout(60)
    public void update_raceFromOneVersion_exactlyOneIsWritten() throws Exception {
        for (int round = 0; round < 50; round++) {
            MemberId friend = member(2000 + round);
            Referral r = inserted(friend, ANNA);
            List<ReferralWrite> outcomes = race(t -> () -> store.update(t % 2 == 0
                    ? r.qualified(OrderId.of("o-" + t), t(100 + t), t(1))
                    : r.rejected(RejectionReason.CYCLE, t(1))));

            assertThat(outcomes).filteredOn(o -> o == ReferralWrite.WRITTEN).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o != ReferralWrite.WRITTEN)
                    .containsOnly(ReferralWrite.VERSION_CONFLICT);
            int winner = outcomes.indexOf(ReferralWrite.WRITTEN);
            Referral stored = store.findByFriend(friend).orElseThrow();
            assertThat(stored.version()).isEqualTo(2);
            assertThat(stored.status()).isEqualTo(winner % 2 == 0 ? ReferralStatus.QUALIFIED : ReferralStatus.REJECTED);
        }
    }

    /** Threads each moving their own friend's referral through every status never conflict. */
    @Test
    @Timeout(60)
    public void update_differentFriendsInParallel_neverConflict() throws Exception {
        List<List<ReferralWrite>> outcomes = race(t -> () -> {
            List<ReferralWrite> mine = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                MemberId friend = member(3000 + t * 100 + i);
                Referral r = Referral.pending(friend, ANNA, "K7M3QX9P", T0);
                mine.add(store.insert(r));
                Referral q = r.withVersion(1).qualified(OrderId.of("o-" + i), t(100), t(1));
                mine.add(store.update(q));
                mine.add(store.update(q.withVersion(2).rewarded(t(200))));
            }
            return mine;
        });

        assertThat(outcomes).allSatisfy(mine -> assertThat(mine).containsOnly(ReferralWrite.WRITTEN));
        assertThat(pageAll(after -> store.listByReferrer(ANNA, after, 37))).hasSize(THREADS * 100)
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(ReferralStatus.REWARDED));
        assertThat(store.listDue(t(1000), Optional.empty(), 10)).isEmpty();
    }

    // ---------------------------------------------------------------- listings

    /** A referrer's referrals, whatever their status, by ascending friend id, without other referrers' ones. */
    @Test
    public void listByReferrer_ordersByFriendAndPages() {
        Referral d = inserted(DMITRY, ANNA);
        Referral b = inserted(BORIS, ANNA);
        inserted(member(9), CLARA);
        store.insert(Referral.rejected(CLARA, ANNA, "CODE0001", RejectionReason.ALREADY_MEMBER, T0));
        Referral c = store.findByFriend(CLARA).orElseThrow();

        assertThat(store.listByReferrer(ANNA, Optional.empty(), 10)).containsExactly(b, c, d);
        assertThat(store.listByReferrer(ANNA, Optional.empty(), 2)).containsExactly(b, c);
        assertThat(store.listByReferrer(ANNA, Optional.of(CLARA), 2)).containsExactly(d);
        assertThat(store.listByReferrer(ANNA, Optional.of(member(2)), 10)).containsExactly(c, d);
        assertThat(store.listByReferrer(ANNA, Optional.of(DMITRY), 10)).isEmpty();
        assertThat(store.listByReferrer(BORIS, Optional.empty(), 10)).isEmpty();
    }

    /** A listing shows each referral as last written. */
    @Test
    public void listByReferrer_showsTheCurrentState() {
        Referral b = inserted(BORIS, ANNA);
        store.update(b.qualified(OrderId.of("o-1"), t(10), t(1)));

        assertThat(store.listByReferrer(ANNA, Optional.empty(), 10)).containsExactly(store.findByFriend(BORIS).orElseThrow());
    }

    /** Due means qualified and matured at or before the instant; pending, rewarded, rejected and reversed never are. */
    @Test
    public void listDue_onlyQualifiedAndMatured() {
        Referral early = qualified(member(11), ANNA, t(100));
        Referral exact = qualified(member(12), ANNA, t(200));
        qualified(member(13), ANNA, t(201));
        inserted(member(14), ANNA);
        Referral paid = qualified(member(15), ANNA, t(50));
        store.update(paid.rewarded(t(60)));
        Referral reversed = qualified(member(16), ANNA, t(50));
        store.update(reversed.reversed(t(60)));
        Referral rejected = qualified(member(17), ANNA, t(50));
        store.update(rejected.rejected(RejectionReason.OVER_REFERRER_LIMIT, t(60)));
        store.insert(Referral.rejected(member(18), ANNA, "CODE0001", RejectionReason.CYCLE, T0));

        assertThat(store.listDue(t(200), Optional.empty(), 10)).containsExactly(early, exact);
        assertThat(store.listDue(t(99), Optional.empty(), 10)).isEmpty();
        assertThat(store.listDue(t(10_000), Optional.empty(), 10)).extracting(Referral::friend)
                .containsExactly(member(11), member(12), member(13));
    }

    /** Due referrals page by friend id. */
    @Test
    public void listDue_pagesByFriend() {
        for (int i = 20; i < 45; i++) {
            qualified(member(i), ANNA, t(i));
        }

        List<Referral> all = pageAll(after -> store.listDue(t(1000), after, 7));

        assertThat(all).extracting(Referral::friend).isSorted().hasSize(25).doesNotHaveDuplicates();
        assertThat(store.listDue(t(1000), Optional.of(member(40)), 10)).extracting(Referral::friend)
                .containsExactly(member(41), member(42), member(43), member(44));
    }

    /** A referral leaves the due list when it is paid, and enters it when it qualifies. */
    @Test
    public void listDue_followsStatusChanges() {
        Referral b = inserted(BORIS, ANNA);
        assertThat(store.listDue(t(1000), Optional.empty(), 10)).isEmpty();

        store.update(b.qualified(OrderId.of("o-1"), t(10), t(1)));
        Referral q = store.findByFriend(BORIS).orElseThrow();
        assertThat(store.listDue(t(1000), Optional.empty(), 10)).containsExactly(q);

        store.update(q.rewarded(t(20)));
        assertThat(store.listDue(t(1000), Optional.empty(), 10)).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    private interface Page {
        List<Referral> after(Optional<MemberId> cursor);
    }

    private static List<Referral> pageAll(Page page) {
        List<Referral> all = new ArrayList<>();
        Optional<MemberId> cursor = Optional.empty();
        while (true) {
            List<Referral> next = page.after(cursor);
            all.addAll(next);
            if (next.isEmpty()) {
                return all;
            }
            cursor = Optional.of(next.get(next.size() - 1).friend());
        }
    }

    /** Runs one task per thread, released together by a start gate, and returns the results in thread order. */
    private static <T> List<T> race(IntFunction<Callable<T>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Callable<T> body = task.apply(t);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    return body.call();
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
    }
}
