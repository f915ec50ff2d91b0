package dev.loyaltykit.rules.campaign;

import static dev.loyaltykit.rules.Fixtures.line;
import static dev.loyaltykit.rules.Fixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.core.Channel;
import dev.loyaltykit.core.Consent;
import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.event.CampaignOccasion;
import dev.loyaltykit.core.event.LoyaltyEvent;
import dev.loyaltykit.core.ledger.LedgerCommand;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.core.conformance.ForwardingLedgerStore;
import dev.loyaltykit.core.memory.InMemoryLedgerStore;
import dev.loyaltykit.core.spi.LedgerRead;
import dev.loyaltykit.core.spi.MemberLedger;
import dev.loyaltykit.core.spi.Message;
import dev.loyaltykit.rules.Fixtures;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.accrual.PercentOfSpend;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CampaignTest {
    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    static final Instant START = Instant.parse("2026-01-05T09:00:00Z");
    static final MemberId ANNA = MemberId.of("anna");

    Fixtures.MutableClock clock;
    List<LoyaltyEvent> events;
    List<Message> sent;
    LoyaltyProgram program;

    void start(Campaign... campaigns) {
        ProgramDefinition.Builder b = ProgramDefinition.builder("cafe", Fixtures.RUB).zone(MOSCOW)
                .rule(PercentOfSpend.of("cashback", "5"));
        for (Campaign c : campaigns) {
            b.campaign(c);
        }
        program = LoyaltyProgram.builder(b.build()).clock(clock).listener(events::add).messenger(sent::add).build();
    }

    Member enrol(MemberId id, LocalDate birthday, Channel... consents) {
        Member.Builder m = Member.builder(id, clock.instant()).birthday(birthday);
        for (Channel c : consents) {
            m.consent(Consent.granted(c, clock.instant()));
        }
        return program.enroll(m.build());
    }

    long occasions() {
        return events.stream().filter(e -> e instanceof CampaignOccasion).count();
    }

    @BeforeEach
    void setUp() {
        clock = new Fixtures.MutableClock(START);
        events = new CopyOnWriteArrayList<>();
        sent = new CopyOnWriteArrayList<>();
    }

    @Test
    void welcome_onJoiningTheChatBot_pointsSpendableAtOnce() {
        start(Campaign.of("bot-welcome", new Trigger.Welcome(java.util.Optional.of(Channel.MESSENGER)), 100)
                .withMessage("welcome", Channel.MESSENGER));
        enrol(ANNA, null);
        assertThat(program.balance(ANNA).available()).isZero();
        program.updateMember(ANNA, m -> m.withConsent(Consent.granted(Channel.MESSENGER, clock.instant())));
        assertThat(program.balance(ANNA).available()).isEqualTo(100);
        assertThat(sent).singleElement().satisfies(m -> {
            assertThat(m.template()).isEqualTo("welcome");
            assertThat(m.channel()).isEqualTo(Channel.MESSENGER);
            assertThat(m.parameters()).containsEntry("points", "100").containsEntry("balance", "100");
        });
        // Withdrawing and granting again is not a new welcome.
        program.updateMember(ANNA, m -> m.withConsent(Consent.withdrawn(Channel.MESSENGER, clock.instant())));
        program.updateMember(ANNA, m -> m.withConsent(Consent.granted(Channel.MESSENGER, clock.instant())));
        assertThat(program.balance(ANNA).available()).isEqualTo(100);
    }

    @Test
    void birthday_dueOnTheRightDayInTheProgramsZone_once_withExpiringPoints() {
        start(Campaign.of("birthday", new Trigger.Birthday(0), 200).withReward(200, Period.ofDays(14))
                .withMessage("birthday-gift", Channel.SMS));
        enrol(ANNA, LocalDate.of(1990, 3, 10), Channel.SMS);
        clock.set(Instant.parse("2026-03-09T20:59:59Z"));         // 23:59:59 on 9 March in Moscow
        program.runDue(clock.instant());
        assertThat(program.balance(ANNA).available()).isZero();
        clock.set(Instant.parse("2026-03-09T21:00:00Z"));         // midnight, 10 March in Moscow
        assertThat(program.runDue(clock.instant()).campaignOccasions()).isEqualTo(1);
        assertThat(program.runDue(clock.instant().plusSeconds(3600)).campaignOccasions()).isZero();
        assertThat(program.balance(ANNA).available()).isEqualTo(200);
        assertThat(program.balance(ANNA).nextExpiry()).hasValueSatisfying(x -> assertThat(x.at())
                .isEqualTo(Instant.parse("2026-03-23T21:00:00Z")));
        assertThat(sent).hasSize(1);
        clock.set(Instant.parse("2027-03-10T09:00:00Z"));         // next year: a new occasion
        assertThat(program.runDue(clock.instant()).campaignOccasions()).isEqualTo(1);
    }

    @Test
    void birthday_on29February_isCelebratedOn28FebruaryInOtherYears() {
        start(Campaign.of("birthday", new Trigger.Birthday(0), 50));
        enrol(ANNA, LocalDate.of(2000, 2, 29));
        clock.set(Instant.parse("2026-02-27T12:00:00Z"));
        assertThat(program.runDue(clock.instant()).campaignOccasions()).isZero();
        clock.set(Instant.parse("2026-02-28T12:00:00Z"));
        assertThat(program.runDue(clock.instant()).campaignOccasions()).isEqualTo(1);
        clock.set(Instant.parse("2026-03-01T12:00:00Z"));
        assertThat(program.runDue(clock.instant()).campaignOccasions()).isZero();
        clock.set(Instant.parse("2028-02-29T12:00:00Z"));          // a leap year: on the day itself
        assertThat(program.runDue(clock.instant()).campaignOccasions()).isEqualTo(1);
    }

    @Test
    void consentIsRespected_noConsentedChannelMeansUnreachableAndNoMessage() {
        start(Campaign.message("expiry", new Trigger.ExpiryReminder(7), "points-expiring", Channel.PUSH, Channel.EMAIL));
        enrol(ANNA, null, Channel.SMS);                             // consented to SMS only
        program.ledger().credit(LedgerCommand.Credit.of(OperationKey.of("gift"), ANNA, 40)
                .expiringAt(START.plus(Duration.ofDays(10))));
        clock.advance(Duration.ofDays(4));
        program.runDue(clock.instant());
        assertThat(sent).isEmpty();
        assertThat(program.campaignStats("expiry").unreachable()).isEqualTo(1);
        assertThat(events).filteredOn(e -> e instanceof CampaignOccasion).singleElement()
                .extracting(e -> ((CampaignOccasion) e).outcome()).isEqualTo(CampaignOccasion.Outcome.UNREACHABLE);
    }

    @Test
    void expiryReminder_onTheFirstConsentedChannelInPreferenceOrder() {
        start(Campaign.message("expiry", new Trigger.ExpiryReminder(7), "points-expiring", Channel.PUSH, Channel.EMAIL));
        enrol(ANNA, null, Channel.EMAIL, Channel.SMS);
        program.ledger().credit(LedgerCommand.Credit.of(OperationKey.of("gift"), ANNA, 40)
                .expiringAt(START.plus(Duration.ofDays(10))));
        program.runDue(clock.instant());                           // 10 days ahead: not yet
        assertThat(sent).isEmpty();
        clock.advance(Duration.ofDays(3));
        program.runDue(clock.instant());
        assertThat(sent).singleElement().satisfies(m -> {
            assertThat(m.channel()).isEqualTo(Channel.EMAIL);
            assertThat(m.parameters()).containsEntry("expiringPoints", "40");
        });
        program.runDue(clock.instant().plusSeconds(60));
        assertThat(sent).hasSize(1);
    }

    @Test
    void winBackJourney_sleepingMemberGetsTheBonus_buysWithinTheWindow_andCountsAsReactivated() {
        start(Campaign.of("winback", new Trigger.WinBack(60), 300).withReward(300, Period.ofDays(30))
                .withMessage("we-miss-you", Channel.SMS).withAttributionWindow(Period.ofDays(30)));
        enrol(ANNA, null, Channel.SMS);
        program.recordPurchase(order("o-1", "anna", clock.instant()).line(line("1", "X", 1, "1000.00")).build());
        clock.advance(Duration.ofDays(59));
        assertThat(program.runDue(clock.instant()).campaignOccasions()).isZero();
        clock.advance(Duration.ofDays(1));                         // 60 days asleep
        assertThat(program.runDue(clock.instant()).campaignOccasions()).isEqualTo(1);
        assertThat(program.runDue(clock.instant().plusSeconds(86_400)).campaignOccasions()).isZero(); // same spell
        clock.advance(Duration.ofDays(10));
        program.recordPurchase(order("o-2", "anna", clock.instant()).line(line("1", "X", 1, "500.00")).build());
        CampaignStats stats = program.campaignStats("winback");
        assertThat(stats.targeted()).isEqualTo(1);
        assertThat(stats.converted()).isEqualTo(1);
        assertThat(stats.conversionRate()).isEqualByComparingTo("1");
        // A second purchase in the window does not count twice; a new spell can fire again later.
        program.recordPurchase(order("o-3", "anna", clock.instant()).line(line("1", "X", 1, "500.00")).build());
        assertThat(program.campaignStats("winback").converted()).isEqualTo(1);
        clock.advance(Duration.ofDays(60));
        assertThat(program.runDue(clock.instant()).campaignOccasions()).isEqualTo(1);
    }

    @Test
    void anniversary_oncePerYearOfMembership() {
        start(Campaign.of("anniversary", new Trigger.Anniversary(), 100));
        enrol(ANNA, null);
        clock.set(START.plus(Duration.ofDays(364)));
        assertThat(program.runDue(clock.instant()).campaignOccasions()).isZero();
        clock.set(Instant.parse("2027-01-05T09:00:00Z"));
        assertThat(program.runDue(clock.instant()).campaignOccasions()).isEqualTo(1);
        clock.advance(Duration.ofDays(2));
        assertThat(program.runDue(clock.instant()).campaignOccasions()).isZero();
    }

    @Test
    void controlGroup_isExcluded_andItsShareIsCloseToTheConfiguredOne() {
        start(Campaign.of("birthday", new Trigger.Birthday(0), 100).withControlPercent("10"));
        int n = 2000;
        for (int i = 0; i < n; i++) {
            enrol(MemberId.of("m-" + i), LocalDate.of(1990, 1, 5));
        }
        program.runDue(clock.instant());
        CampaignStats stats = program.campaignStats("birthday");
        assertThat(stats.targeted() + stats.control()).isEqualTo(n);
        assertThat(stats.control()).isBetween(150L, 250L);         // 10% of 2000, within sampling noise
        long rewarded = 0;
        for (int i = 0; i < n; i++) {
            rewarded += program.balance(MemberId.of("m-" + i)).available() > 0 ? 1 : 0;
        }
        assertThat(rewarded).isEqualTo(stats.targeted());
    }

    @Test
    void twoThreadsRunningDueWorkForTheSameInstant_giveEachOccasionOnce() throws Exception {
        start(Campaign.of("birthday", new Trigger.Birthday(0), 100));
        for (int i = 0; i < 200; i++) {
            enrol(MemberId.of("m-" + i), LocalDate.of(1990, 1, 5));
        }
        List<Long> results = Fixtures.race(2, t -> () -> program.runDue(clock.instant()).campaignOccasions());
        long total = results.get(0) + results.get(1);
        assertThat(total).isEqualTo(200);
        assertThat(occasions()).isEqualTo(200);
        for (int i = 0; i < 200; i++) {
            assertThat(program.balance(MemberId.of("m-" + i)).available()).isEqualTo(100);
        }
    }

    @Test
    void audience_tierAndDatesAndAttributes() {
        start(Campaign.of("promo", new Trigger.Birthday(0), 100).forAttribute("city", "Tver")
                .between(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 31)));
        program.enroll(Member.builder(ANNA, clock.instant()).birthday(LocalDate.of(1990, 1, 5))
                .attribute("city", "Tver").build());
        program.enroll(Member.builder(MemberId.of("boris"), clock.instant()).birthday(LocalDate.of(1990, 1, 5)).build());
        assertThat(program.runDue(clock.instant()).campaignOccasions()).isEqualTo(1);
        assertThat(program.balance(MemberId.of("boris")).available()).isZero();
    }

    @Test
    void segmentEntered_firesOncePerEntry_andAgainAfterLeavingAndReEntering() {
        ProgramDefinition d = ProgramDefinition.builder("cafe", Fixtures.RUB).zone(MOSCOW)
                .campaign(Campaign.of("rich", new Trigger.SegmentEntered("rich"), 10)).build();
        program = LoyaltyProgram.builder(d).clock(clock).listener(events::add)
                .segment("rich", (member, facts) -> facts.balance().available() >= 500).build();
        enrol(ANNA, null);
        program.runDue(clock.instant());
        assertThat(occasions()).isZero();
        program.ledger().credit(LedgerCommand.Credit.of(OperationKey.of("gift"), ANNA, 600));
        program.runDue(clock.instant());
        program.runDue(clock.instant().plusSeconds(1));
        assertThat(occasions()).isEqualTo(1);                        // entered once
        program.ledger().debit(LedgerCommand.Debit.of(OperationKey.of("spend"), ANNA, 600));
        clock.advance(Duration.ofHours(1));
        program.runDue(clock.instant());                              // left
        program.ledger().credit(LedgerCommand.Credit.of(OperationKey.of("gift-2"), ANNA, 500));
        clock.advance(Duration.ofHours(1));
        program.runDue(clock.instant());                              // entered again
        assertThat(occasions()).isEqualTo(2);
    }

    @Test
    void segmentEntered_withoutTheSegmentRegistered_isRejectedWhenTheProgramIsBuilt() {
        ProgramDefinition d = ProgramDefinition.builder("cafe", Fixtures.RUB)
                .campaign(Campaign.of("rich", new Trigger.SegmentEntered("rich"), 10)).build();
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> LoyaltyProgram.builder(d).build())
                .withMessageContaining("needs segment 'rich'");
    }

    @Test
    void badDefinitions_areRejected() {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> new Trigger.Birthday(40)).satisfies(e -> assertThat(e.argument()).isEqualTo("daysBefore"));
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> Campaign.of("c", new Trigger.WinBack(30), 0));
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> Campaign.of("c", new Trigger.WinBack(30), 10).withControlPercent("60"))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("controlPercent"));
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> ProgramDefinition.builder("p", Fixtures.RUB)
                        .campaign(Campaign.of("c", new Trigger.Anniversary(), 1))
                        .campaign(Campaign.of("c", new Trigger.Anniversary(), 2)).build())
                .withMessageContaining("used twice");
    }

    /** Counts the member states a program reads (loads and reads). */
    static final class CountingStore extends ForwardingLedgerStore {
        final Set<MemberId> read = ConcurrentHashMap.newKeySet();
        final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

        CountingStore() {
            super(new InMemoryLedgerStore());
        }

        @Override
        public MemberLedger load(MemberId member) {
            read.add(member);
            reads.incrementAndGet();
            return super.load(member);
        }

        @Override
        public LedgerRead read(MemberId member, Collection<OperationKey> keys) {
            read.add(member);
            reads.incrementAndGet();
            return super.read(member, keys);
        }
    }

    @Test
    void runDue_readsTheStateOfOnlyTheMembersWithAnOccasion_whenTheCampaignsDoNotNeedIt() {
        CountingStore store = new CountingStore();
        ProgramDefinition definition = ProgramDefinition.builder("cafe", Fixtures.RUB).zone(MOSCOW)
                .rule(PercentOfSpend.of("cashback", "5"))
                .campaign(Campaign.of("birthday", new Trigger.Birthday(0), 100))
                .campaign(Campaign.of("anniversary", new Trigger.Anniversary(), 50)).build();
        program = LoyaltyProgram.builder(definition).clock(clock).ledgerStore(store).listener(events::add).build();
        LocalDate today = LocalDate.ofInstant(START, MOSCOW);
        for (int i = 0; i < 50; i++) {
            enrol(MemberId.of("m-" + i), today.minusYears(30).plusDays(i == 7 ? 0 : 1 + i));
        }
        store.read.clear();

        assertThat(program.runDue(START).campaignOccasions()).isEqualTo(1);

        assertThat(store.read).containsExactly(MemberId.of("m-7"));
        assertThat(program.balance(MemberId.of("m-7")).available()).isEqualTo(100);
    }

    @Test
    void runDue_theLastCampaignOfThePass_doesNotPinTheStateForCampaignsAfterIt() {
        // Only one campaign: the gift's own operation is the one read of the member's state.
        CountingStore store = new CountingStore();
        ProgramDefinition definition = ProgramDefinition.builder("cafe", Fixtures.RUB).zone(MOSCOW)
                .rule(PercentOfSpend.of("cashback", "5"))
                .campaign(Campaign.of("birthday", new Trigger.Birthday(0), 100)).build();
        program = LoyaltyProgram.builder(definition).clock(clock).ledgerStore(store).listener(events::add).build();
        enrol(ANNA, LocalDate.ofInstant(START, MOSCOW).minusYears(30));
        store.reads.set(0);

        assertThat(program.runDue(START).campaignOccasions()).isEqualTo(1);

        assertThat(store.reads.get()).isEqualTo(1);
        assertThat(program.balance(ANNA).available()).isEqualTo(100);
    }

    @Test
    void runDue_aCampaignOnTheState_stillSeesTheStateFromBeforeTheOthersCommitted() {
        // The birthday gift expires within the reminder's window: the reminder decides on the
        // state read before the gift, as when every campaign read the state first.
        start(Campaign.of("birthday", new Trigger.Birthday(0), 100).withReward(100, Period.ofDays(3)),
                Campaign.message("reminder", new Trigger.ExpiryReminder(7), "expiring", Channel.SMS));
        enrol(ANNA, LocalDate.ofInstant(START, MOSCOW).minusYears(30), Channel.SMS);

        assertThat(program.runDue(START).campaignOccasions()).isEqualTo(1);
        assertThat(program.balance(ANNA).available()).isEqualTo(100);
        assertThat(sent).isEmpty();

        assertThat(program.runDue(START.plusSeconds(60)).campaignOccasions()).isEqualTo(1); // the next run reminds
        assertThat(sent).singleElement().satisfies(m -> assertThat(m.template()).isEqualTo("expiring"));
    }
}
