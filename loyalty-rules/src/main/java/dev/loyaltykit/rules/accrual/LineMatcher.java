package dev.loyaltykit.rules.accrual;

import java.util.Set;

/**
 * A rule filter's line test as the engine runs it per order: the filter's categories, SKUs and
 * exclusions as bits of the program's {@link LineTags}, or, for programs without tags, copied
 * once, when the program is compiled, from its sorted sets (kept sorted for explanations and
 * JSON) into hash sets, whose lookups cost no string comparisons. Either way it decides as
 * {@link RuleFilter#matches(dev.loyaltykit.core.OrderLine)} does.
 *
 * <p>This class is immutable and thread-safe.
 */
final class LineMatcher {
    private final Set<String> categories;
    private final Set<String> skus;
    private final Set<String> excludeCategories;
    private final Set<String> excludeSkus;
    private final boolean anyLine;
    /** Whether the filter names no category and no SKU to include (every line not excluded matches). */
    private final boolean includesAll;
    private final long categoryBits;
    private final long skuBits;
    private final long excludeCategoryBits;
    private final long excludeSkuBits;

    /**
     * Compiles a filter's line test.
     *
     * @param filter the filter
     * @param tags the program's tags, or null to test the sets
     */
    LineMatcher(RuleFilter filter, LineTags tags) {
        categories = Set.copyOf(filter.categories());
        skus = Set.copyOf(filter.skus());
        excludeCategories = Set.copyOf(filter.excludeCategories());
        excludeSkus = Set.copyOf(filter.excludeSkus());
        anyLine = filter.anyLine();
        includesAll = categories.isEmpty() && skus.isEmpty();
        categoryBits = tags == null ? 0 : tags.categories(categories);
        skuBits = tags == null ? 0 : tags.skus(skus);
        excludeCategoryBits = tags == null ? 0 : tags.categories(excludeCategories);
        excludeSkuBits = tags == null ? 0 : tags.skus(excludeSkus);
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

    /**
     * Whether a line matches, by the bits of the program's {@link LineTags}.
     *
     * @param lineCategories the bits of the line's categories
     * @param lineSku the bit of the line's SKU
     * @return true if the line matches
     */
    boolean matches(long lineCategories, long lineSku) {
        if ((lineCategories & excludeCategoryBits) != 0 || (lineSku & excludeSkuBits) != 0) {
            return false;
        }
        return includesAll || (lineSku & skuBits) != 0 || (lineCategories & categoryBits) != 0;
    }
}
