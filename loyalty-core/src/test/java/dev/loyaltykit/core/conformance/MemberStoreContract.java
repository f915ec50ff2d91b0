package dev.loyaltykit.core.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.Channel;
import dev.loyaltykit.core.Consent;
import dev.loyaltykit.core.Identifier;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.MemberStatus;
import dev.loyaltykit.core.ledger.LedgerCommand;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.core.ledger.PointsLedger;
import dev.loyaltykit.core.memory.InMemoryLedgerStore;
import dev.loyaltykit.core.spi.LedgerStore;
import dev.loyaltykit.core.spi.MemberLedger;
import dev.loyaltykit.core.spi.MemberStore;
import dev.loyaltykit.core.spi.MemberWithLedger;
import dev.loyaltykit.core.spi.MemberStore.MemberWrite;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The conformance kit for {@link MemberStore}: the SPI's implementation requirements stated as
 * JUnit 5 tests. A host that keeps members in its own customer table proves its store by
 * extending this class and saying how to make an empty store:
 *
 * <pre>{@code
 * class JdbcMemberStoreTest extends MemberStoreContract {
 *     @Override
 *     protected MemberStore newStore() {
 *         truncateMemberTables(dataSource);        // or a fresh schema / container per test
 *         return new JdbcMemberStore(dataSource);
 *     }
 * }
 * }</pre>
 *
 * <p>Add loyalty-core's test-jar ({@code <type>test-jar</type>}, scope {@code test}) and JUnit
 * Jupiter and AssertJ to the host's test dependencies and run the subclass like any other JUnit 5
 * test (Maven Surefire, Gradle {@code useJUnitPlatform()}, an IDE). Every inherited test then
 * runs against the host's store; a host may add its own tests to the subclass. The test methods
 * are public so that a subclass can override one, for instance to mark a known deviation
 * {@code @Disabled("reason")}. On the module path, open {@code dev.loyaltykit.core.conformance}
 * to the test engine ({@code --add-opens}); on the class path nothing is needed.
 *
 * <p>What is checked:
 * <ul>
 *   <li>an insert stores version 1 whatever version the member carries, and the member is then
 *       found by id, by each of its identifiers and in the listing;</li>
 *   <li>ids and identifiers are unique: an insert or update that would share one reports
 *       {@link MemberWrite#DUPLICATE_ID} or {@link MemberWrite#DUPLICATE_IDENTIFIER} and writes
 *       nothing, and leaves none of its other identifiers taken;</li>
 *   <li>updates are conditional on the version read, store version + 1, and report
 *       {@link MemberWrite#VERSION_CONFLICT} or {@link MemberWrite#NOT_FOUND} without writing;</li>
 *   <li>an identifier a member gives up is no longer found and can be taken by another member;</li>
 *   <li>{@link MemberStore#list} pages in ascending id order by cursor;</li>
 *   <li>{@link MemberStore#findWithLedger} finds the member with its ledger as the ledger store
 *       reads it, naming the keys asked about, and finds nothing for an id without a member
 *       (whatever the ledger store holds for it);</li>
 *   <li>under real threads racing for the same id, phone number or version, exactly one write
 *       wins.</li>
 * </ul>
 *
 * <p>Instants are whole seconds, so a store that keeps microseconds passes. Member ids are ASCII
 * of equal length, so any reasonable collation orders them as {@link MemberId#compareTo} does.
 */
public abstract class MemberStoreContract {
    /** The instant members enrol at. */
    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static final MemberId ANNA = MemberId.of("m-0001");
    private static final MemberId BORIS = MemberId.of("m-0002");
    private static final MemberId CYRIL = MemberId.of("m-0003");
    private static final Identifier ANNA_PHONE = Identifier.phone("+79161234567");
    private static final Identifier ANNA_EMAIL = Identifier.email("anna@example.com");
    private static final Identifier BORIS_PHONE = Identifier.phone("+79037654321");
    private static final Identifier CARD = Identifier.card("0012 3456 7890");
    private static final Identifier EXTERNAL = Identifier.external("crm-42");

    private MemberStore store;

    /**
     * Returns a new, empty store. Called once before each test; the store must not share state
     * with stores returned earlier (truncate the tables, or use a fresh schema).
     *
     * @return the store under test
     */
    protected abstract MemberStore newStore();

    /**
     * Returns a new, empty ledger store beside the member store, for
     * {@link MemberStore#findWithLedger}: by default an in-memory one. A member store that reads a
     * ledger store of its own kind in the same round trip returns one over the same database here
     * (emptied with the member store's tables), so that the contract checks that read.
     *
     * @return the ledger store to read ledgers from
     */
    protected LedgerStore newLedgerStore() {
        return new InMemoryLedgerStore();
    }

    @BeforeEach
    final void setUpMemberStoreContract() {
        store = newStore();
    }

    private static Member anna() {
        return Member.builder(ANNA, T0)
                .identifier(ANNA_PHONE)
                .identifier(ANNA_EMAIL)
                .birthday(LocalDate.of(1990, 2, 28))
                .consent(Consent.granted(Channel.SMS, T0))
                .attribute("city", "Tver")
                .build();
    }

    private static Member boris() {
        return Member.builder(BORIS, T0).identifier(BORIS_PHONE).build();
    }

    private static Member member(MemberId id, Identifier... identifiers) {
        Member.Builder b = Member.builder(id, T0);
        for (Identifier i : identifiers) {
            b.identifier(i);
        }
        return b.build();
    }

    private static Identifier phone(int n) {
        return Identifier.phone(String.format("+7916%07d", n));
    }

    private static Identifier card(int n) {
        return Identifier.card(String.format("C%08d", n));
    }

    private Member stored(MemberId id) {
        return store.find(id).orElseThrow(() -> new AssertionError("member " + id + " not stored"));
    }

    // ---- insert -------------------------------------------------------------------------------

    @Test
    public void find_emptyStore_findsNothing() {
        assertThat(store.find(ANNA)).isEmpty();
        assertThat(store.findByIdentifier(ANNA_PHONE)).isEmpty();
        assertThat(store.list(Optional.empty(), 10)).isEmpty();
    }

    @Test
    public void insert_newMember_isStoredAtVersionOneWithEveryField() {
        assertThat(store.insert(anna())).isEqualTo(MemberWrite.WRITTEN);

        assertThat(store.find(ANNA)).contains(anna().withVersion(1));
        assertThat(store.findByIdentifier(ANNA_PHONE)).contains(anna().withVersion(1));
        assertThat(store.findByIdentifier(ANNA_EMAIL)).contains(anna().withVersion(1));
        assertThat(store.list(Optional.empty(), 10)).containsExactly(anna().withVersion(1));
    }

    @Test
    public void findAll_returnsTheMembersFound_andLeavesOutUnknownIds() {
        store.insert(anna());
        store.insert(member(CYRIL));

        java.util.Map<MemberId, Member> found = store.findAll(java.util.List.of(ANNA, CYRIL, MemberId.of("nobody"), ANNA));

        assertThat(found).containsOnlyKeys(ANNA, CYRIL);
        assertThat(found.get(ANNA)).isEqualTo(anna().withVersion(1));
        assertThat(found.get(CYRIL)).isEqualTo(stored(CYRIL));
        assertThat(store.findAll(java.util.List.of())).isEmpty();
    }

    @Test
    public void insertWithEvents_storesTheMemberAsInsertDoes_andADuplicateIsStillRefused() {
        java.util.List<dev.loyaltykit.core.event.LoyaltyEvent> enrolled =
                java.util.List.of(new dev.loyaltykit.core.event.MemberEnrolled(ANNA, anna().enrolledAt()));

        assertThat(store.insert(anna(), enrolled)).isEqualTo(MemberWrite.WRITTEN);
        assertThat(store.insert(anna(), enrolled)).isEqualTo(MemberWrite.DUPLICATE_ID);

        assertThat(store.find(ANNA)).contains(anna().withVersion(1));
    }

    @Test
    public void insert_memberCarryingAVersion_isStillStoredAtVersionOne() {
        assertThat(store.insert(anna().withVersion(7))).isEqualTo(MemberWrite.WRITTEN);

        assertThat(stored(ANNA).version()).isEqualTo(1);
    }

    @Test
    public void insert_memberWithoutIdentifiers_isStored() {
        assertThat(store.insert(member(CYRIL))).isEqualTo(MemberWrite.WRITTEN);

        assertThat(store.find(CYRIL)).contains(member(CYRIL).withVersion(1));
    }

    @Test
    public void insert_takenId_reportsDuplicateIdAndWritesNothing() {
        store.insert(anna());

        assertThat(store.insert(member(ANNA, CARD))).isEqualTo(MemberWrite.DUPLICATE_ID);

        assertThat(store.find(ANNA)).contains(anna().withVersion(1));
        assertThat(store.findByIdentifier(CARD)).isEmpty();
        assertThat(store.insert(member(BORIS, CARD))).as("the card was left free").isEqualTo(MemberWrite.WRITTEN);
    }

    @Test
    public void insert_takenIdentifier_reportsDuplicateIdentifierAndWritesNothing() {
        store.insert(anna());

        assertThat(store.insert(member(BORIS, CARD, ANNA_PHONE, EXTERNAL)))
                .isEqualTo(MemberWrite.DUPLICATE_IDENTIFIER);

        assertThat(store.find(BORIS)).isEmpty();
        assertThat(store.findByIdentifier(ANNA_PHONE)).contains(anna().withVersion(1));
        assertThat(store.findByIdentifier(CARD)).isEmpty();
        assertThat(store.findByIdentifier(EXTERNAL)).isEmpty();
        assertThat(store.list(Optional.empty(), 10)).containsExactly(anna().withVersion(1));
        assertThat(store.insert(member(CYRIL, CARD, EXTERNAL))).as("card and external id were left free")
                .isEqualTo(MemberWrite.WRITTEN);
    }

    @Test
    public void insert_takenIdAndTakenIdentifier_writesNothing() {
        store.insert(anna());

        assertThat(store.insert(member(ANNA, ANNA_PHONE))).isIn(MemberWrite.DUPLICATE_ID,
                MemberWrite.DUPLICATE_IDENTIFIER);

        assertThat(store.find(ANNA)).contains(anna().withVersion(1));
    }

    // ---- find ---------------------------------------------------------------------------------

    @Test
    public void findByIdentifier_eachKindOfIdentifier_findsItsMember() {
        store.insert(member(ANNA, ANNA_PHONE, ANNA_EMAIL, CARD, EXTERNAL));
        store.insert(boris());

        for (Identifier identifier : List.of(ANNA_PHONE, ANNA_EMAIL, CARD, EXTERNAL)) {
            assertThat(store.findByIdentifier(identifier).map(Member::id)).as("%s", identifier).contains(ANNA);
        }
        assertThat(store.findByIdentifier(BORIS_PHONE).map(Member::id)).contains(BORIS);
        assertThat(store.findByIdentifier(Identifier.phone("+79990000000"))).isEmpty();
        assertThat(store.findByIdentifier(Identifier.email("boris@example.com"))).isEmpty();
    }

    @Test
    public void findWithLedger_member_readsItWithItsLedgerAndTheKeysAsked() {
        store.insert(anna());
        store.insert(boris());
        LedgerStore ledgers = newLedgerStore();
        PointsLedger ledger = PointsLedger.builder(ledgers).clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
        ledger.credit(LedgerCommand.Credit.of(OperationKey.of("o-1"), ANNA, 40));
        List<OperationKey> keys = List.of(OperationKey.of("o-1"), OperationKey.of("o-2"));

        MemberWithLedger found = store.findWithLedger(ANNA, ledgers, keys).orElseThrow();

        assertThat(found.member()).isEqualTo(stored(ANNA));
        assertThat(found.ledger()).isEqualTo(ledgers.read(ANNA, keys));
        assertThat(found.ledger().state().balance().available()).isEqualTo(40);
        assertThat(found.ledger().operations()).containsOnlyKeys(OperationKey.of("o-1"));
        assertThat(found.ledger().keys()).containsExactlyInAnyOrderElementsOf(keys);
        MemberWithLedger withoutLedger = store.findWithLedger(BORIS, ledgers, keys).orElseThrow();
        assertThat(withoutLedger.member()).isEqualTo(stored(BORIS));
        assertThat(withoutLedger.ledger().state()).isEqualTo(MemberLedger.empty(BORIS));
        assertThat(withoutLedger.ledger().keys()).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    public void findWithLedger_noSuchMember_findsNothing() {
        store.insert(anna());
        LedgerStore ledgers = newLedgerStore();
        PointsLedger.builder(ledgers).clock(Clock.fixed(T0, ZoneOffset.UTC)).build()
                .credit(LedgerCommand.Credit.of(OperationKey.of("o-1"), CYRIL, 40));

        assertThat(store.findWithLedger(CYRIL, ledgers, List.of(OperationKey.of("o-1"))))
                .as("a ledger without a member").isEmpty();
        assertThat(store.findWithLedger(BORIS, ledgers, List.of())).isEmpty();
    }

    // ---- update -------------------------------------------------------------------------------

    @Test
    public void update_atTheVersionRead_storesTheNextVersion() {
        store.insert(anna());
        Member read = stored(ANNA);

        Member changed = read.withConsent(Consent.withdrawn(Channel.SMS, T0.plusSeconds(60)))
                .withStatus(MemberStatus.BLOCKED);
        assertThat(store.update(changed)).isEqualTo(MemberWrite.WRITTEN);

        assertThat(store.find(ANNA)).contains(changed.withVersion(2));
        assertThat(store.findByIdentifier(ANNA_PHONE)).contains(changed.withVersion(2));
        assertThat(store.list(Optional.empty(), 10)).containsExactly(changed.withVersion(2));

        Member again = stored(ANNA).toBuilder().attribute("tier", "gold").build();
        assertThat(store.update(again)).isEqualTo(MemberWrite.WRITTEN);
        assertThat(stored(ANNA)).isEqualTo(again.withVersion(3));
    }

    @Test
    public void update_staleOrFutureVersion_reportsConflictAndChangesNothing() {
        store.insert(anna());
        Member v1 = stored(ANNA);
        store.update(v1.withStatus(MemberStatus.BLOCKED));
        Member v2 = stored(ANNA);

        assertThat(store.update(v1.withStatus(MemberStatus.CLOSED))).isEqualTo(MemberWrite.VERSION_CONFLICT);
        assertThat(store.update(v2.withVersion(3).withStatus(MemberStatus.CLOSED)))
                .isEqualTo(MemberWrite.VERSION_CONFLICT);

        assertThat(stored(ANNA)).isEqualTo(v2);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.status()).isEqualTo(MemberStatus.BLOCKED);
    }

    @Test
    public void update_staleVersionWithNewIdentifier_leavesTheIdentifierFree() {
        store.insert(anna());
        Member v1 = stored(ANNA);
        store.update(v1.withStatus(MemberStatus.BLOCKED));

        assertThat(store.update(v1.toBuilder().identifier(CARD).build())).isEqualTo(MemberWrite.VERSION_CONFLICT);

        assertThat(store.findByIdentifier(CARD)).isEmpty();
        assertThat(store.insert(member(BORIS, CARD))).isEqualTo(MemberWrite.WRITTEN);
    }

    @Test
    public void update_unknownMember_reportsNotFoundAndWritesNothing() {
        assertThat(store.update(member(CYRIL, CARD).withVersion(1))).isEqualTo(MemberWrite.NOT_FOUND);

        assertThat(store.find(CYRIL)).isEmpty();
        assertThat(store.findByIdentifier(CARD)).isEmpty();
        assertThat(store.list(Optional.empty(), 10)).isEmpty();
        assertThat(store.insert(member(BORIS, CARD))).isEqualTo(MemberWrite.WRITTEN);
    }

    @Test
    public void update_addingAnIdentifierAnotherMemberHas_reportsDuplicateAndChangesNothing() {
        store.insert(anna());
        store.insert(boris());
        Member read = stored(BORIS);

        assertThat(store.update(read.toBuilder().identifier(CARD).identifier(ANNA_PHONE).attribute("x", "y").build()))
                .isEqualTo(MemberWrite.DUPLICATE_IDENTIFIER);

        assertThat(stored(BORIS)).isEqualTo(boris().withVersion(1));
        assertThat(store.findByIdentifier(ANNA_PHONE).map(Member::id)).contains(ANNA);
        assertThat(store.findByIdentifier(CARD)).isEmpty();
        assertThat(store.insert(member(CYRIL, CARD))).as("the card was left free").isEqualTo(MemberWrite.WRITTEN);
    }

    @Test
    public void update_keepingItsOwnIdentifiers_isNotADuplicate() {
        store.insert(anna());

        assertThat(store.update(stored(ANNA).toBuilder().identifier(CARD).build())).isEqualTo(MemberWrite.WRITTEN);

        assertThat(stored(ANNA).identifiers()).containsExactlyInAnyOrder(ANNA_PHONE, ANNA_EMAIL, CARD);
        assertThat(store.findByIdentifier(CARD).map(Member::id)).contains(ANNA);
    }

    @Test
    public void update_removingAnIdentifier_itIsNoLongerFoundAndAnotherMemberCanTakeIt() {
        store.insert(anna());
        store.insert(boris());

        assertThat(store.update(stored(ANNA).toBuilder().removeIdentifier(ANNA_PHONE).build()))
                .isEqualTo(MemberWrite.WRITTEN);
        assertThat(store.findByIdentifier(ANNA_PHONE)).isEmpty();
        assertThat(store.findByIdentifier(ANNA_EMAIL).map(Member::id)).contains(ANNA);

        assertThat(store.update(stored(BORIS).toBuilder().identifier(ANNA_PHONE).build()))
                .isEqualTo(MemberWrite.WRITTEN);
        assertThat(store.findByIdentifier(ANNA_PHONE).map(Member::id)).contains(BORIS);
        assertThat(stored(BORIS).version()).isEqualTo(2);
        assertThat(stored(ANNA).identifiers()).containsExactly(ANNA_EMAIL);
    }

    @Test
    public void update_replacingAnIdentifier_theOldOneIsFreeForANewMember() {
        store.insert(anna());
        Identifier newPhone = Identifier.phone("+79160000001");

        store.update(stored(ANNA).toBuilder().removeIdentifier(ANNA_PHONE).identifier(newPhone).build());

        assertThat(store.findByIdentifier(newPhone).map(Member::id)).contains(ANNA);
        assertThat(store.findByIdentifier(ANNA_PHONE)).isEmpty();
        assertThat(store.insert(member(CYRIL, ANNA_PHONE))).isEqualTo(MemberWrite.WRITTEN);
        assertThat(store.findByIdentifier(ANNA_PHONE).map(Member::id)).contains(CYRIL);
    }

    // ---- list ---------------------------------------------------------------------------------

    @Test
    public void list_pagesInAscendingIdOrderByCursor() {
        int[] order = {7, 2, 11, 0, 5, 9, 1, 4, 10, 3, 8, 6};
        List<MemberId> ids = new ArrayList<>();
        for (int i : order) {
            MemberId id = MemberId.of(String.format("m-%04d", i));
            ids.add(id);
            assertThat(store.insert(member(id, phone(i)))).isEqualTo(MemberWrite.WRITTEN);
        }
        Collections.sort(ids);

        assertThat(store.list(Optional.empty(), 100)).extracting(Member::id).isEqualTo(ids);
        assertThat(store.list(Optional.empty(), 5)).extracting(Member::id).isEqualTo(ids.subList(0, 5));
        assertThat(store.list(Optional.of(ids.get(4)), 5)).extracting(Member::id).isEqualTo(ids.subList(5, 10));
        assertThat(store.list(Optional.of(ids.get(9)), 5)).extracting(Member::id).isEqualTo(ids.subList(10, 12));
        assertThat(store.list(Optional.of(ids.get(11)), 5)).isEmpty();
        assertThat(store.list(Optional.of(MemberId.of("m-0004a")), 2)).extracting(Member::id)
                .containsExactly(ids.get(5), ids.get(6));
        assertThat(store.list(Optional.of(ids.get(0)), 1)).containsExactly(stored(ids.get(1)));
    }

    @Test
    public void list_showsTheLatestVersion() {
        store.insert(anna());
        store.insert(boris());
        store.update(stored(BORIS).withStatus(MemberStatus.CLOSED));

        assertThat(store.list(Optional.empty(), 10)).containsExactly(anna().withVersion(1),
                boris().withStatus(MemberStatus.CLOSED).withVersion(2));
    }

    // ---- concurrency --------------------------------------------------------------------------

    @Test
    @Timeout(60)
    public void insert_threadsRacingForOnePhoneNumber_exactlyOneWins() throws Exception {
        int threads = 8;
        for (int round = 0; round < 20; round++) {
            Identifier contested = phone(round);
            int r = round;
            List<MemberWrite> outcomes = Race.run(threads,
                    t -> () -> store.insert(member(MemberId.of(String.format("m-%02d-%02d", r, t)), contested,
                            card(r * 100 + t))));

            assertThat(outcomes).as("round %d", round).containsOnlyOnce(MemberWrite.WRITTEN)
                    .containsOnly(MemberWrite.WRITTEN, MemberWrite.DUPLICATE_IDENTIFIER);
            int winner = outcomes.indexOf(MemberWrite.WRITTEN);
            MemberId winnerId = MemberId.of(String.format("m-%02d-%02d", round, winner));
            assertThat(store.findByIdentifier(contested).map(Member::id)).contains(winnerId);
            for (int t = 0; t < threads; t++) {
                MemberId id = MemberId.of(String.format("m-%02d-%02d", round, t));
                assertThat(store.find(id).isPresent()).as("member %s stored", id).isEqualTo(t == winner);
                assertThat(store.findByIdentifier(card(round * 100 + t)).isPresent())
                        .as("card of thread %d", t).isEqualTo(t == winner);
            }
        }
        assertThat(store.list(Optional.empty(), 1000)).hasSize(20);
    }

    @Test
    @Timeout(60)
    public void insert_threadsRacingForOneId_exactlyOneWins() throws Exception {
        int threads = 8;
        for (int round = 0; round < 20; round++) {
            MemberId contested = MemberId.of(String.format("m-%04d", round));
            int r = round;
            List<MemberWrite> outcomes = Race.run(threads,
                    t -> () -> store.insert(member(contested, card(r * 100 + t))));

            assertThat(outcomes).as("round %d", round).containsOnlyOnce(MemberWrite.WRITTEN)
                    .containsOnly(MemberWrite.WRITTEN, MemberWrite.DUPLICATE_ID);
            int winner = outcomes.indexOf(MemberWrite.WRITTEN);
            assertThat(stored(contested).identifiers()).containsExactly(card(round * 100 + winner));
            for (int t = 0; t < threads; t++) {
                assertThat(store.findByIdentifier(card(round * 100 + t)).isPresent())
                        .as("card of thread %d", t).isEqualTo(t == winner);
            }
        }
    }

    @Test
    @Timeout(60)
    public void insert_threadsRacingForTwoIdentifiersListedInOppositeOrders_exactlyOneWins() throws Exception {
        // Each member lists the same phone and card, in opposite orders: a store that reserves
        // identifiers one by one in the member's order can let each insert take one and fail on
        // the other, so that neither is written although neither identifier is taken.
        // The window is a few instructions wide: many tight rounds, bounded in time for slow stores.
        int maxRounds = 10_000;
        Member[][] members = new Member[maxRounds][2];
        for (int r = 0; r < maxRounds; r++) {
            members[r][0] = member(MemberId.of(String.format("m-%05d-0", r)), phone(r), card(r));
            members[r][1] = member(MemberId.of(String.format("m-%05d-1", r)), card(r), phone(r));
        }
        List<List<MemberWrite>> outcomes = Race.rounds(2, maxRounds, Duration.ofSeconds(3),
                (t, r) -> () -> store.insert(members[r][t]));

        for (int round = 0; round < outcomes.size(); round++) {
            assertThat(outcomes.get(round)).as("round %d", round).containsOnlyOnce(MemberWrite.WRITTEN)
                    .containsOnly(MemberWrite.WRITTEN, MemberWrite.DUPLICATE_IDENTIFIER);
            MemberId winner = MemberId.of(String.format("m-%05d-%d", round,
                    outcomes.get(round).indexOf(MemberWrite.WRITTEN)));
            assertThat(store.findByIdentifier(phone(round)).map(Member::id)).contains(winner);
            assertThat(store.findByIdentifier(card(round)).map(Member::id)).contains(winner);
        }
    }

    @Test
    @Timeout(60)
    public void update_threadsRacingFromTheSameVersion_exactlyOneWins() throws Exception {
        store.insert(anna());
        int threads = 8;
        for (int round = 0; round < 20; round++) {
            Member read = stored(ANNA);
            List<MemberWrite> outcomes = Race.run(threads,
                    t -> () -> store.update(read.toBuilder().attribute("writer", "t" + t).build()));

            assertThat(outcomes).as("round %d", round).containsOnlyOnce(MemberWrite.WRITTEN)
                    .containsOnly(MemberWrite.WRITTEN, MemberWrite.VERSION_CONFLICT);
            int winner = outcomes.indexOf(MemberWrite.WRITTEN);
            assertThat(stored(ANNA)).isEqualTo(read.toBuilder().attribute("writer", "t" + winner).build()
                    .withVersion(read.version() + 1));
        }
        assertThat(stored(ANNA).version()).isEqualTo(21);
    }

    @Test
    @Timeout(60)
    public void update_membersRacingForOneNewIdentifier_exactlyOneGetsIt() throws Exception {
        int threads = 8;
        for (int t = 0; t < threads; t++) {
            store.insert(member(MemberId.of(String.format("m-%04d", t)), phone(t)));
        }
        for (int round = 0; round < 20; round++) {
            Identifier contested = card(round);
            List<Member> read = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                read.add(stored(MemberId.of(String.format("m-%04d", t))));
            }

            List<MemberWrite> outcomes = Race.run(threads,
                    t -> () -> store.update(read.get(t).toBuilder().identifier(contested).build()));

            assertThat(outcomes).as("round %d", round).containsOnlyOnce(MemberWrite.WRITTEN)
                    .containsOnly(MemberWrite.WRITTEN, MemberWrite.DUPLICATE_IDENTIFIER);
            int winner = outcomes.indexOf(MemberWrite.WRITTEN);
            assertThat(store.findByIdentifier(contested).map(Member::id))
                    .contains(MemberId.of(String.format("m-%04d", winner)));
            for (int t = 0; t < threads; t++) {
                Member now = stored(MemberId.of(String.format("m-%04d", t)));
                assertThat(now).as("member %d", t).isEqualTo(t == winner
                        ? read.get(t).toBuilder().identifier(contested).build().withVersion(read.get(t).version() + 1)
                        : read.get(t));
            }
        }
    }
}
