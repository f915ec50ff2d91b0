package dev.loyaltykit.rules;

import static dev.loyaltykit.rules.Fixtures.line;
import static dev.loyaltykit.rules.Fixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.event.LoyaltyEvent;
import dev.loyaltykit.rules.json.ProgramJson;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@code runDue(now, executor, parallelism)}: the same work, members and events as one thread,
 * whatever the parallelism, and nothing done twice when two such runs race.
 */
class ParallelDueTest {
    private static final Instant BOUGHT = Instant.parse("2026-06-10T10:00:00Z");
    private static final Instant NEW_YEAR = Instant.parse("2027-01-01T00:00:00Z");
    private static final Instant YEAR_AFTER = Instant.parse("2028-01-02T00:00:00Z");

    private static final String PROGRAM = """
            { "schemaVersion": 1, "id": "due", "currency": "RUB", "timeZone": "UTC",
              "pointsExpireAfter": "P30D",
              "accrual": [ { "type": "percentOfSpend", "id": "cashback", "percent": "5" } ],
              "tiers": { "metric": "SPEND", "window": "CALENDAR_YEAR", "levels": [
                  { "id": "bronze", "name": "Bronze", "threshold": "0" },
                  { "id": "silver", "name": "Silver", "threshold": "20000" } ] },
              "campaigns": [ { "id": "new-year-birthday", "trigger": { "type": "birthday", "daysBefore": 0 },
                               "points": 50 } ] }
            """;

    /** A program and the events it published. */
    private record Shop(LoyaltyProgram program, Fixtures.MutableClock clock, ConcurrentLinkedQueue<LoyaltyEvent> events,
            long bornOnNewYear) {
        List<String> eventsSorted() {
            List<String> all = new ArrayList<>();
            events.forEach(e -> all.add(e.toString()));
            all.sort(null);
            return all;
        }
    }

    /** {@code members} members, some born on 1 January, each with one purchase (some big enough for Silver). */
    private static Shop shop(int members, long seed) {
        Fixtures.MutableClock clock = new Fixtures.MutableClock(BOUGHT);
        ConcurrentLinkedQueue<LoyaltyEvent> events = new ConcurrentLinkedQueue<>();
        LoyaltyProgram program = LoyaltyProgram.builder(ProgramJson.read(PROGRAM)).clock(clock).listener(events::add)
                .build();
        Random random = new Random(seed);
        long born = 0;
        for (int i = 0; i < members; i++) {
            String id = "m-" + i;
            LocalDate birthday = random.nextInt(3) == 0 ? LocalDate.of(1990, 1, 1) : LocalDate.of(1990, 5, 17);
            born += birthday.getMonthValue() == 1 ? 1 : 0;
            program.enroll(Member.builder(MemberId.of(id), BOUGHT).birthday(birthday).build());
            if (random.nextInt(5) > 0) {
                String amount = random.nextBoolean() ? "25000.00" : (1 + random.nextInt(5000)) + ".00";
                program.recordPurchase(order("o-" + i, id, BOUGHT).line(line("1", "SKU", 1, amount, "goods")).build());
            }
        }
        return new Shop(program, clock, events, born);
    }

    private static List<String> states(Shop shop, int members) {
        List<String> states = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            MemberId id = MemberId.of("m-" + i);
            states.add(id + " " + shop.program().balance(id) + " "
                    + shop.program().tierStatus(id).map(t -> t.tier().id()).orElse("-"));
        }
        return states;
    }

    @Property(tries = 25)
    void parallelRunDue_doesWhatOneThreadDoes(@ForAll @IntRange(min = 0, max = 1500) int members,
            @ForAll @IntRange(min = 1, max = 4) int parallelism, @ForAll long seed) {
        Shop one = shop(members, seed);
        Shop many = shop(members, seed);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (Instant at : List.of(NEW_YEAR, YEAR_AFTER)) {
                one.clock().set(at);
                many.clock().set(at);
                DueReport expected = one.program().runDue(at);
                assertThat(many.program().runDue(at, pool, parallelism)).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(states(many, members)).isEqualTo(states(one, members));
        assertThat(many.eventsSorted()).isEqualTo(one.eventsSorted());
    }

    @Test
    void theWorkIsReallyDone_expiryTiersAndBirthdays() {
        int members = 3000;
        Shop shop = shop(members, 7);
        Shop twin = shop(members, 7);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            shop.clock().set(NEW_YEAR);
            DueReport first = shop.program().runDue(NEW_YEAR, pool, 4);
            long earned = 0;
            for (int i = 0; i < members; i++) {
                earned += twin.program().balance(MemberId.of("m-" + i)).available();
            }
            assertThat(first.ledger().pointsExpired()).isEqualTo(earned).isPositive();
            assertThat(first.campaignOccasions()).isEqualTo(shop.bornOnNewYear()).isPositive();
            assertThat(first.tierReviews()).isEqualTo(members);
            shop.clock().set(YEAR_AFTER);
            DueReport second = shop.program().runDue(YEAR_AFTER, pool, 4);
            assertThat(second.tierChanges()).isPositive();
            for (int i = 0; i < members; i++) {
                MemberId id = MemberId.of("m-" + i);
                assertThat(shop.program().tierStatus(id).orElseThrow().tier().id()).isEqualTo("bronze");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoParallelRunsRacing_doEachMembersWorkOnce() throws Exception {
        int members = 2000;
        Shop shop = shop(members, 11);
        Shop twin = shop(members, 11);
        shop.clock().set(NEW_YEAR);
        twin.clock().set(NEW_YEAR);
        DueReport alone = twin.program().runDue(NEW_YEAR);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<DueReport> raced = Fixtures.race(2, t -> () -> shop.program().runDue(NEW_YEAR, pool, 3));
            assertThat(raced.get(0).ledger().pointsExpired() + raced.get(1).ledger().pointsExpired())
                    .isEqualTo(alone.ledger().pointsExpired());
            assertThat(raced.get(0).campaignOccasions() + raced.get(1).campaignOccasions())
                    .isEqualTo(alone.campaignOccasions());
        } finally {
            pool.shutdownNow();
        }
        assertThat(states(shop, members)).isEqualTo(states(twin, members));
        assertThat(shop.eventsSorted()).isEqualTo(twin.eventsSorted());
    }

    @Test
    void badParallelism_isRefused_andNothingRuns() {
        Shop shop = shop(10, 3);
        shop.clock().set(NEW_YEAR);
        int before = shop.events().size();
        assertThatThrownBy(() -> shop.program().runDue(NEW_YEAR, Runnable::run, 0))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("parallelism");
        assertThatThrownBy(() -> shop.program().runDue(NEW_YEAR, null, 2))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("executor");
        assertThat(shop.events()).hasSize(before);
        assertThat(shop.program().runDue(NEW_YEAR).ledger().pointsExpired()).isPositive();
    }
}
