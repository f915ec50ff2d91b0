package dev.loyaltykit.examples.bench;

import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderLine;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The order as the baselines see it: plain fields, money in kopecks, the local day and time
 * already worked out. Built once per order in {@code @Setup}, outside the timed code, which
 * favours the baselines (LoyaltyKit works out its earn base from the {@link Order} every time).
 *
 * <p>Fields are public and there are getters, so that MVEL expressions can read either way.
 */
public final class Cart {

    /** One order line. */
    public static final class Item {
        /** Position in the order, 0-based. */
        public final int index;
        /** The SKU. */
        public final String sku;
        /** The categories. */
        public final Set<String> categories;
        /** Whole units. */
        public final long qty;
        /** Line amount in kopecks (quantity times unit price; the benchmark orders have no discounts or tax). */
        public final long cents;

        Item(int index, String sku, Set<String> categories, long qty, long cents) {
            this.index = index;
            this.sku = sku;
            this.categories = categories;
            this.qty = qty;
            this.cents = cents;
        }

        /** @param category a category @return whether the line is in it */
        public boolean has(String category) {
            return categories.contains(category);
        }

        /** @param unitCents a spend unit in kopecks @return whole units of it in the line */
        public long units(long unitCents) {
            return cents / unitCents;
        }

        /** @return {@link #cents} */
        public long getCents() {
            return cents;
        }

        /** @return {@link #qty} */
        public long getQty() {
            return qty;
        }

        /** @return {@link #sku} */
        public String getSku() {
            return sku;
        }
    }

    /** The lines. */
    public final List<Item> lines;
    /** The sales channel. */
    public final String channel;
    /** The partner id, or "". */
    public final String partner;
    /** The member's "tier" attribute, or "". */
    public final String tier;
    /** Day of week in the program's zone, e.g. FRIDAY. */
    public final String dow;
    /** Minute of the day in the program's zone. */
    public final int minute;
    /** Local date as yyyymmdd. */
    public final int ymd;
    /** Whether this is the member's first purchase. */
    public final boolean first;
    /** All lines, in kopecks. */
    public final long totalCents;

    /**
     * Converts an order.
     *
     * @param order the order (no discounts, tax or shipping)
     * @param member the buyer
     * @param zone the program's zone
     * @param first whether it is the member's first purchase
     */
    public Cart(Order order, Member member, ZoneId zone, boolean first) {
        List<Item> items = new ArrayList<>();
        long total = 0;
        int i = 0;
        for (OrderLine l : order.lines()) {
            long cents = l.net().amount().movePointRight(2).longValueExact();
            items.add(new Item(i++, l.sku(), Set.copyOf(l.categories()), l.quantity().longValueExact(), cents));
            total += cents;
        }
        this.lines = List.copyOf(items);
        this.totalCents = total;
        this.channel = order.channel();
        this.partner = order.partner().map(p -> p.value()).orElse("");
        this.tier = member.attributes().getOrDefault("tier", "");
        ZonedDateTime local = order.placedAt().atZone(zone);
        this.dow = local.getDayOfWeek().name();
        this.minute = local.getHour() * 60 + local.getMinute();
        this.ymd = local.getYear() * 10000 + local.getMonthValue() * 100 + local.getDayOfMonth();
        this.first = first;
    }

    /** @return {@link #lines} */
    public List<Item> getLines() {
        return lines;
    }

    /** @param category a category @return kopecks spent on lines in it */
    public long spendIn(String category) {
        long s = 0;
        for (Item l : lines) {
            if (l.has(category)) {
                s += l.cents;
            }
        }
        return s;
    }

    /** @param a excluded category @param b excluded category @return kopecks on lines in neither */
    public long spendExcept(String a, String b) {
        long s = 0;
        for (Item l : lines) {
            if (!l.has(a) && !l.has(b)) {
                s += l.cents;
            }
        }
        return s;
    }

    /** @param category a category @return whether a line is in it */
    public boolean hasLineIn(String category) {
        for (Item l : lines) {
            if (l.has(category)) {
                return true;
            }
        }
        return false;
    }

    /** @param a excluded category @param b excluded category @return whether a line is in neither */
    public boolean hasLineExcept(String a, String b) {
        for (Item l : lines) {
            if (!l.has(a) && !l.has(b)) {
                return true;
            }
        }
        return false;
    }

    /** @param sku a SKU @return whether a line has it */
    public boolean hasSku(String sku) {
        for (Item l : lines) {
            if (l.sku.equals(sku)) {
                return true;
            }
        }
        return false;
    }
}
