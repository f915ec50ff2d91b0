package dev.loyaltykit.rules.accrual;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The categories and SKUs a program's line filters name, each given its own bit once, when the
 * program is compiled. An order's lines are then looked up once per order (one hash lookup per
 * category and SKU of a line) and each filter tests a line with a few bit operations
 * ({@link LineMatcher}) instead of a set lookup per category, SKU and exclusion. A line's
 * categories that no filter names get no bit: no filter can tell them apart anyway.
 *
 * <p>Programs whose filters name more than 64 categories or more than 64 SKUs do without: their
 * matchers look the names up in the filters' sets ({@link #of} returns null).
 *
 * <p>This class is immutable and thread-safe.
 */
final class LineTags {
    private final Map<String, Long> categoryBits;
    private final Map<String, Long> skuBits;

    private LineTags(Map<String, Long> categoryBits, Map<String, Long> skuBits) {
        this.categoryBits = categoryBits;
        this.skuBits = skuBits;
    }

    /**
     * Bits for the names some filter uses.
     *
     * @param filters the program's distinct line filters
     * @return the tags, or null if the filters name more than 64 categories or 64 SKUs
     */
    static LineTags of(Collection<RuleFilter> filters) {
        Map<String, Long> categories = new HashMap<>();
        Map<String, Long> skus = new HashMap<>();
        for (RuleFilter f : filters) {
            name(categories, f.categories());
            name(categories, f.excludeCategories());
            name(skus, f.skus());
            name(skus, f.excludeSkus());
        }
        if (categories.size() > Long.SIZE || skus.size() > Long.SIZE) {
            return null;
        }
        return new LineTags(Map.copyOf(categories), Map.copyOf(skus));
    }

    private static void name(Map<String, Long> bits, Set<String> names) {
        for (String n : names) {
            if (!bits.containsKey(n)) {
                // Past 64 names the tags are not used (see of): the value no longer matters.
                bits.put(n, bits.size() < Long.SIZE ? 1L << bits.size() : 0L);
            }
        }
    }

    /**
     * The bits of a set of categories.
     *
     * @param names categories (of a line or of a filter)
     * @return the bits of those that filters name
     */
    long categories(Collection<String> names) {
        long mask = 0;
        for (String n : names) {
            Long bit = categoryBits.get(n);
            if (bit != null) {
                mask |= bit;
            }
        }
        return mask;
    }

    /**
     * The bits of a set of SKUs.
     *
     * @param names SKUs (of a filter)
     * @return the bits of those that filters name
     */
    long skus(Collection<String> names) {
        long mask = 0;
        for (String n : names) {
            mask |= sku(n);
        }
        return mask;
    }

    /**
     * The bit of a line's SKU.
     *
     * @param sku the SKU
     * @return its bit, or 0 if no filter names it
     */
    long sku(String sku) {
        Long bit = skuBits.get(sku);
        return bit == null ? 0 : bit;
    }
}
