package dev.loyaltykit.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.jeasy.rules.api.Facts;
import org.jeasy.rules.api.Rules;
import org.jeasy.rules.api.RulesEngine;
import org.jeasy.rules.core.DefaultRulesEngine;
import org.jeasy.rules.core.RuleBuilder;
import org.jeasy.rules.mvel.MVELRule;

/**
 * The rules of {@code bench/program-20.json}, written the ways a team would write them without
 * LoyaltyKit: as plain Java lambdas (the floor: no engine, no explanation, only the total), as
 * Easy Rules rules with those lambdas as conditions and actions, and as Easy Rules rules with
 * MVEL expressions, as a team that keeps its rules in configuration would.
 *
 * <p>Base rules run first (Easy Rules priority 1), then the exclusive group (2), then the
 * multipliers on the base rules' per-line points (3); the program caps the total at 5000.
 */
public final class BaselineRules {

    /** The program's per-order cap. */
    public static final long PROGRAM_CAP = 5000;

    private BaselineRules() {
    }

    /** A rule as a condition and an action. */
    public record JavaRule(String name, int priority, Predicate<Cart> when, BiConsumer<Cart, Tally> then) {
    }

    private static boolean eligible(Cart.Item l) {
        return !l.has("tobacco") && !l.has("giftcards");
    }

    /** @return the 20 rules as Java lambdas, in evaluation order */
    public static List<JavaRule> javaRules() {
        List<JavaRule> r = new ArrayList<>();
        r.add(new JavaRule("cashback", 1, c -> c.hasLineExcept("tobacco", "giftcards"), (c, t) -> {
            for (Cart.Item l : c.lines) {
                if (eligible(l)) {
                    t.line(l, l.cents * 5);
                }
            }
            t.finish(0);
        }));
        r.add(new JavaRule("per100", 1, c -> c.spendExcept("tobacco", "giftcards") >= 100_000, (c, t) -> {
            for (Cart.Item l : c.lines) {
                if (eligible(l)) {
                    t.line(l, l.cents);
                }
            }
            t.finish(0);
        }));
        r.add(new JavaRule("electronics-per50", 1, c -> c.hasLineIn("electronics"), (c, t) -> {
            for (Cart.Item l : c.lines) {
                if (l.has("electronics")) {
                    t.line(l, l.units(5000) * 2 * Tally.MICRO);
                }
            }
            t.finish(0);
        }));
        r.add(new JavaRule("sku-promo", 1, c -> c.hasSku("SKU-PROMO"), (c, t) -> {
            for (Cart.Item l : c.lines) {
                if (l.sku.equals("SKU-PROMO")) {
                    t.line(l, 50 * l.qty * Tally.MICRO);
                }
            }
            t.finish(120);
        }));
        r.add(new JavaRule("coffee-bonus", 1, c -> c.hasLineIn("coffee"), (c, t) -> lineBonus(c, t, "coffee", 10)));
        r.add(new JavaRule("first-order", 1, c -> c.first && c.totalCents >= 50_000, (c, t) -> t.order(100)));
        r.add(new JavaRule("big-basket", 1, c -> c.totalCents >= 500_000, (c, t) -> t.order(200)));
        r.add(new JavaRule("app-bonus", 1, c -> c.channel.equals("app"), (c, t) -> t.order(30)));
        r.add(new JavaRule("gold-extra", 1, c -> c.tier.equals("gold") && c.hasLineExcept("tobacco", "giftcards"),
                (c, t) -> {
                    for (Cart.Item l : c.lines) {
                        if (eligible(l)) {
                            t.line(l, l.cents * 2);
                        }
                    }
                    t.finish(0);
                }));
        r.add(new JavaRule("summer-garden", 1, c -> c.ymd >= 20260601 && c.ymd <= 20260831 && c.hasLineIn("garden"),
                (c, t) -> percent(c, t, "garden", 3)));
        r.add(new JavaRule("kids-weekend", 1,
                c -> (c.dow.equals("SATURDAY") || c.dow.equals("SUNDAY")) && c.hasLineIn("kids"),
                (c, t) -> percent(c, t, "kids", 4)));
        r.add(new JavaRule("happy-hour", 1, c -> c.minute >= 7 * 60 && c.minute < 10 * 60 && c.hasLineIn("coffee"),
                (c, t) -> lineBonus(c, t, "coffee", 5)));
        r.add(new JavaRule("books-per10", 1, c -> c.hasLineIn("books"), (c, t) -> {
            for (Cart.Item l : c.lines) {
                if (l.has("books") && !l.sku.equals("BOOK-SALE")) {
                    t.line(l, l.units(1000) * Tally.MICRO);
                }
            }
            t.finish(0);
        }));
        r.add(new JavaRule("partner-boost", 1, c -> c.partner.equals("partner-1"), (c, t) -> {
            for (Cart.Item l : c.lines) {
                t.line(l, l.cents * 10);
            }
            t.finish(0);
        }));
        r.add(new JavaRule("beauty-min", 1, c -> c.spendIn("beauty") >= 100_000,
                (c, t) -> lineBonus(c, t, "beauty", 25)));
        r.add(new JavaRule("welcome", 2, c -> true, (c, t) -> {
            long flat = c.totalCents >= 30_000 ? 40 : 0;
            for (Cart.Item l : c.lines) {
                if (eligible(l)) {
                    t.line(l, l.cents);
                }
            }
            t.bestOf(flat);
        }));
        r.add(new JavaRule("friday-x2", 3, c -> c.dow.equals("FRIDAY"), (c, t) -> {
            for (Cart.Item l : c.lines) {
                if (l.has("coffee") || l.has("bakery")) {
                    t.extra(l, 1);
                }
            }
            t.finishExtra(0);
        }));
        r.add(new JavaRule("electronics-x3", 3, c -> c.spendIn("electronics") >= 300_000, (c, t) -> {
            for (Cart.Item l : c.lines) {
                if (l.has("electronics")) {
                    t.extra(l, 2);
                }
            }
            t.finishExtra(500);
        }));
        r.add(new JavaRule("gold-books-x2", 3, c -> c.tier.equals("gold") && c.hasLineIn("books"), (c, t) -> {
            for (Cart.Item l : c.lines) {
                if (l.has("books")) {
                    t.extra(l, 1);
                }
            }
            t.finishExtra(0);
        }));
        return List.copyOf(r);
    }

