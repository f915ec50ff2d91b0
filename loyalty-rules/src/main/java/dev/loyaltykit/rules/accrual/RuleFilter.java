package dev.loyaltykit.rules.accrual;

import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.core.PartnerId;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which orders and lines a rule applies to. Empty sets mean "any".
 *
 * <p>A line matches if it is in one of {@code categories} or {@code skus} (or both are empty),
 * and in none of {@code excludeCategories} or {@code excludeSkus}. An order matches if its partner
 * is in {@code partners}, its channel in {@code channels}, and the member has every attribute in
 * {@code memberAttributes} with the given value (each check skipped when its set is empty).
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param categories categories whose lines the rule applies to
 * @param skus SKUs the rule applies to
 * @param excludeCategories categories the rule never applies to
 * @param excludeSkus SKUs the rule never applies to
 * @param partners partners whose orders the rule applies to
 * @param channels sales channels the rule applies to
 * @param memberAttributes attributes a member must have
 * @param segments segments the member must be in (all of them)
 */
public record RuleFilter(Set<String> categories, Set<String> skus, Set<String> excludeCategories,
        Set<String> excludeSkus, Set<PartnerId> partners, Set<String> channels, Map<String, String> memberAttributes,
        Set<String> segments) {

    /** A filter that lets everything through. */
    public static final RuleFilter ANY = new RuleFilter(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
            Map.of(), Set.of());

    /** Copies the fields into sorted, unmodifiable collections. */
    public RuleFilter {
        categories = sorted(categories);
        skus = sorted(skus);
        excludeCategories = sorted(excludeCategories);
        excludeSkus = sorted(excludeSkus);
        partners = java.util.Collections.unmodifiableSet(new TreeSet<>(partners));
        channels = sorted(channels);
        memberAttributes = java.util.Collections.unmodifiableMap(new TreeMap<>(memberAttributes));
        segments = sorted(segments);
    }

    /**
     * A filter without segments.
     *
     * @param categories categories whose lines the rule applies to
     * @param skus SKUs the rule applies to
     * @param excludeCategories categories the rule never applies to
     * @param excludeSkus SKUs the rule never applies to
     * @param partners partners whose orders the rule applies to
     * @param channels sales channels the rule applies to
     * @param memberAttributes attributes a member must have
     */
    public RuleFilter(Set<String> categories, Set<String> skus, Set<String> excludeCategories, Set<String> excludeSkus,
            Set<PartnerId> partners, Set<String> channels, Map<String, String> memberAttributes) {
        this(categories, skus, excludeCategories, excludeSkus, partners, channels, memberAttributes, Set.of());
    }

    /**
     * Only members in these segments.
     *
     * @param values the segment ids
     * @return the changed filter
     */
    public RuleFilter inSegments(String... values) {
        return new RuleFilter(categories, skus, excludeCategories, excludeSkus, partners, channels, memberAttributes,
                Set.of(values));
    }

    private static Set<String> sorted(Set<String> values) {
        return java.util.Collections.unmodifiableSet(new TreeSet<>(Objects.requireNonNull(values)));
    }

    /**
     * Only lines in these categories.
     *
     * @param values the categories
     * @return the changed filter
     */
    public RuleFilter withCategories(String... values) {
        return new RuleFilter(Set.of(values), skus, excludeCategories, excludeSkus, partners, channels,
                memberAttributes, segments);
    }

    /**
     * Only these SKUs.
     *
     * @param values the SKUs
     * @return the changed filter
     */
    public RuleFilter withSkus(String... values) {
        return new RuleFilter(categories, Set.of(values), excludeCategories, excludeSkus, partners, channels,
                memberAttributes, segments);
    }

    /**
     * Never lines in these categories.
     *
     * @param values the categories
     * @return the changed filter
     */
    public RuleFilter excludingCategories(String... values) {
        return new RuleFilter(categories, skus, Set.of(values), excludeSkus, partners, channels, memberAttributes, segments);
    }

    /**
     * Never these SKUs.
     *
     * @param values the SKUs
     * @return the changed filter
     */
    public RuleFilter excludingSkus(String... values) {
        return new RuleFilter(categories, skus, excludeCategories, Set.of(values), partners, channels,
                memberAttributes, segments);
    }

    /**
     * Only orders in these channels.
     *
     * @param values the channels
     * @return the changed filter
     */
    public RuleFilter withChannels(String... values) {
        return new RuleFilter(categories, skus, excludeCategories, excludeSkus, partners, Set.of(values),
                memberAttributes, segments);
    }

    /**
     * Only orders with these partners.
     *
     * @param values the partners
     * @return the changed filter
     */
    public RuleFilter withPartners(PartnerId... values) {
        return new RuleFilter(categories, skus, excludeCategories, excludeSkus, Set.of(values), channels,
                memberAttributes, segments);
    }

    /**
     * Only members with this attribute value.
     *
     * @param key the attribute
     * @param value the required value
     * @return the changed filter
     */
    public RuleFilter withMemberAttribute(String key, String value) {
        Map<String, String> attrs = new TreeMap<>(memberAttributes);
        attrs.put(key, value);
        return new RuleFilter(categories, skus, excludeCategories, excludeSkus, partners, channels, attrs, segments);
    }

    /**
     * Whether a line is one the rule applies to.
     *
     * @param line the line
     * @return true if it matches
     */
    public boolean matches(OrderLine line) {
        return matches(line.sku(), line.categories().toArray(new String[0]));
    }

    /**
     * Whether a line with this SKU and these categories is one the rule applies to: what
     * {@link #matches(OrderLine)} decides, for an engine that has read each line's categories
     * once per order rather than once per rule.
     */
    boolean matches(String sku, String[] lineCategories) {
        return matches(categories, skus, excludeCategories, excludeSkus, sku, lineCategories);
    }

    /**
     * The line test on any sets holding a filter's categories, SKUs and exclusions: this
     * filter's sorted sets, or the hash sets of the engine's {@link LineMatcher}.
     */
    static boolean matches(Set<String> categories, Set<String> skus, Set<String> excludeCategories,
            Set<String> excludeSkus, String sku, String[] lineCategories) {
        if (!excludeCategories.isEmpty()) {
            for (String c : lineCategories) {
                if (excludeCategories.contains(c)) {
                    return false;
                }
            }
        }
        if (excludeSkus.contains(sku)) {
            return false;
        }
        if (categories.isEmpty() && skus.isEmpty()) {
            return true;
        }
        if (skus.contains(sku)) {
            return true;
        }
        for (String c : lineCategories) {
            if (categories.contains(c)) {
                return true;
            }
        }
        return false;
    }

    /** Whether every line matches: no categories, SKUs or exclusions. */
    boolean anyLine() {
        return categories.isEmpty() && skus.isEmpty() && excludeCategories.isEmpty() && excludeSkus.isEmpty();
    }

    /** Whether every order and member matches: no segments, partners, channels or member attributes. */
    boolean anyOrder() {
        return segments.isEmpty() && partners.isEmpty() && channels.isEmpty() && memberAttributes.isEmpty();
    }
}
