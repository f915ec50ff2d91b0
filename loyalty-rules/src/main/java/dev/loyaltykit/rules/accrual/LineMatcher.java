package dev.loyaltykit.rules.accrual;

import java.util.Set;

/**
 * A rule filter's line test as the engine runs it per order: the filter's categories, SKUs and
 * exclusions copied once, when the program is compiled, from its sorted sets (kept sorted for
 * explanations and JSON) into hash sets, whose lookups cost no string comparisons.
 *
 * <p>This class is immutable and thread-safe.
 */
final class LineMatcher {
    private final Set<String> categories;
    private final Set<String> skus;
    private final Set<String> excludeCategories;
    private final Set<String> excludeSkus;
    private final boolean anyLine;

    LineMatcher(RuleFilter filter) {
        categories = Set.copyOf(filter.categories());
        skus = Set.copyOf(filter.skus());
        excludeCategories = Set.copyOf(filter.excludeCategories());
        excludeSkus = Set.copyOf(filter.excludeSkus());
        anyLine = filter.anyLine();
    }

    /** @return whether every line matches */
    boolean anyLine() {
        return anyLine;
    }

    /**
     * Whether a line matches, as {@link RuleFilter#matches(dev.loyaltykit.core.OrderLine)} decides.
     *
     * @param sku the line's SKU
     * @param lineCategories the line's categories
     * @return true if the line matches
     */
    boolean matches(String sku, String[] lineCategories) {
        return RuleFilter.matches(categories, skus, excludeCategories, excludeSkus, sku, lineCategories);
    }
}
