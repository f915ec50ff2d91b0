package dev.loyaltykit.rules.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.PartnerId;
import dev.loyaltykit.core.ledger.ReturnPolicy;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.accrual.ActionReward;
import dev.loyaltykit.rules.accrual.Caps;
import dev.loyaltykit.rules.accrual.EarnBase;
import dev.loyaltykit.rules.accrual.LimitPeriod;
import dev.loyaltykit.rules.accrual.LineBonus;
import dev.loyaltykit.rules.accrual.Multiplier;
import dev.loyaltykit.rules.accrual.OrderBonus;
import dev.loyaltykit.rules.accrual.PercentOfSpend;
import dev.loyaltykit.rules.accrual.PointsPerSpend;
import dev.loyaltykit.rules.accrual.PurchaseRule;
import dev.loyaltykit.rules.accrual.RuleFilter;
import dev.loyaltykit.rules.accrual.RuleSettings;
import dev.loyaltykit.rules.accrual.Schedule;
import dev.loyaltykit.rules.redemption.RedemptionPolicy;
import dev.loyaltykit.rules.redemption.Reward;
import dev.loyaltykit.rules.campaign.Campaign;
import dev.loyaltykit.rules.coalition.Partner;
import dev.loyaltykit.rules.campaign.SegmentDefinition;
import dev.loyaltykit.rules.campaign.Trigger;
import dev.loyaltykit.rules.tier.Tier;
import dev.loyaltykit.rules.tier.TierBenefits;
import dev.loyaltykit.rules.tier.TierMetric;
import dev.loyaltykit.rules.tier.TierPolicy;
import dev.loyaltykit.rules.tier.TierScheme;
import dev.loyaltykit.rules.tier.TierWindow;
import dev.loyaltykit.rules.referral.FriendReward;
import dev.loyaltykit.rules.referral.ReferralLimits;
import dev.loyaltykit.rules.referral.ReferralScheme;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/** Properties of reading and writing JSON definitions, over random definitions with every rule kind. */
class ProgramJsonProperties {
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final LocalDate SOME_DAY = LocalDate.of(2026, 1, 1);

    @Property(tries = 300)
    @Label("a definition written to JSON reads back equal")
    void writeThenRead_givesAnEqualDefinition(@ForAll("definitions") ProgramDefinition definition) {
        String json = ProgramJson.write(definition);

        assertThat(ProgramJson.read(json)).isEqualTo(definition);
    }

    @Property(tries = 100)
    @Label("writing what was read gives the same text")
    void writeReadWrite_givesTheSameText(@ForAll("definitions") ProgramDefinition definition) {
        String json = ProgramJson.write(definition);

        assertThat(ProgramJson.write(ProgramJson.read(json))).isEqualTo(json);
    }

    @Property(tries = 300)
    @Label("a damaged document loads or fails with path-named errors, never anything else")
    void read_damagedDocument_failsOnlyWithDefinitionErrors(@ForAll("definitions") ProgramDefinition definition,
            @ForAll @IntRange(min = 0, max = 1000) int where, @ForAll("damage") JsonNode replacement)
            throws JsonProcessingException {
        JsonNode tree = PLAIN.readTree(ProgramJson.write(definition));
        damage(tree, where, replacement);
        String json = PLAIN.writeValueAsString(tree);

        try {
            ProgramJson.read(json);
        } catch (ProgramDefinitionException e) {
            assertThat(e.errors()).isNotEmpty().allSatisfy(error -> assertThat(error.path()).startsWith("$"));
            assertThat(e.getMessage().lines()).hasSize(e.errors().size() + 1);
        }
    }

    /** Replaces the value at position {@code where} (of a depth-first walk) by {@code replacement}, or removes it. */
    private static void damage(JsonNode tree, int where, JsonNode replacement) {
        List<Runnable> edits = new ArrayList<>();
        collectEdits(tree, replacement, edits);
        edits.get(where % edits.size()).run();
    }