    private static void lineBonus(Cart c, Tally t, String category, long points) {
        for (Cart.Item l : c.lines) {
            if (l.has(category)) {
                t.line(l, points * Tally.MICRO);
            }
        }
        t.finish(0);
    }

    private static void percent(Cart c, Tally t, String category, long percent) {
        for (Cart.Item l : c.lines) {
            if (l.has(category)) {
                t.line(l, l.cents * percent);
            }
        }
        t.finish(0);
    }

    /**
     * The floor: the lambdas called in a loop, no engine.
     *
     * @param rules {@link #javaRules()}
     * @param cart the order
     * @return the points
     */
    public static long floor(List<JavaRule> rules, Cart cart) {
        Tally t = new Tally(cart.lines.size(), PROGRAM_CAP);
        for (JavaRule r : rules) {
            if (r.when().test(cart)) {
                r.then().accept(cart, t);
            }
        }
        return t.result();
    }

    /** @return the lambdas as Easy Rules rules */
    public static Rules easyLambdaRules() {
        Rules rules = new Rules();
        for (JavaRule r : javaRules()) {
            rules.register(new RuleBuilder().name(r.name()).priority(r.priority())
                    .when(f -> r.when().test(f.get("cart")))
                    .then(f -> r.then().accept(f.get("cart"), f.get("tally")))
                    .build());
        }
        return rules;
    }

    private static final String ELIGIBLE = "!l.has('tobacco') && !l.has('giftcards')";

