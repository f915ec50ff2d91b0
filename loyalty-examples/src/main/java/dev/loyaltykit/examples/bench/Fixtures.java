package dev.loyaltykit.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.core.PartnerId;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.json.ProgramJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Currency;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Programs, members and orders shared by the benchmarks and their agreement test. */
public final class Fixtures {

    /** The program currency. */
    public static final Currency RUB = Currency.getInstance("RUB");
    /** A Friday, 09:30 in Moscow: Friday double points and happy hour apply. */
    public static final Instant FRIDAY_MORNING = Instant.parse("2026-07-03T06:30:00Z");
    /** The time the members joined. */
    public static final Instant ENROLLED = Instant.parse("2026-01-01T00:00:00Z");

    private Fixtures() {
    }

    /** @return the text of {@code bench/program-20.json} */
    public static String program20Json() {
        try (InputStream in = Fixtures.class.getResourceAsStream("/bench/program-20.json")) {
            if (in == null) {
                throw new IllegalStateException("bench/program-20.json is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the 20-rule program */
    public static ProgramDefinition program20() {
        return ProgramJson.read(program20Json());
    }

    /**
     * A 200-rule program: the 20 rules, then 9 copies of them with their ids, categories, SKUs
     * and exclusive groups renamed (suffix {@code -k}), as a big program's many category and
     * SKU promotions that mostly do not match a given order; the copies without a category
     * filter (cashback, order bonuses...) still apply, as in a real program with overlapping
     * promotions.
     *
     * @return the JSON text
     */
    public static String program200Json() {
        try {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = (ObjectNode) mapper.readTree(program20Json());
            root.put("id", "bench-200");
            root.put("name", "Benchmark store, 200 accrual rules");
            ArrayNode rules = (ArrayNode) root.get("accrual");
            List<JsonNode> originals = new java.util.ArrayList<>();
            rules.forEach(originals::add);
            for (int k = 1; k < 10; k++) {
                for (JsonNode original : originals) {
                    ObjectNode copy = original.deepCopy();
                    String suffix = "-" + k;
                    copy.put("id", copy.get("id").asText() + suffix);
                    if (copy.has("exclusiveGroup")) {
                        copy.put("exclusiveGroup", copy.get("exclusiveGroup").asText() + suffix);
                    }
                    JsonNode filter = copy.get("filter");
                    if (filter != null) {
                        for (String field : List.of("categories", "skus", "excludeSkus")) {
                            if (filter.has(field)) {
                                ArrayNode renamed = mapper.createArrayNode();
                                for (Iterator<JsonNode> it = filter.get(field).elements(); it.hasNext(); ) {
                                    renamed.add(new TextNode(it.next().asText() + suffix));
                                }
                                ((ObjectNode) filter).set(field, renamed);
                            }
                        }
                    }
                    rules.add(copy);
                }
            }
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A member.
     *
     * @param id the id
     * @param tier the "tier" attribute, or null
     * @return the member
     */
    public static Member member(String id, String tier) {
        Member.Builder b = Member.builder(MemberId.of(id), ENROLLED);
        if (tier != null) {
            b.attribute("tier", tier);
        }
        return b.build();
    }

    private static OrderLine line(String id, String sku, long qty, String price, String category) {
        return OrderLine.of(id, sku, qty, Money.of(price, "RUB"), category);
    }

    /**
     * The benchmark's order: 5 lines, 6 280 RUB, in the app, on a Friday morning.
     *
     * @param orderId the order id
     * @param member the buyer
     * @return the order
     */
    public static Order fiveLineOrder(String orderId, MemberId member) {
        return Order.builder(OrderId.of(orderId), member, RUB, FRIDAY_MORNING).channel("app")
                .line(line("1", "LATTE", 2, "250.00", "coffee"))
                .line(line("2", "CROISSANT", 1, "180.00", "bakery"))
                .line(line("3", "HEADPHONES", 1, "3500.00", "electronics"))
                .line(line("4", "SKU-PROMO", 3, "400.00", "toys"))
                .line(line("5", "NOVEL", 2, "450.00", "books"))
                .build();
    }

    /**
     * Orders that between them take every rule's branches, for the agreement test: each with
     * the buyer's tier.
     *
     * @return order and tier ("" for none)
     */
    public static Map<Order, String> variedOrders() {
        MemberId m = MemberId.of("m-varied");
        Map<Order, String> orders = new java.util.LinkedHashMap<>();
        orders.put(fiveLineOrder("v-1", m), "gold");
        orders.put(fiveLineOrder("v-2", m), "");
        // Saturday afternoon, in a shop: kids weekend, summer garden, tobacco excluded, a sale book.
        orders.put(Order.builder(OrderId.of("v-3"), m, RUB, Instant.parse("2026-07-04T12:00:00Z")).channel("store")
                .line(line("1", "LEGO", 2, "1999.90", "kids"))
                .line(line("2", "RAKE", 1, "799.00", "garden"))
                .line(line("3", "CIGARS", 1, "1500.00", "tobacco"))
                .line(line("4", "BOOK-SALE", 3, "120.00", "books"))
                .line(line("5", "LIPSTICK", 2, "650.00", "beauty"))
                .build(), "gold");
        // A small order below every minimum: the percentage wins nothing, the flat welcome neither.
        orders.put(Order.builder(OrderId.of("v-4"), m, RUB, Instant.parse("2026-03-10T15:00:00Z")).channel("web")
                .line(line("1", "ESPRESSO", 1, "99.00", "coffee"))
                .build(), "");
        // A partner order on a Friday evening, big: partner boost, big basket, electronics x3 capped, program cap.
        orders.put(Order.builder(OrderId.of("v-5"), m, RUB, Instant.parse("2026-11-20T17:00:00Z")).channel("web")
                .partner(PartnerId.of("partner-1"))
                .line(line("1", "TV", 2, "45000.00", "electronics"))
                .line(line("2", "SKU-PROMO", 1, "10.00", "toys"))
                .line(line("3", "BAGUETTE", 4, "75.50", "bakery"))
                .line(line("4", "GIFT", 1, "5000.00", "giftcards"))
                .line(line("5", "ATLAS", 1, "2300.00", "books"))
                .build(), "gold");
        // Only excluded lines: the welcome flat bonus wins over a zero percentage.
        orders.put(Order.builder(OrderId.of("v-6"), m, RUB, Instant.parse("2026-07-01T10:00:00Z")).channel("app")
                .line(line("1", "CIGARS", 1, "600.00", "tobacco"))
                .build(), "");
        return orders;
    }
}