    private static void collectEdits(JsonNode node, JsonNode replacement, List<Runnable> edits) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
                String name = names.next();
                edits.add(() -> object.set(name, replacement));
                edits.add(() -> object.remove(name));
                collectEdits(object.get(name), replacement, edits);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                int index = i;
                edits.add(() -> array.set(index, replacement));
                edits.add(() -> array.remove(index));
                collectEdits(array.get(i), replacement, edits);
            }
        }
    }

    @Provide
    Arbitrary<JsonNode> damage() {
        return Arbitraries.of("null", "\"\"", "\"x\"", "0", "-1", "1.5", "true", "[]", "{}", "[null]", "{\"x\": 1}",
                "\"2026-13-01\"", "\"P0D\"", "\"UNNECESSARY\"", "1e400", "9223372036854775808", "\"0.001\"",
                "\"lineBonus\"", "\"action\"", "2").map(ProgramJsonProperties::parse);
    }

    private static JsonNode parse(String json) {
        try {
            return PLAIN.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    // ------------------------------------------------------------------ definitions

    @Provide
    Arbitrary<ProgramDefinition> definitions() {
        return Arbitraries.of("RUB", "EUR", "USD", "JPY", "KWD", "CLF", "XAU").map(Money::currency)
                .flatMap(this::definitionIn);
    }

    private Arbitrary<ProgramDefinition> definitionIn(Currency currency) {
        Arbitrary<ProgramDefinition> basics = Combinators.combine(ids(), names(), zones(), money(currency, true),
                earnBases(), periods().injectNull(0.5), periods().injectNull(0.5), Arbitraries.of(ReturnPolicy.class))
                .as((id, name, zone, pointValue, earnBase, mature, expire, returnPolicy) ->
                        ProgramDefinition.builder(id, currency).name(name).zone(zone).pointValue(pointValue)
                                .earnBase(earnBase).pointsMatureAfter(mature).pointsExpireAfter(expire)
                                .returnPolicy(returnPolicy).build());
        Arbitrary<List<PurchaseRule>> purchaseRules = purchaseRule(currency).list().ofMaxSize(5)
                .uniqueElements(rule -> rule.settings().id());
        Arbitrary<List<ActionReward>> actionRules = actionRule().list().ofMaxSize(3).uniqueElements(ActionReward::id);
        Arbitrary<List<Reward>> rewards = reward().list().ofMaxSize(3).uniqueElements(Reward::id);
        Arbitrary<List<Campaign>> campaigns = campaign().list().ofMaxSize(3).uniqueElements(Campaign::id);
        Arbitrary<List<Partner>> partners = Combinators.combine(ids(), names(), money(currency, false),
                money(currency, false), Arbitraries.of(true, false))
                .as((id, name, issue, credit, suspended) -> new Partner(PartnerId.of(id), name, issue, credit, suspended))
                .list().ofMaxSize(3).uniqueElements(Partner::id);
        Arbitrary<Tuple.Tuple3<List<Campaign>, List<Partner>, Optional<ReferralScheme>>> extras = campaigns
                .flatMap(c -> partners.flatMap(p -> referral(currency).optional(0.5).map(r -> Tuple.of(c, p, r))));
        return Combinators.combine(basics, caps(), purchaseRules, actionRules, redemption(currency), rewards,
                tiers(currency).injectNull(0.3), extras)
                .as((definition, caps, purchase, action, redemption, catalog, tiers, more) -> {
                    List<Campaign> campaignList = more.get1();
                    // A fresh builder per try: builders are mutable and jqwik may reuse generated values when shrinking.
                    ProgramDefinition.Builder builder = definition.toBuilder().caps(caps).redemption(redemption)
                            .tiers(tiers).referral(more.get3().orElse(null));
                    campaignList.forEach(builder::campaign);
                    more.get2().forEach(builder::partner);
                    builder.segment(SegmentDefinition.of("seg-" + campaignList.size()).withMinOrders(campaignList.size())
                            .withBoughtCategories("kids"));
                    purchase.forEach(builder::rule);
                    action.forEach(builder::rule);
                    catalog.forEach(builder::reward);
                    return builder.build();
                });
    }

    private Arbitrary<RedemptionPolicy> redemption(Currency currency) {
        Arbitrary<Set<String>> strings = texts(1, 6).set().ofMaxSize(2);
        return Combinators.combine(
                Arbitraries.integers().between(0, 100).map(p -> p == 0 ? Optional.<BigDecimal>empty()
                        : Optional.of(BigDecimal.valueOf(p, p % 3))),
                money(currency, false).injectNull(0.5).map(Optional::ofNullable),
                Arbitraries.longs().between(0, 1000), Arbitraries.longs().between(1, 100),
                Arbitraries.longs().between(0, 1000), strings, strings, Arbitraries.of(true, false))
                .as(RedemptionPolicy::new);
    }

    private Arbitrary<Campaign> campaign() {
        Arbitrary<Trigger> trigger = Arbitraries.oneOf(
                Arbitraries.of(dev.loyaltykit.core.Channel.class).injectNull(0.5)
                        .map(ch -> (Trigger) new Trigger.Welcome(Optional.ofNullable(ch))),
                Arbitraries.integers().between(0, 31).map(Trigger.Birthday::new),
                Arbitraries.integers().between(1, 3650).map(Trigger.WinBack::new),
                Arbitraries.integers().between(1, 365).map(Trigger.ExpiryReminder::new),
                Arbitraries.just(new Trigger.Anniversary()), ids().map(Trigger.SegmentEntered::new));
        Arbitrary<List<dev.loyaltykit.core.Channel>> channels = Arbitraries.of(dev.loyaltykit.core.Channel.class).list()
                .ofMinSize(1).ofMaxSize(3).uniqueElements();
        return Combinators.combine(ids(), trigger, Arbitraries.longs().between(1, 1_000_000),
                periods().injectNull(0.5), ids().injectNull(0.5), channels,
                Arbitraries.integers().between(0, 50).map(BigDecimal::valueOf), periods())
                .as((id, t, points, expiry, template, ch, control, window) -> new Campaign(id, t, OptionalLong.of(points),
                        Optional.ofNullable(expiry), Optional.ofNullable(template), ch, Set.of(), Map.of(),
                        Optional.of(SOME_DAY), Optional.of(SOME_DAY.plusDays(30)), control, window,
                        id.length() % 2 == 0 ? Set.of() : Set.of("seg-" + id)));
    }

    private Arbitrary<TierScheme> tiers(Currency currency) {
        Arbitrary<TierBenefits> benefits = Combinators.combine(
                Arbitraries.integers().between(100, 500).map(m -> BigDecimal.valueOf(m, 2)),
                Arbitraries.integers().between(0, 100).map(BigDecimal::valueOf),
                redemption(currency).injectNull(0.7).map(Optional::ofNullable),
                texts(1, 6).set().ofMaxSize(2))
                .as(TierBenefits::new);
        Arbitrary<Tier> tier = Combinators.combine(ids(), names(), Arbitraries.longs().between(0, 1_000_000)
                .map(t -> BigDecimal.valueOf(t, 2)), benefits).as(Tier::new);
        Arbitrary<TierWindow> window = Arbitraries.oneOf(Arbitraries.of(TierWindow.LIFETIME, TierWindow.CALENDAR_YEAR),
                Arbitraries.integers().between(1, 24).map(TierWindow::rollingMonths));
        Arbitrary<TierPolicy> policy = Combinators.combine(Arbitraries.of(TierPolicy.Review.class),
                periods().injectNull(0.5).map(Optional::ofNullable), Arbitraries.of(true, false)).as(TierPolicy::new);
        return Combinators.combine(Arbitraries.of(TierMetric.class), window,
                tier.list().ofMinSize(1).ofMaxSize(4).uniqueElements(Tier::id).uniqueElements(Tier::threshold), policy)
                .as(TierScheme::new);
    }

    private Arbitrary<ReferralScheme> referral(Currency currency) {
        Arbitrary<FriendReward> friendRewards = Arbitraries.oneOf(List.of(
                Arbitraries.longs().between(1, Long.MAX_VALUE).map(FriendReward::points),
                decimals(BigDecimal.ZERO).map(FriendReward.Discount::new)));
        Arbitrary<OptionalInt> limit = Arbitraries.integers().between(1, Integer.MAX_VALUE).injectNull(0.5)
                .map(v -> v == null ? OptionalInt.empty() : OptionalInt.of(v));
        Arbitrary<ReferralLimits> limits = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(ReferralLimits.NONE)),
                Tuple.of(2, Combinators.combine(limit, Arbitraries.of(LimitPeriod.class), limit, limit)
                        .as(ReferralLimits::new)));
        Arbitrary<Period> maturities = Arbitraries.oneOf(List.of(periods(), Arbitraries.just(Period.ZERO),
                Arbitraries.just(ReferralScheme.DEFAULT_MATURITY)));
        Arbitrary<Duration> graces = Arbitraries.oneOf(List.of(Arbitraries.just(ReferralScheme.DEFAULT_GRACE),
                Combinators.combine(Arbitraries.longs().between(0, 100_000_000), Arbitraries.integers()
                        .between(0, 999_999_999)).as((seconds, nanos) -> Duration.ofSeconds(seconds, nanos))));
        return Combinators.combine(Arbitraries.longs().between(1, Long.MAX_VALUE), friendRewards,
                money(currency, true).optional(0.5), periods().optional(0.5),
                texts(1, 6).filter(t -> !t.isBlank()).set().ofMaxSize(2), maturities, limits, graces)
                .as(ReferralScheme::new);
    }

    private Arbitrary<Reward> reward() {
        return Combinators.combine(ids(), names(), Arbitraries.longs().between(1, Long.MAX_VALUE),
                Arbitraries.longs().between(0, 10_000).injectNull(0.5),
                Arbitraries.integers().between(1, 100).injectNull(0.5), Arbitraries.of(LimitPeriod.class))
                .as((id, name, points, stock, perMember, period) -> new Reward(id, name, points,
                        stock == null ? OptionalLong.empty() : OptionalLong.of(stock),
                        perMember == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(perMember),
                        period));
    }

    private Arbitrary<PurchaseRule> purchaseRule(Currency currency) {
        Arbitrary<RuleSettings> settings = settings(currency);
        Arbitrary<Long> points = Arbitraries.longs().between(1, Long.MAX_VALUE);
        Arbitrary<Boolean> flags = Arbitraries.of(true, false);
        List<Arbitrary<? extends PurchaseRule>> kinds = List.of(
                Combinators.combine(settings, decimals(BigDecimal.ZERO)).as(PercentOfSpend::new),
                Combinators.combine(settings, points, money(currency, true), Arbitraries.of(PointsPerSpend.Scope.class))
                        .as(PointsPerSpend::new),
                Combinators.combine(settings, points, flags).as(LineBonus::new),
                Combinators.combine(settings, points, flags).as(OrderBonus::new),
                Combinators.combine(settings, decimals(BigDecimal.ONE)).as(Multiplier::new));
        return Arbitraries.oneOf(kinds);
    }

    private Arbitrary<RuleSettings> settings(Currency currency) {
        Arbitrary<RuleFilter> withSegments = Combinators.combine(filters(), ids().set().ofMaxSize(2))
                .as((f, segs) -> new RuleFilter(f.categories(), f.skus(), f.excludeCategories(), f.excludeSkus(),
                        f.partners(), f.channels(), f.memberAttributes(), segs));
        return Combinators.combine(ids().map(id -> "p" + id), withSegments, schedules(), caps(),
                money(currency, false).optional(0.3), ids().optional(0.3), Arbitraries.integers(),
                Arbitraries.of(RoundingMode.class).filter(m -> m != RoundingMode.UNNECESSARY))
                .as(RuleSettings::new);
    }

    private Arbitrary<ActionReward> actionRule() {
        Arbitrary<RuleFilter> memberFilters = attributes().map(attributes ->
                new RuleFilter(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), attributes));
        return Combinators.combine(ids().map(id -> "a" + id), ids(), Arbitraries.longs().between(1, Long.MAX_VALUE),
                Arbitraries.integers().between(1, Integer.MAX_VALUE), Arbitraries.of(LimitPeriod.class), schedules(),
                memberFilters)
                .as(ActionReward::new);
    }

    private Arbitrary<RuleFilter> filters() {
        Arbitrary<Set<String>> strings = texts(0, 6).set().ofMaxSize(2);
        Arbitrary<Set<PartnerId>> partners = Arbitraries.strings().alpha().numeric().withChars("-_ ")
                .ofMinLength(1).ofMaxLength(8).filter(s -> s.strip().equals(s)).map(PartnerId::of).set().ofMaxSize(2);
        Arbitrary<RuleFilter> some = Combinators.combine(strings, strings, strings, strings, partners, strings,
                attributes()).as(RuleFilter::new);
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(RuleFilter.ANY)),
                Tuple.of(2, some));
    }

    private Arbitrary<Map<String, String>> attributes() {
        return Arbitraries.maps(texts(0, 6), texts(0, 6)).ofMaxSize(2);
    }

    private Arbitrary<Schedule> schedules() {
        Arbitrary<Optional<LocalDate>> fromDates = Arbitraries.integers().between(-1000, 1000).map(SOME_DAY::plusDays)
                .optional(0.5);
        Arbitrary<Optional<Integer>> lengths = Arbitraries.integers().between(0, 400).optional(0.5);
        Arbitrary<Set<DayOfWeek>> days = Arbitraries.of(DayOfWeek.class).set().ofMaxSize(3);
        Arbitrary<Optional<LocalTime>> fromTimes = Arbitraries.integers().between(0, 86_398).map(LocalTime::ofSecondOfDay)
                .optional(0.4);
        Arbitrary<Integer> windows = Arbitraries.integers().between(1, 86_399);
        Arbitrary<Integer> nanos = Arbitraries.oneOf(List.of(Arbitraries.just(0),
                Arbitraries.integers().between(0, 999_999_999)));
        Arbitrary<Schedule> some = Combinators.combine(fromDates, lengths, days, fromTimes, windows, nanos)
                .as((fromDate, length, daysOfWeek, fromTime, window, nano) -> {
                    Optional<LocalDate> toDate = length.map(l -> fromDate.orElse(SOME_DAY).plusDays(l));
                    Optional<LocalTime> untilTime = fromTime.map(from -> LocalTime
                            .ofSecondOfDay(Math.min(86_399, from.toSecondOfDay() + window)).withNano(nano));
                    return new Schedule(fromDate, toDate, daysOfWeek, fromTime, untilTime);
                });
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(Schedule.ALWAYS)),
                Tuple.of(2, some));
    }

    private Arbitrary<Caps> caps() {
        Arbitrary<OptionalLong> cap = Arbitraries.longs().greaterOrEqual(0).optional(0.3)
                .map(o -> o.map(OptionalLong::of).orElse(OptionalLong.empty()));
        return Combinators.combine(cap, cap, cap, cap).as(Caps::new);
    }

    private Arbitrary<EarnBase> earnBases() {
        Arbitrary<Boolean> flag = Arbitraries.of(true, false);
        return Combinators.combine(flag, flag, flag, flag, flag).as(EarnBase::new);
    }

    private Arbitrary<Period> periods() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 11),
                Arbitraries.integers().between(0, 400)).as(Period::of).filter(p -> !p.isZero());
    }

    /** Money in a currency at its scale: positive, or not negative. */
    private Arbitrary<Money> money(Currency currency, boolean positive) {
        int scale = Money.scaleOf(currency);
        BigDecimal least = positive ? BigDecimal.ONE.movePointLeft(scale) : BigDecimal.ZERO;
        return Arbitraries.bigDecimals().between(least, new BigDecimal("1000000")).ofScale(scale)
                .map(amount -> Money.of(amount, currency));
    }

    /** Decimals above {@code above} and at most 100, with 0 to 6 decimals and any trailing zeros. */
    private Arbitrary<BigDecimal> decimals(BigDecimal above) {
        return Arbitraries.integers().between(0, 6).flatMap(scale -> Arbitraries.bigDecimals()
                .between(above.add(BigDecimal.ONE.movePointLeft(scale)), BigDecimal.valueOf(100)).ofScale(scale));
    }

    private Arbitrary<String> ids() {
        Arbitrary<String> first = Arbitraries.strings().alpha().numeric().ofLength(1);
        Arbitrary<String> rest = Arbitraries.strings().alpha().numeric().withChars("._-").ofMaxLength(10);
        return Combinators.combine(first, rest).as(String::concat);
    }

    private Arbitrary<String> names() {
        return texts(1, 30).filter(s -> !s.isBlank());
    }

    /** Text with letters, digits, spaces, quotes, backslashes, a tab, Cyrillic and a euro sign. */
    private Arbitrary<String> texts(int min, int max) {
        return Arbitraries.strings().withCharRange(' ', '~').withChars("\t\"\\Жё€").ofMinLength(min).ofMaxLength(max);
    }

    private Arbitrary<ZoneId> zones() {
        List<String> ids = new ArrayList<>(ZoneId.getAvailableZoneIds());
        ids.sort(null);
        ids.addAll(List.of("Z", "+03:00", "-09:30", "UTC+05:30", "GMT"));
        return Arbitraries.of(ids).map(ZoneId::of);
    }
}
