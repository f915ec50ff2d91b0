package dev.loyaltykit.rules.accrual;

import static dev.loyaltykit.rules.Fixtures.rub;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.core.spi.MemberLedger;
import dev.loyaltykit.rules.Fixtures;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The engine's ways of running the built-in rules give what their public {@code compute} gives:
 * built-in rules write their points straight into the engine's candidates ({@link Candidate}),
 * while a host's rule returns {@link RawPoints} that the engine aligns; and line filters are
 * tested by the bits of the program's {@link LineTags}, or, past 64 names, by the filters' sets.
 * Each property runs random programs of built-in rules, with random filters over a small
 * alphabet of categories and SKUs, on random orders, both ways, and compares whole results
 * (points, outcomes, words and exact points per line of every rule) and counter changes.
 */
class FastPathProperties {
    private static final Instant FRIDAY = Instant.parse("2026-03-06T09:00:00Z");
    private static final Member ANNA = Member.builder(MemberId.of("anna"), Instant.parse("2026-01-01T00:00:00Z"))
            .attribute("tier", "gold").build();
    private static final List<String> CATEGORIES = List.of("c1", "c2", "c3", "c4");
    private static final List<String> SKUS = List.of("S1", "S2", "S3");

    /** A built-in rule as a host would write it: the engine cannot tell it is built in. */
    private record Hosted(PurchaseRule inner) implements PurchaseRule {
        @Override
        public RuleSettings settings() {
            return inner.settings();
        }

        @Override
        public String type() {
            return inner.type();
        }

        @Override
        public RawPoints compute(List<EarnLine> lines, PurchaseContext context) {
            return inner.compute(lines, context);
        }
    }

    @Property(tries = 300)
    void builtInRulesGiveWhatTheirPublicComputeGives(@ForAll("rules") List<PurchaseRule> rules,
            @ForAll("orders") Order order, @ForAll boolean first) {
        // Multipliers stay built in on both sides: the engine runs them after the other rules
        // only when it knows them (a host's rule of any kind runs with the others).
        List<PurchaseRule> hosted = rules.stream()
                .map(r -> r instanceof Multiplier ? r : (PurchaseRule) new Hosted(r)).toList();
        MemberLedger state = state(first);

        AccrualEngine.Evaluation direct = engine(rules).evaluate(order, ANNA, state, "gold", new BigDecimal("1.5"));
        AccrualEngine.Evaluation aligned = engine(hosted).evaluate(order, ANNA, state, "gold", new BigDecimal("1.5"));

        assertThat(aligned.result()).isEqualTo(direct.result());
        assertThat(aligned.counters()).isEqualTo(direct.counters());
    }

    @Property(tries = 300)
    void filtersDecideAlikeWithAndWithoutTags(@ForAll("rules") List<PurchaseRule> rules,
            @ForAll("orders") Order order) {
        // A rule naming 65 categories no line has: no tags for the program, nothing else changes.
        Set<String> many = IntStream.range(0, Long.SIZE + 1).mapToObj(i -> "z" + i).collect(Collectors.toSet());
        List<PurchaseRule> untagged = new ArrayList<>(rules);
        untagged.add(LineBonus.of(RuleSettings.of("many").withFilter(new RuleFilter(many, Set.of(), Set.of(),
                Set.of(), Set.of(), Set.of(), java.util.Map.of())), 1));

        AccrualResult tagged = engine(rules).evaluate(order, ANNA, state(false)).result();
        AccrualResult plain = engine(untagged).evaluate(order, ANNA, state(false)).result();

        assertThat(plain.rule("many").outcome()).isEqualTo(Outcome.NO_MATCHING_LINES);
        assertThat(plain.points()).isEqualTo(tagged.points());
        assertThat(plain.rules().stream().filter(r -> !r.ruleId().equals("many")).toList())
                .isEqualTo(tagged.rules());
    }

    @Property(tries = 1000)
    void aLineMatchesByTagsAsByItsFilter(@ForAll("filters") RuleFilter filter, @ForAll("lines") OrderLine line) {
        LineTags tags = LineTags.of(List.of(filter));
        long categories = tags.categories(line.categories());
        long sku = tags.sku(line.sku());

        boolean expected = filter.matches(line);

        assertThat(new LineMatcher(filter, tags).matches(categories, sku)).isEqualTo(expected);
        assertThat(new LineMatcher(filter, null).matches(line.sku(), line.categories().toArray(new String[0])))
                .isEqualTo(expected);
    }

    @Test
    void tagsCoverAtMost64CategoriesAnd64Skus() {
        Set<String> names64 = IntStream.range(0, Long.SIZE).mapToObj(i -> "n" + i).collect(Collectors.toSet());
        Set<String> names65 = new HashSet<>(names64);
        names65.add("one-more");
        RuleFilter none = RuleFilter.ANY;

        assertThat(LineTags.of(List.of(none.withCategories(names64.toArray(String[]::new)),
                none.withSkus(names64.toArray(String[]::new))))).isNotNull();
        assertThat(LineTags.of(List.of(none.withCategories(names65.toArray(String[]::new))))).isNull();
        assertThat(LineTags.of(List.of(none.excludingSkus(names65.toArray(String[]::new))))).isNull();
    }

    private static AccrualEngine engine(List<PurchaseRule> rules) {
        return new AccrualEngine(EarnBase.DEFAULT, ZoneId.of("Europe/Moscow"), rub("0.50"), rules, List.of(),
                Caps.NONE.withPerOrder(5_000));
    }