    /** @return the rules as Easy Rules MVEL rules, as they would sit in a configuration file */
    public static Rules easyMvelRules() {
        String[][] defs = {
            {"cashback", "1", "cart.hasLineExcept('tobacco', 'giftcards')",
                "foreach (l : cart.lines) { if (" + ELIGIBLE + ") { tally.line(l, l.cents * 5); } } tally.finish(0);"},
            {"per100", "1", "cart.spendExcept('tobacco', 'giftcards') >= 100000",
                "foreach (l : cart.lines) { if (" + ELIGIBLE + ") { tally.line(l, l.cents); } } tally.finish(0);"},
            {"electronics-per50", "1", "cart.hasLineIn('electronics')",
                "foreach (l : cart.lines) { if (l.has('electronics')) { tally.line(l, l.units(5000) * 20000); } } tally.finish(0);"},
            {"sku-promo", "1", "cart.hasSku('SKU-PROMO')",
                "foreach (l : cart.lines) { if (l.sku == 'SKU-PROMO') { tally.line(l, l.qty * 500000); } } tally.finish(120);"},
            {"coffee-bonus", "1", "cart.hasLineIn('coffee')",
                "foreach (l : cart.lines) { if (l.has('coffee')) { tally.line(l, 100000); } } tally.finish(0);"},
            {"first-order", "1", "cart.first && cart.totalCents >= 50000", "tally.order(100);"},
            {"big-basket", "1", "cart.totalCents >= 500000", "tally.order(200);"},
            {"app-bonus", "1", "cart.channel == 'app'", "tally.order(30);"},
            {"gold-extra", "1", "cart.tier == 'gold' && cart.hasLineExcept('tobacco', 'giftcards')",
                "foreach (l : cart.lines) { if (" + ELIGIBLE + ") { tally.line(l, l.cents * 2); } } tally.finish(0);"},
            {"summer-garden", "1", "cart.ymd >= 20260601 && cart.ymd <= 20260831 && cart.hasLineIn('garden')",
                "foreach (l : cart.lines) { if (l.has('garden')) { tally.line(l, l.cents * 3); } } tally.finish(0);"},
            {"kids-weekend", "1", "(cart.dow == 'SATURDAY' || cart.dow == 'SUNDAY') && cart.hasLineIn('kids')",
                "foreach (l : cart.lines) { if (l.has('kids')) { tally.line(l, l.cents * 4); } } tally.finish(0);"},
            {"happy-hour", "1", "cart.minute >= 420 && cart.minute < 600 && cart.hasLineIn('coffee')",
                "foreach (l : cart.lines) { if (l.has('coffee')) { tally.line(l, 50000); } } tally.finish(0);"},
            {"books-per10", "1", "cart.hasLineIn('books')",
                "foreach (l : cart.lines) { if (l.has('books') && l.sku != 'BOOK-SALE') { tally.line(l, l.units(1000) * 10000); } } tally.finish(0);"},
            {"partner-boost", "1", "cart.partner == 'partner-1'",
                "foreach (l : cart.lines) { tally.line(l, l.cents * 10); } tally.finish(0);"},
            {"beauty-min", "1", "cart.spendIn('beauty') >= 100000",
                "foreach (l : cart.lines) { if (l.has('beauty')) { tally.line(l, 250000); } } tally.finish(0);"},
            {"welcome", "2", "true",
                "flat = cart.totalCents >= 30000 ? 40 : 0; foreach (l : cart.lines) { if (" + ELIGIBLE
                    + ") { tally.line(l, l.cents); } } tally.bestOf(flat);"},
            {"friday-x2", "3", "cart.dow == 'FRIDAY'",
                "foreach (l : cart.lines) { if (l.has('coffee') || l.has('bakery')) { tally.extra(l, 1); } } tally.finishExtra(0);"},
            {"electronics-x3", "3", "cart.spendIn('electronics') >= 300000",
                "foreach (l : cart.lines) { if (l.has('electronics')) { tally.extra(l, 2); } } tally.finishExtra(500);"},
            {"gold-books-x2", "3", "cart.tier == 'gold' && cart.hasLineIn('books')",
                "foreach (l : cart.lines) { if (l.has('books')) { tally.extra(l, 1); } } tally.finishExtra(0);"},
        };
        Rules rules = new Rules();
        for (String[] d : defs) {
            rules.register(new MVELRule().name(d[0]).priority(Integer.parseInt(d[1])).when(d[2]).then(d[3]));
        }
        return rules;
    }

    /** @return an engine with Easy Rules' defaults (every rule considered, in priority order) */
    public static RulesEngine engine() {
        return new DefaultRulesEngine();
    }

    /**
     * Fires Easy Rules rules on an order.
     *
     * @return the points
     */
    public static long fire(RulesEngine engine, Rules rules, Cart cart) {
        Tally t = new Tally(cart.lines.size(), PROGRAM_CAP);
        Facts facts = new Facts();
        facts.put("cart", cart);
        facts.put("tally", t);
        engine.fire(rules, facts);
        return t.result();
    }
}
