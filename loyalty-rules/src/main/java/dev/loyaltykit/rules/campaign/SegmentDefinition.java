package dev.loyaltykit.rules.campaign;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.rules.internal.Names;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A segment defined in the program (Java and JSON) over the member's profile and behaviour:
 * recency, frequency and monetary value (RFM), categories bought, tier, attributes, and
 * "sleeping". A member is in the segment when every condition that is set holds. Evaluated from
 * aggregates kept in the member's ledger state on each purchase, never by replaying history.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param id the segment id
 * @param boughtWithinDays bought within this many days (recency)
 * @param sleepingDays no purchase for at least this many days (counted from enrolment if never)
 * @param minOrders at least this many purchases (frequency)
 * @param minSpend spent at least this much in all (monetary), in the program currency
 * @param boughtCategories bought at least one of these categories
 * @param tiers in one of these tiers
 * @param memberAttributes has these attribute values
 */
public record SegmentDefinition(String id, OptionalInt boughtWithinDays, OptionalInt sleepingDays,
        OptionalLong minOrders, Optional<BigDecimal> minSpend, Set<String> boughtCategories, Set<String> tiers,
        Map<String, String> memberAttributes) implements Segment {

    /**
     * Validates and copies the fields.
     *
     * @throws InvalidArgumentException if a number is out of range
     */
    public SegmentDefinition {
        Names.id("id", id);
        Objects.requireNonNull(boughtWithinDays, "boughtWithinDays");
        Objects.requireNonNull(sleepingDays, "sleepingDays");
        Objects.requireNonNull(minOrders, "minOrders");
        Objects.requireNonNull(minSpend, "minSpend");
        if (boughtWithinDays.isPresent() && boughtWithinDays.getAsInt() < 1
                || sleepingDays.isPresent() && sleepingDays.getAsInt() < 1) {
            throw new InvalidArgumentException("days", "recency and sleeping days must be at least 1");
        }
        if (minOrders.isPresent() && minOrders.getAsLong() < 0 || minSpend.isPresent() && minSpend.get().signum() < 0) {
            throw new InvalidArgumentException("minOrders", "frequency and monetary minimums must not be negative");
        }
        minSpend = minSpend.map(v -> {
            BigDecimal n = v.stripTrailingZeros();
            return n.scale() < 0 ? n.setScale(0) : n;
        });
        boughtCategories = Collections.unmodifiableSet(new TreeSet<>(boughtCategories));
        tiers = Collections.unmodifiableSet(new TreeSet<>(tiers));
        memberAttributes = Collections.unmodifiableMap(new TreeMap<>(memberAttributes));
    }

    /**
     * A segment with no condition yet (everyone); add conditions with the {@code with} methods.
     *
     * @param id the id
     * @return the segment
     */
    public static SegmentDefinition of(String id) {
        return new SegmentDefinition(id, OptionalInt.empty(), OptionalInt.empty(), OptionalLong.empty(),
                Optional.empty(), Set.of(), Set.of(), Map.of());
    }

    /**
     * Members who bought within some days.
     *
     * @param days the days
     * @return the changed segment
     */
    public SegmentDefinition withBoughtWithinDays(int days) {
        return new SegmentDefinition(id, OptionalInt.of(days), sleepingDays, minOrders, minSpend, boughtCategories,
                tiers, memberAttributes);
    }

    /**
     * Members without a purchase for some days.
     *
     * @param days the days
     * @return the changed segment
     */
    public SegmentDefinition withSleepingDays(int days) {
        return new SegmentDefinition(id, boughtWithinDays, OptionalInt.of(days), minOrders, minSpend, boughtCategories,
                tiers, memberAttributes);
    }

    /**
     * Members with at least some purchases.
     *
     * @param orders the minimum
     * @return the changed segment
     */
    public SegmentDefinition withMinOrders(long orders) {
        return new SegmentDefinition(id, boughtWithinDays, sleepingDays, OptionalLong.of(orders), minSpend,
                boughtCategories, tiers, memberAttributes);
    }

    /**
     * Members who spent at least an amount.
     *
     * @param amount the minimum, e.g. {@code "50000"}
     * @return the changed segment
     */
    public SegmentDefinition withMinSpend(String amount) {
        return new SegmentDefinition(id, boughtWithinDays, sleepingDays, minOrders, Optional.of(new BigDecimal(amount)),
                boughtCategories, tiers, memberAttributes);
    }

    /**
     * Members who bought one of some categories.
     *
     * @param categories the categories
     * @return the changed segment
     */
    public SegmentDefinition withBoughtCategories(String... categories) {
        return new SegmentDefinition(id, boughtWithinDays, sleepingDays, minOrders, minSpend, Set.of(categories), tiers,
                memberAttributes);
    }

    /**
     * Members of some tiers.
     *
     * @param ids the tier ids
     * @return the changed segment
     */
    public SegmentDefinition withTiers(String... ids) {
        return new SegmentDefinition(id, boughtWithinDays, sleepingDays, minOrders, minSpend, boughtCategories,
                Set.of(ids), memberAttributes);
    }

    @Override
    public boolean contains(Member member, SegmentFacts facts) {
        Optional<java.time.Instant> last = facts.lastPurchase();
        if (boughtWithinDays.isPresent() && (last.isEmpty()
                || Duration.between(last.get(), facts.now()).compareTo(Duration.ofDays(boughtWithinDays.getAsInt())) > 0)) {
            return false;
        }
        if (sleepingDays.isPresent()) {
            java.time.Instant since = last.orElse(member.enrolledAt());
            if (Duration.between(since, facts.now()).compareTo(Duration.ofDays(sleepingDays.getAsInt())) < 0) {
                return false;
            }
        }
        if (minOrders.isPresent() && facts.orders() < minOrders.getAsLong()) {
            return false;
        }
        if (minSpend.isPresent() && facts.spend().compareTo(minSpend.get()) < 0) {
            return false;
        }
        if (!boughtCategories.isEmpty() && Collections.disjoint(boughtCategories, facts.categories())) {
            return false;
        }
        if (!tiers.isEmpty() && (facts.tier().isEmpty() || !tiers.contains(facts.tier().get()))) {
            return false;
        }
        for (Map.Entry<String, String> e : memberAttributes.entrySet()) {
            if (!e.getValue().equals(member.attributes().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