    private static MemberLedger state(boolean firstPurchase) {
        return firstPurchase ? MemberLedger.empty(ANNA.id())
                : MemberLedger.of(ANNA.id(), 1, 1, Instant.EPOCH, List.of(), List.of(), 0, 0, 0, 0,
                        List.of(new dev.loyaltykit.core.ledger.Counter(AccrualEngine.ORDERS_COUNTER, 3, Instant.MAX)));
    }

    @Provide
    Arbitrary<RuleFilter> filters() {
        Arbitrary<Set<String>> categories = Arbitraries.of(CATEGORIES).set().ofMaxSize(2);
        Arbitrary<Set<String>> skus = Arbitraries.of(SKUS).set().ofMaxSize(2);
        return Combinators.combine(categories, skus, categories, skus, Arbitraries.of(true, false))
                .as((c, s, xc, xs, gold) -> new RuleFilter(c, s, xc, xs, Set.of(), Set.of(),
                        gold ? java.util.Map.of("tier", "gold") : java.util.Map.of()));
    }

    @Provide
    Arbitrary<OrderLine> lines() {
        return Combinators.combine(Arbitraries.of(SKUS), Arbitraries.of(CATEGORIES).set().ofMinSize(1).ofMaxSize(2),
                Arbitraries.integers().between(1, 4), Arbitraries.longs().between(0, 300_000))
                .as((sku, categories, qty, cents) -> new OrderLine("x", sku, categories, BigDecimal.valueOf(qty),
                        Money.of(BigDecimal.valueOf(cents, 2), Fixtures.RUB), Money.zero(Fixtures.RUB),
                        Money.zero(Fixtures.RUB), false));
    }

    @Provide
    Arbitrary<Order> orders() {
        return lines().list().ofMinSize(1).ofMaxSize(6).map(lines -> {
            Order.Builder b = Order.builder(OrderId.of("o-1"), ANNA.id(), Fixtures.RUB, FRIDAY);
            for (int i = 0; i < lines.size(); i++) {
                OrderLine l = lines.get(i);
                b.line(new OrderLine(String.valueOf(i + 1), l.sku(), l.categories(), l.quantity(), l.unitPrice(),
                        l.discount(), l.tax(), l.giftCard()));
            }
            return b.build();
        });
    }

    @Provide
    Arbitrary<List<PurchaseRule>> rules() {
        Arbitrary<RoundingMode> rounding = Arbitraries.of(RoundingMode.DOWN, RoundingMode.HALF_UP, RoundingMode.UP);
        Arbitrary<RuleSettings> settings = Combinators.combine(filters(), rounding,
                Arbitraries.longs().between(0, 3_000), Arbitraries.integers().between(0, 400))
                .as((filter, mode, minSpend, cap) -> {
                    RuleSettings s = RuleSettings.of("r").withFilter(filter).withRounding(mode);
                    s = minSpend > 1_500 ? s : s.withMinSpend(rub(minSpend + ".00"));
                    return cap > 200 ? s : s.withCaps(Caps.NONE.withPerOrder(cap));
                });
        Arbitrary<PurchaseRule> rule = Combinators.combine(settings, Arbitraries.integers().between(0, 6),
                Arbitraries.of("0.5", "1", "2.5", "5", "7.25"), Arbitraries.integers().between(1, 60))
                .as((s, kind, rate, points) -> switch (kind) {
                    case 0 -> new PercentOfSpend(s, new BigDecimal(rate));
                    case 1 -> new PointsPerSpend(s, points, rub("15.00"), PointsPerSpend.Scope.ORDER);
                    case 2 -> new PointsPerSpend(s, points, rub("7.50"), PointsPerSpend.Scope.LINE);
                    case 3 -> LineBonus.of(s, points);
                    case 4 -> new LineBonus(s, points, true);
                    case 5 -> new OrderBonus(s, points, points % 2 == 0);
                    default -> new Multiplier(s, new BigDecimal(rate).add(BigDecimal.ONE));
                });
        return rule.list().ofMinSize(1).ofMaxSize(8).map(FastPathProperties::numbered);
    }

    /** Distinct ids (the settings' id is the rule's), some in an exclusive group. */
    private static List<PurchaseRule> numbered(List<PurchaseRule> rules) {
        List<PurchaseRule> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            PurchaseRule r = rules.get(i);
            RuleSettings s = r.settings();
            s = new RuleSettings("r" + i, s.filter(), s.schedule(), s.caps(), s.minSpend(), s.exclusiveGroup(),
                    s.priority(), s.rounding());
            out.add(withSettings(r, i % 3 == 1 ? s.withExclusiveGroup("group") : s));
        }
        return out;
    }

    private static PurchaseRule withSettings(PurchaseRule r, RuleSettings s) {
        if (r instanceof PercentOfSpend p) {
            return p.with(s);
        } else if (r instanceof PointsPerSpend p) {
            return new PointsPerSpend(s, p.points(), p.per(), p.scope());
        } else if (r instanceof LineBonus b) {
            return new LineBonus(s, b.points(), b.perUnit());
        } else if (r instanceof OrderBonus b) {
            return new OrderBonus(s, b.points(), b.firstPurchaseOnly());
        } else if (r instanceof Multiplier m) {
            return new Multiplier(s, m.factor());
        }
        return r;
    }
}
