package dev.loyaltykit.rules.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.LoyaltyException;
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
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Walks a parsed JSON tree of a program definition, keeping the JSON path of every value and
 * collecting every error instead of stopping at the first.
 *
 * <p>Conventions inside: a method that parses a value returns {@code null} when the value is
 * wrong (after recording an error), the default when the field is absent, and the value
 * otherwise. Range checks are the model's own: each checked value is first tried on its own in
 * a record built from valid sample values (a "probe"), so that two bad fields of one object are
 * both reported, with the model's message; the real record is built only when its element had
 * no error. Not thread-safe; one instance reads one document.
 */
final class DefinitionReader {
    /** The schema version this reader understands. */
    static final int SCHEMA_VERSION = 1;
    /** At most this many errors are listed; the rest are counted. */
    static final int MAX_ERRORS = 200;

    static final List<String> TOP = List.of("schemaVersion", "id", "name", "currency", "timeZone", "pointValue",
            "earnBase", "pointsMatureAfter", "pointsExpireAfter", "returnPolicy", "caps", "accrual", "redemption",
            "rewards", "tiers", "campaigns", "partners", "segments", "referral");
    static final List<String> SEGMENT = List.of("id", "boughtWithinDays", "sleepingDays", "minOrders", "minSpend",
            "boughtCategories", "tiers", "memberAttributes");
    static final List<String> PARTNER = List.of("id", "name", "issueCost", "redemptionCredit", "suspended");
    static final List<String> CAMPAIGN = List.of("id", "trigger", "points", "pointsExpireAfter", "template", "channels",
            "tiers", "memberAttributes", "from", "to", "controlPercent", "attributionWindow", "segments");
    static final List<String> TRIGGER = List.of("type", "onConsent", "daysBefore", "inactiveDays", "segment");
    static final List<String> TIERS = List.of("metric", "window", "months", "review", "grace", "dropAtMostOneTier",
            "levels");
    static final List<String> TIER = List.of("id", "name", "threshold", "accrualMultiplier", "discountPercent",
            "redemption", "perks");
    static final List<String> REFERRAL = List.of("referrerPoints", "friendReward", "minPurchase", "qualifyWithin",
            "excludedCategories", "maturity", "existingMemberGrace", "limits");
    static final List<String> REFERRAL_LIMITS = List.of("perReferrer", "period", "referrerTotal", "perFingerprint");
    static final String FRIEND_POINTS = "points";
    static final String FRIEND_DISCOUNT = "discount";
    static final Map<String, List<String>> FRIEND_REWARDS = Map.of(FRIEND_POINTS, List.of("type", "points"),
            FRIEND_DISCOUNT, List.of("type", "percent"));
    static final List<String> REDEMPTION = List.of("maxSharePercent", "minCashPart", "minPoints", "step", "minBalance",
            "excludedCategories", "excludedSkus", "shippingPayable");
    static final List<String> REWARD = List.of("id", "name", "points", "stock", "perMember", "period");
    static final List<String> EARN_BASE = List.of("includeTax", "afterLineDiscounts", "afterOrderDiscount",
            "includeShipping", "excludeGiftCards");
    static final List<String> CAPS = List.of("perOrder", "perMemberDay", "perMemberMonth", "perMemberLifetime");
    static final List<String> FILTER = List.of("categories", "skus", "excludeCategories", "excludeSkus", "partners",
            "channels", "memberAttributes", "segments");
    static final List<String> ACTION_FILTER = List.of("memberAttributes");
    static final List<String> SCHEDULE = List.of("fromDate", "toDate", "daysOfWeek", "fromTime", "untilTime");
    static final List<String> COMMON = List.of("filter", "schedule", "caps", "minSpend", "exclusiveGroup", "priority",
            "rounding");

    static final String PERCENT_OF_SPEND = "percentOfSpend";
    static final String POINTS_PER_SPEND = "pointsPerSpend";
    static final String LINE_BONUS = "lineBonus";
    static final String ORDER_BONUS = "orderBonus";
    static final String MULTIPLIER = "multiplier";
    static final String ACTION = "action";

    /** The fields of each rule kind, in the order the writer writes them. */
    static final Map<String, List<String>> KINDS = kinds();

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,30}(\\.[0-9]{1,30})?");
    private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_DIGITS = 30;
    private static final Currency SAMPLE_CURRENCY = Currency.getInstance("EUR");
    private static final String SAMPLE_ID = "sample";
    private static final RuleSettings SAMPLE_SETTINGS = RuleSettings.of(SAMPLE_ID);

    private final List<DefinitionError> errors = new ArrayList<>();
    private int suppressed;
    private Currency currency;

    private DefinitionReader() {
    }

    private static Map<String, List<String>> kinds() {
        Map<String, List<String>> kinds = new LinkedHashMap<>();
        kinds.put(PERCENT_OF_SPEND, withCommon("percent"));
        kinds.put(POINTS_PER_SPEND, withCommon("points", "per", "scope"));
        kinds.put(LINE_BONUS, withCommon("points", "perUnit"));
        kinds.put(ORDER_BONUS, withCommon("points", "firstPurchaseOnly"));
        kinds.put(MULTIPLIER, withCommon("factor"));
        kinds.put(ACTION, List.of("type", "id", "action", "points", "limit", "period", "schedule", "filter"));
        return Collections.unmodifiableMap(kinds);
    }

    private static List<String> withCommon(String... own) {
        List<String> fields = new ArrayList<>(List.of("type", "id"));
        fields.addAll(Arrays.asList(own));
        fields.addAll(COMMON);
        return List.copyOf(fields);
    }

    /**
     * Reads a whole definition.
     *
     * @param root the parsed document
     * @return the definition
     * @throws ProgramDefinitionException listing every error found
     */
    static ProgramDefinition read(JsonNode root) {
        DefinitionReader reader = new DefinitionReader();
        ProgramDefinition definition = reader.program(root);
        if (reader.suppressed > 0) {
            reader.errors.add(new DefinitionError("$", reader.suppressed + " more error(s) not listed"));
        }
        if (!reader.errors.isEmpty()) {
            throw new ProgramDefinitionException(reader.errors);
        }
        if (definition == null) {
            // Defensive: every path that returns null records an error first.
            throw new ProgramDefinitionException(List.of(new DefinitionError("$", "not a valid program definition")));
        }
        return definition;
    }

    // ---------------------------------------------------------------- the program

    private ProgramDefinition program(JsonNode root) {
        if (root == null || root.isMissingNode()) {
            error("$", "the document is empty; expected a JSON object");
            return null;
        }
        if (!root.isObject()) {
            typeError("$", "a JSON object", root);
            return null;
        }
        // The version decides how to read the rest, so a wrong one is the only error reported.
        JsonNode version = root.get("schemaVersion");
        if (version == null) {
            error("$.schemaVersion", "required field is missing; this version of LoyaltyKit reads "
                    + SCHEMA_VERSION);
        } else {
            Integer v = int32(version, "$.schemaVersion");
            if (v != null && v != SCHEMA_VERSION) {
                error("$.schemaVersion", "unsupported schema version " + v + "; this version of LoyaltyKit reads "
                        + SCHEMA_VERSION);
                return null;
            }
        }
        Obj o = object(root, "$", TOP);
        String id = requiredString(o, "id");
        if (id != null) {
            probe("$", TOP, () -> ProgramDefinition.builder(id, SAMPLE_CURRENCY).build());
        }
        String name = o.has("name") ? string(o.get("name"), o.path("name")) : id;
        if (name != null && o.has("name")) {
            probe("$", TOP, () -> ProgramDefinition.builder(SAMPLE_ID, SAMPLE_CURRENCY).name(name).build());
        }
        currency = currency(o);
        ZoneId zone = o.has("timeZone") ? zone(o.get("timeZone"), o.path("timeZone")) : ZoneId.of("UTC");
        Money pointValue = pointValue(o);
        EarnBase earnBase = o.has("earnBase") ? earnBase(o.get("earnBase"), o.path("earnBase")) : EarnBase.DEFAULT;
        Optional<Period> mature = optionalPeriod(o, "pointsMatureAfter");
        if (mature != null && mature.isPresent()) {
            probe("$", TOP, () -> ProgramDefinition.builder(SAMPLE_ID, SAMPLE_CURRENCY)
                    .pointsMatureAfter(mature.get()).build());
        }
        Optional<Period> expire = optionalPeriod(o, "pointsExpireAfter");
        if (expire != null && expire.isPresent()) {
            probe("$", TOP, () -> ProgramDefinition.builder(SAMPLE_ID, SAMPLE_CURRENCY)
                    .pointsExpireAfter(expire.get()).build());
        }
        ReturnPolicy returnPolicy = o.has("returnPolicy")
                ? enumValue(o.get("returnPolicy"), o.path("returnPolicy"), ReturnPolicy.values())
                : ReturnPolicy.DEBT;
        Caps caps = o.has("caps") ? caps(o.get("caps"), o.path("caps")) : Caps.NONE;
        List<PurchaseRule> purchaseRules = new ArrayList<>();
        List<ActionReward> actionRules = new ArrayList<>();
        if (o.has("accrual")) {
            accrual(o.get("accrual"), o.path("accrual"), purchaseRules, actionRules);
        }
        RedemptionPolicy redemption = o.has("redemption") ? redemption(o.get("redemption"), o.path("redemption"))
                : RedemptionPolicy.UNLIMITED;
        List<Reward> rewards = o.has("rewards") ? rewards(o.get("rewards"), o.path("rewards")) : List.of();
        Optional<TierScheme> tiers = o.has("tiers") ? Optional.ofNullable(tiers(o.get("tiers"), o.path("tiers")))
                : Optional.empty();
        List<Campaign> campaigns = o.has("campaigns") ? campaigns(o.get("campaigns"), o.path("campaigns")) : List.of();
        List<Partner> partners = o.has("partners") ? partners(o.get("partners"), o.path("partners")) : List.of();
        List<SegmentDefinition> segments = o.has("segments") ? segments(o.get("segments"), o.path("segments"))
                : List.of();
        Optional<ReferralScheme> referral = o.has("referral") ? referral(o.get("referral"), o.path("referral"))
                : Optional.empty();
        if (!errors.isEmpty() || suppressed > 0) {
            return null;
        }
        return build("$", TOP, () -> new ProgramDefinition(id, name, currency, zone, pointValue, earnBase,
                purchaseRules, actionRules, caps, mature, expire, returnPolicy, redemption, rewards, tiers,
                campaigns, partners, segments, referral));
    }

    private Currency currency(Obj o) {
        String code = requiredString(o, "currency");
        return code == null ? null : build("$", TOP, () -> Money.currency(code));
    }

    private Money pointValue(Obj o) {
        if (!o.has("pointValue")) {
            return currency == null ? null : Money.of(BigDecimal.ONE, currency);
        }
        Money value = money(o.get("pointValue"), o.path("pointValue"));
        if (value != null) {
            probe("$", TOP, () -> ProgramDefinition.builder(SAMPLE_ID, currency).pointValue(value).build());
        }
        return value;
    }

    private ZoneId zone(JsonNode node, String path) {
        String text = string(node, path);
        if (text == null) {
            return null;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            error(path, "unknown time zone " + quote(text) + "; use a region such as Europe/Moscow or an offset "
                    + "such as +03:00");
            return null;
        }
    }

    private EarnBase earnBase(JsonNode node, String path) {
        Obj o = object(node, path, EARN_BASE);
        if (o == null) {
            return null;
        }
        EarnBase d = EarnBase.DEFAULT;
        Boolean includeTax = optionalBoolean(o, "includeTax", d.includeTax());
        Boolean afterLine = optionalBoolean(o, "afterLineDiscounts", d.afterLineDiscounts());
        Boolean afterOrder = optionalBoolean(o, "afterOrderDiscount", d.afterOrderDiscount());
        Boolean shipping = optionalBoolean(o, "includeShipping", d.includeShipping());
        Boolean giftCards = optionalBoolean(o, "excludeGiftCards", d.excludeGiftCards());
        if (includeTax == null || afterLine == null || afterOrder == null || shipping == null || giftCards == null) {
            return null;
        }
        return new EarnBase(includeTax, afterLine, afterOrder, shipping, giftCards);
    }

    private Caps caps(JsonNode node, String path) {
        Obj o = object(node, path, CAPS);
        if (o == null) {
            return null;
        }
        int before = errors.size();
        OptionalLong perOrder = optionalCap(o, "perOrder", Caps.NONE::withPerOrder);
        OptionalLong perDay = optionalCap(o, "perMemberDay", Caps.NONE::withPerMemberDay);
        OptionalLong perMonth = optionalCap(o, "perMemberMonth", Caps.NONE::withPerMemberMonth);
        OptionalLong lifetime = optionalCap(o, "perMemberLifetime", Caps.NONE::withPerMemberLifetime);
        if (errors.size() != before || perOrder == null || perDay == null || perMonth == null || lifetime == null) {
            return null;
        }
        return build(path, CAPS, () -> new Caps(perOrder, perDay, perMonth, lifetime));
    }

    private OptionalLong optionalCap(Obj o, String field, Function<Long, Caps> probe) {
        if (!o.has(field)) {
            return OptionalLong.empty();
        }
        Long value = int64(o.get(field), o.path(field));
        if (value == null || !probe(o.path, CAPS, () -> probe.apply(value))) {
            return null;
        }
        return OptionalLong.of(value);
    }

    // ---------------------------------------------------------------- segments

    private List<SegmentDefinition> segments(JsonNode node, String path) {
        List<SegmentDefinition> out = new ArrayList<>();
        if (!node.isArray()) {
            typeError(path, "an array of segments", node);
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            String sPath = path + "[" + i + "]";
            Obj o = object(node.get(i), sPath, SEGMENT);
            if (o == null) {
                continue;
            }
            int before = errors.size();
            String id = requiredString(o, "id");
            Integer within = o.has("boughtWithinDays") ? int32(o.get("boughtWithinDays"), o.path("boughtWithinDays")) : null;
            Integer sleeping = o.has("sleepingDays") ? int32(o.get("sleepingDays"), o.path("sleepingDays")) : null;
            Long minOrders = o.has("minOrders") ? int64(o.get("minOrders"), o.path("minOrders")) : null;
            BigDecimal minSpend = o.has("minSpend") ? decimal(o.get("minSpend"), o.path("minSpend")) : null;
            Set<String> categories = strings(o, "boughtCategories", text -> text);
            Set<String> tierIds = strings(o, "tiers", text -> text);
            Map<String, String> attributes = attributes(o);
            if (errors.size() != before || id == null) {
                continue;
            }
            SegmentDefinition d = build(sPath, SEGMENT, () -> new SegmentDefinition(id,
                    within == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(within),
                    sleeping == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(sleeping),
                    minOrders == null ? OptionalLong.empty() : OptionalLong.of(minOrders), Optional.ofNullable(minSpend),
                    categories, tierIds, attributes));
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- partners

    private List<Partner> partners(JsonNode node, String path) {
        List<Partner> out = new ArrayList<>();
        if (!node.isArray()) {
            typeError(path, "an array of partners", node);
            return out;
        }
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String pPath = path + "[" + i + "]";
            Obj o = object(node.get(i), pPath, PARTNER);
            if (o == null) {
                continue;
            }
            int before = errors.size();
            String id = requiredString(o, "id");
            if (id != null) {
                String first = seen.putIfAbsent(id, pPath);
                if (first != null) {
                    error(o.path("id"), "partner id " + quote(id) + " is already used by the partner at " + first);
                }
            }
            String name = o.has("name") ? string(o.get("name"), o.path("name")) : id;
            Money issue = o.has("issueCost") ? money(o.get("issueCost"), o.path("issueCost")) : missing(o, "issueCost");
            Money credit = o.has("redemptionCredit") ? money(o.get("redemptionCredit"), o.path("redemptionCredit"))
                    : missing(o, "redemptionCredit");
            Boolean suspended = optionalBoolean(o, "suspended", false);
            if (errors.size() != before || id == null || name == null || issue == null || credit == null
                    || suspended == null) {
                continue;
            }
            Partner p = build(pPath, PARTNER, () -> new Partner(PartnerId.of(id), name, issue, credit, suspended));
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- campaigns

    private List<Campaign> campaigns(JsonNode node, String path) {
        List<Campaign> out = new ArrayList<>();
        if (!node.isArray()) {
            typeError(path, "an array of campaigns", node);
            return out;
        }
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String cPath = path + "[" + i + "]";
            Obj o = object(node.get(i), cPath, CAMPAIGN);
            if (o == null) {
                continue;
            }
            int before = errors.size();
            String id = requiredString(o, "id");
            if (id != null) {
                String first = seen.putIfAbsent(id, cPath);
                if (first != null) {
                    error(o.path("id"), "campaign id " + quote(id) + " is already used by the campaign at " + first);
                }
            }
            Trigger trigger = o.has("trigger") ? trigger(o.get("trigger"), o.path("trigger")) : missing(o, "trigger");
            Long points = o.has("points") ? int64(o.get("points"), o.path("points")) : null;
            Optional<Period> expire = optionalPeriod(o, "pointsExpireAfter");
            String template = o.has("template") ? string(o.get("template"), o.path("template")) : null;
            Set<dev.loyaltykit.core.Channel> channels = strings(o, "channels", text -> {
                try {
                    return dev.loyaltykit.core.Channel.valueOf(text);
                } catch (IllegalArgumentException e) {
                    throw new InvalidArgumentException("channels", "unknown value " + quote(text) + "; allowed: "
                            + Arrays.toString(dev.loyaltykit.core.Channel.values()));
                }
            });
            List<dev.loyaltykit.core.Channel> ordered = new ArrayList<>(channels);
            Set<String> tierIds = strings(o, "tiers", text -> text);
            Set<String> segmentIds = strings(o, "segments", text -> text);
            Map<String, String> attributes = attributes(o);
            Optional<LocalDate> from = optionalDate(o, "from");
            Optional<LocalDate> to = optionalDate(o, "to");
            BigDecimal control = o.has("controlPercent") ? decimal(o.get("controlPercent"), o.path("controlPercent"))
                    : BigDecimal.ZERO;
            Optional<Period> window = optionalPeriod(o, "attributionWindow");
            if (errors.size() != before || id == null || trigger == null || expire == null || from == null || to == null
                    || control == null || window == null) {
                continue;
            }
            Campaign c = build(cPath, CAMPAIGN, () -> new Campaign(id, trigger,
                    points == null ? OptionalLong.empty() : OptionalLong.of(points), expire, Optional.ofNullable(template),
                    ordered, tierIds, attributes, from, to, control, window.orElse(Period.ofDays(30)), segmentIds));
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    private Trigger trigger(JsonNode node, String path) {
        Obj o = object(node, path, TRIGGER);
        if (o == null) {
            return null;
        }
        String type = requiredString(o, "type");
        if (type == null) {
            return null;
        }
        switch (type) {
            case "welcome": {
                dev.loyaltykit.core.Channel channel = o.has("onConsent")
                        ? enumValue(o.get("onConsent"), o.path("onConsent"), dev.loyaltykit.core.Channel.values()) : null;
                return o.has("onConsent") && channel == null ? null : new Trigger.Welcome(Optional.ofNullable(channel));
            }
            case "birthday": {
                Integer days = o.has("daysBefore") ? int32(o.get("daysBefore"), o.path("daysBefore")) : Integer.valueOf(0);
                return days == null ? null : build(path, TRIGGER, () -> new Trigger.Birthday(days));
            }
            case "winBack": {
                Integer days = o.has("inactiveDays") ? int32(o.get("inactiveDays"), o.path("inactiveDays"))
                        : missing(o, "inactiveDays");
                return days == null ? null : build(path, TRIGGER, () -> new Trigger.WinBack(days));
            }
            case "expiryReminder": {
                Integer days = o.has("daysBefore") ? int32(o.get("daysBefore"), o.path("daysBefore"))
                        : missing(o, "daysBefore");
                return days == null ? null : build(path, TRIGGER, () -> new Trigger.ExpiryReminder(days));
            }
            case "anniversary":
                return new Trigger.Anniversary();
            case "segmentEntered": {
                String segment = requiredString(o, "segment");
                return segment == null ? null : build(path, TRIGGER, () -> new Trigger.SegmentEntered(segment));
            }
            default:
                error(o.path("type"), "unknown trigger " + quote(type)
                        + "; known triggers: [welcome, birthday, winBack, expiryReminder, anniversary, segmentEntered]");
                return null;
        }
    }

    // ---------------------------------------------------------------- tiers

    private TierScheme tiers(JsonNode node, String path) {
        Obj o = object(node, path, TIERS);
        if (o == null) {
            return null;
        }
        int before = errors.size();
        TierMetric metric = o.has("metric") ? enumValue(o.get("metric"), o.path("metric"), TierMetric.values())
                : missing(o, "metric");
        TierWindow.Kind kind = o.has("window") ? enumValue(o.get("window"), o.path("window"), TierWindow.Kind.values())
                : TierWindow.Kind.LIFETIME;
        Integer months = o.has("months") ? int32(o.get("months"), o.path("months")) : Integer.valueOf(0);
        TierWindow window = kind == null || months == null ? null
                : build(path, TIERS, () -> new TierWindow(kind, months));
        TierPolicy.Review review = o.has("review")
                ? enumValue(o.get("review"), o.path("review"), TierPolicy.Review.values())
                : TierPolicy.Review.CALENDAR_YEAR_END;
        Optional<Period> grace = optionalPeriod(o, "grace");
        Boolean drop = optionalBoolean(o, "dropAtMostOneTier", false);
        TierPolicy policy = review == null || grace == null || drop == null ? null
                : build(path, TIERS, () -> new TierPolicy(review, grace, drop));
        List<Tier> levels = new ArrayList<>();
        if (!o.has("levels")) {
            missing(o, "levels");
        } else if (!o.get("levels").isArray()) {
            typeError(o.path("levels"), "an array of tiers", o.get("levels"));
        } else {
            JsonNode array = o.get("levels");
            for (int i = 0; i < array.size(); i++) {
                Tier tier = tier(array.get(i), o.path("levels") + "[" + i + "]");
                if (tier != null) {
                    levels.add(tier);
                }
            }
        }
        if (errors.size() != before || metric == null || window == null || policy == null) {
            return null;
        }
        return build(path, TIERS, () -> new TierScheme(metric, window, levels, policy));
    }

    private Tier tier(JsonNode node, String path) {
        Obj o = object(node, path, TIER);
        if (o == null) {
            return null;
        }
        int before = errors.size();
        String id = requiredString(o, "id");
        String name = o.has("name") ? string(o.get("name"), o.path("name")) : id;
        BigDecimal threshold = requiredDecimal(o, "threshold");
        BigDecimal multiplier = o.has("accrualMultiplier")
                ? decimal(o.get("accrualMultiplier"), o.path("accrualMultiplier")) : BigDecimal.ONE;
        BigDecimal discount = o.has("discountPercent") ? decimal(o.get("discountPercent"), o.path("discountPercent"))
                : BigDecimal.ZERO;
        RedemptionPolicy redemption = o.has("redemption") ? redemption(o.get("redemption"), o.path("redemption"))
                : null;
        Set<String> perks = strings(o, "perks", text -> text);
        if (errors.size() != before || id == null || name == null || threshold == null || multiplier == null
                || discount == null) {
            return null;
        }
        TierBenefits benefits = build(path, TIER, () -> new TierBenefits(multiplier, discount,
                Optional.ofNullable(redemption), perks));
        return benefits == null ? null : build(path, TIER, () -> new Tier(id, name, threshold, benefits));
    }

    // ---------------------------------------------------------------- redemption and rewards

    private RedemptionPolicy redemption(JsonNode node, String path) {
        Obj o = object(node, path, REDEMPTION);
        if (o == null) {
            return null;
        }
        int before = errors.size();
        RedemptionPolicy d = RedemptionPolicy.UNLIMITED;
        BigDecimal share = o.has("maxSharePercent") ? decimal(o.get("maxSharePercent"), o.path("maxSharePercent"))
                : null;
        Money cash = o.has("minCashPart") ? money(o.get("minCashPart"), o.path("minCashPart")) : null;
        Long minPoints = o.has("minPoints") ? int64(o.get("minPoints"), o.path("minPoints")) : Long.valueOf(0);
        Long step = o.has("step") ? int64(o.get("step"), o.path("step")) : Long.valueOf(1);
        Long minBalance = o.has("minBalance") ? int64(o.get("minBalance"), o.path("minBalance")) : Long.valueOf(0);
        Set<String> categories = strings(o, "excludedCategories", text -> text);
        Set<String> skus = strings(o, "excludedSkus", text -> text);
        Boolean shipping = optionalBoolean(o, "shippingPayable", d.shippingPayable());
        if (errors.size() != before || minPoints == null || step == null || minBalance == null || shipping == null) {
            return null;
        }
        return build(path, REDEMPTION, () -> new RedemptionPolicy(Optional.ofNullable(share), Optional.ofNullable(cash),
                minPoints, step, minBalance, categories, skus, shipping));
    }

    private List<Reward> rewards(JsonNode node, String path) {
        List<Reward> rewards = new ArrayList<>();
        if (!node.isArray()) {
            typeError(path, "an array of rewards", node);
            return rewards;
        }
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String rewardPath = path + "[" + i + "]";
            Obj o = object(node.get(i), rewardPath, REWARD);
            if (o == null) {
                continue;
            }
            int before = errors.size();
            String id = requiredString(o, "id");
            if (id != null) {
                String first = seen.putIfAbsent(id, rewardPath);
                if (first != null) {
                    error(o.path("id"), "reward id " + quote(id) + " is already used by the reward at " + first);
                }
            }
            String name = o.has("name") ? string(o.get("name"), o.path("name")) : id;
            Long points = requiredInt64(o, "points");
            Long stock = o.has("stock") ? int64(o.get("stock"), o.path("stock")) : null;
            Integer perMember = o.has("perMember") ? int32(o.get("perMember"), o.path("perMember")) : null;
            LimitPeriod period = o.has("period") ? enumValue(o.get("period"), o.path("period"), LimitPeriod.values())
                    : LimitPeriod.EVER;
            if (errors.size() != before || id == null || name == null || points == null || period == null) {
                continue;
            }
            Reward reward = build(rewardPath, REWARD, () -> new Reward(id, name, points,
                    stock == null ? OptionalLong.empty() : OptionalLong.of(stock),
                    perMember == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(perMember), period));
            if (reward != null) {
                rewards.add(reward);
            }
        }
        return rewards;
    }

    // ---------------------------------------------------------------- referral

    private Optional<ReferralScheme> referral(JsonNode node, String path) {
        Obj o = object(node, path, REFERRAL);
        if (o == null) {
            return null;
        }
        int before = errors.size();
        FriendReward sampleReward = FriendReward.points(1);
        Long points = requiredInt64(o, "referrerPoints");
        if (points != null) {
            probe(path, REFERRAL, () -> ReferralScheme.of(points, sampleReward));
        }
        FriendReward friend = o.has("friendReward") ? friendReward(o.get("friendReward"), o.path("friendReward"))
                : missing(o, "friendReward");
        Money min = o.has("minPurchase") ? money(o.get("minPurchase"), o.path("minPurchase")) : null;
        if (min != null) {
            probe(path, REFERRAL, () -> ReferralScheme.of(1, sampleReward).withMinPurchase(min));
        }
        Optional<Period> within = optionalPeriod(o, "qualifyWithin");
        if (within != null && within.isPresent()) {
            probe(path, REFERRAL, () -> ReferralScheme.of(1, sampleReward).withQualifyWithin(within.get()));
        }
        Set<String> categories = strings(o, "excludedCategories", text -> {
            ReferralScheme.of(1, sampleReward).withExcludedCategories(text);
            return text;
        });
        Optional<Period> maturity = optionalPeriod(o, "maturity");
        if (maturity != null && maturity.isPresent()) {
            probe(path, REFERRAL, () -> ReferralScheme.of(1, sampleReward).withMaturity(maturity.get()));
        }
        Optional<Duration> grace = optionalDuration(o, "existingMemberGrace");
        if (grace != null && grace.isPresent()) {
            probe(path, REFERRAL, () -> ReferralScheme.of(1, sampleReward).withExistingMemberGrace(grace.get()));
        }
        ReferralLimits limits = o.has("limits") ? referralLimits(o.get("limits"), o.path("limits"))
                : ReferralLimits.NONE;
        if (errors.size() != before || points == null || friend == null || within == null || maturity == null
                || grace == null || limits == null) {
            return null;
        }
        return Optional.ofNullable(build(path, REFERRAL, () -> new ReferralScheme(points, friend,
                Optional.ofNullable(min), within, categories, maturity.orElse(ReferralScheme.DEFAULT_MATURITY),
                limits, grace.orElse(ReferralScheme.DEFAULT_GRACE))));
    }

    private FriendReward friendReward(JsonNode node, String path) {
        if (!node.isObject()) {
            typeError(path, "an object", node);
            return null;
        }
        JsonNode typeNode = node.get("type");
        String typePath = field(path, "type");
        if (typeNode == null) {
            error(typePath, "required field is missing; known types: " + List.of(FRIEND_POINTS, FRIEND_DISCOUNT));
            return null;
        }
        String type = string(typeNode, typePath);
        if (type == null) {
            return null;
        }
        if (!FRIEND_REWARDS.containsKey(type)) {
            error(typePath, "unknown type " + quote(type) + "; known types: " + List.of(FRIEND_POINTS, FRIEND_DISCOUNT));
            return null;
        }
        List<String> fields = FRIEND_REWARDS.get(type);
        int before = errors.size();
        Obj o = object(node, path, fields);
        if (FRIEND_POINTS.equals(type)) {
            Long points = requiredInt64(o, "points");
            return errors.size() != before || points == null ? null
                    : build(path, fields, () -> FriendReward.points(points));
        }
        BigDecimal percent = requiredDecimal(o, "percent");
        return errors.size() != before || percent == null ? null
                : build(path, fields, () -> new FriendReward.Discount(percent));
    }

    private ReferralLimits referralLimits(JsonNode node, String path) {
        Obj o = object(node, path, REFERRAL_LIMITS);
        if (o == null) {
            return null;
        }
        int before = errors.size();
        Integer perReferrer = o.has("perReferrer") ? int32(o.get("perReferrer"), o.path("perReferrer")) : null;
        if (perReferrer != null) {
            probe(path, REFERRAL_LIMITS, () -> ReferralLimits.NONE.perReferrer(perReferrer, LimitPeriod.EVER));
        }
        LimitPeriod period = o.has("period") ? enumValue(o.get("period"), o.path("period"), LimitPeriod.values())
                : LimitPeriod.EVER;
        Integer total = o.has("referrerTotal") ? int32(o.get("referrerTotal"), o.path("referrerTotal")) : null;
        if (total != null) {
            probe(path, REFERRAL_LIMITS, () -> ReferralLimits.NONE.referrerTotal(total));
        }
        Integer perFingerprint = o.has("perFingerprint") ? int32(o.get("perFingerprint"), o.path("perFingerprint"))
                : null;
        if (perFingerprint != null) {
            probe(path, REFERRAL_LIMITS, () -> ReferralLimits.NONE.perFingerprint(perFingerprint));
        }
        if (errors.size() != before || period == null) {
            return null;
        }
        return build(path, REFERRAL_LIMITS, () -> new ReferralLimits(optionalInt(perReferrer), period,
                optionalInt(total), optionalInt(perFingerprint)));
    }

    private static OptionalInt optionalInt(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    // ---------------------------------------------------------------- rules

    private void accrual(JsonNode node, String path, List<PurchaseRule> purchaseRules, List<ActionReward> actionRules) {
        if (!node.isArray()) {
            typeError(path, "an array of rules", node);
            return;
        }
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String rulePath = path + "[" + i + "]";
            JsonNode element = node.get(i);
            if (!element.isObject()) {
                typeError(rulePath, "a rule object", element);
                continue;
            }
            String type = ruleType(element, rulePath);
            if (type == null) {
                continue;
            }
            Obj o = object(element, rulePath, KINDS.get(type));
            String id = requiredString(o, "id");
            if (id != null) {
                String first = seen.putIfAbsent(id, rulePath);
                if (first != null) {
                    error(o.path("id"), "rule id " + quote(id) + " is already used by the rule at " + first);
                }
            }
            if (ACTION.equals(type)) {
                ActionReward rule = action(o, id);
                if (rule != null) {
                    actionRules.add(rule);
                }
            } else {
                PurchaseRule rule = purchaseRule(o, type, id);
                if (rule != null) {
                    purchaseRules.add(rule);
                }
            }
        }
    }

    private String ruleType(JsonNode element, String rulePath) {
        JsonNode typeNode = element.get("type");
        String typePath = field(rulePath, "type");
        if (typeNode == null) {
            error(typePath, "required field is missing; known types: " + KINDS.keySet());
            return null;
        }
        String type = string(typeNode, typePath);
        if (type != null && !KINDS.containsKey(type)) {
            error(typePath, "unknown type " + quote(type) + "; known types: " + KINDS.keySet());
            return null;
        }
        return type;
    }

    /** Reads a purchase rule's fields in the documented order: id, the kind's own fields, the common settings. */
    private PurchaseRule purchaseRule(Obj o, String type, String id) {
        int before = errors.size();
        List<String> fields = o.allowed;
        if (id != null) {
            probe(o.path, fields, () -> RuleSettings.of(id));
        }
        Function<RuleSettings, PurchaseRule> rule;
        switch (type) {
            case PERCENT_OF_SPEND: {
                BigDecimal percent = requiredDecimal(o, "percent");
                if (percent != null) {
                    probe(o.path, fields, () -> new PercentOfSpend(SAMPLE_SETTINGS, percent));
                }
                rule = settings -> new PercentOfSpend(settings, percent);
                break;
            }
            case POINTS_PER_SPEND: {
                Long points = requiredInt64(o, "points");
                if (points != null && currency != null) {
                    probe(o.path, fields, () -> PointsPerSpend.of(SAMPLE_ID, points, Money.of(BigDecimal.ONE, currency)));
                }
                Money per = o.has("per") ? money(o.get("per"), o.path("per")) : missing(o, "per");
                if (per != null) {
                    probe(o.path, fields, () -> PointsPerSpend.of(SAMPLE_ID, 1, per));
                }
                PointsPerSpend.Scope scope = o.has("scope")
                        ? enumValue(o.get("scope"), o.path("scope"), PointsPerSpend.Scope.values())
                        : PointsPerSpend.Scope.ORDER;
                rule = settings -> new PointsPerSpend(settings, points, per, scope);
                break;
            }
            case LINE_BONUS: {
                Long points = requiredInt64(o, "points");
                if (points != null) {
                    probe(o.path, fields, () -> LineBonus.of(SAMPLE_SETTINGS, points));
                }
                Boolean perUnit = optionalBoolean(o, "perUnit", false);
                rule = settings -> new LineBonus(settings, points, perUnit);
                break;
            }
            case ORDER_BONUS: {
                Long points = requiredInt64(o, "points");
                if (points != null) {
                    probe(o.path, fields, () -> OrderBonus.of(SAMPLE_SETTINGS, points));
                }
                Boolean firstOnly = optionalBoolean(o, "firstPurchaseOnly", false);
                rule = settings -> new OrderBonus(settings, points, firstOnly);
                break;
            }
            case MULTIPLIER: {
                BigDecimal factor = requiredDecimal(o, "factor");
                if (factor != null) {
                    probe(o.path, fields, () -> new Multiplier(SAMPLE_SETTINGS, factor));
                }
                rule = settings -> new Multiplier(settings, factor);
                break;
            }
            default:
                throw new IllegalStateException("no reader for rule type " + type);
        }
        RuleSettings settings = settings(o, id);
        if (errors.size() != before || settings == null || currency == null) {
            return null;
        }
        return build(o.path, fields, () -> rule.apply(settings));
    }

    /** The common settings of a purchase rule whose id was checked already. */
    private RuleSettings settings(Obj o, String id) {
        int before = errors.size();
        List<String> fields = o.allowed;
        RuleFilter filter = o.has("filter") ? filter(o.get("filter"), o.path("filter"), false) : RuleFilter.ANY;
        Schedule schedule = o.has("schedule") ? schedule(o.get("schedule"), o.path("schedule")) : Schedule.ALWAYS;
        Caps caps = o.has("caps") ? caps(o.get("caps"), o.path("caps")) : Caps.NONE;
        Optional<Money> minSpend = Optional.empty();
        if (o.has("minSpend")) {
            Money value = money(o.get("minSpend"), o.path("minSpend"));
            minSpend = value == null ? null : Optional.of(value);
            if (value != null) {
                probe(o.path, fields, () -> RuleSettings.of(SAMPLE_ID).withMinSpend(value));
            }
        }
        Optional<String> group = Optional.empty();
        if (o.has("exclusiveGroup")) {
            String value = string(o.get("exclusiveGroup"), o.path("exclusiveGroup"));
            group = value == null ? null : Optional.of(value);
            if (value != null) {
                probe(o.path, fields, () -> RuleSettings.of(SAMPLE_ID).withExclusiveGroup(value));
            }
        }
        Integer priority = o.has("priority") ? int32(o.get("priority"), o.path("priority")) : Integer.valueOf(0);
        RoundingMode rounding = RoundingMode.DOWN;
        if (o.has("rounding")) {
            rounding = enumValue(o.get("rounding"), o.path("rounding"), roundingModes(), RoundingMode.values());
            RoundingMode value = rounding;
            if (value != null && !probe(o.path, fields, () -> RuleSettings.of(SAMPLE_ID).withRounding(value))) {
                rounding = null;
            }
        }
        if (errors.size() != before || id == null || minSpend == null || group == null || priority == null
                || rounding == null) {
            return null;
        }
        Optional<Money> minSpendValue = minSpend;
        Optional<String> groupValue = group;
        RoundingMode roundingValue = rounding;
        return build(o.path, fields, () -> new RuleSettings(id, filter, schedule, caps, minSpendValue, groupValue,
                priority, roundingValue));
    }

    private static RoundingMode[] roundingModes() {
        return Arrays.stream(RoundingMode.values()).filter(m -> m != RoundingMode.UNNECESSARY)
                .toArray(RoundingMode[]::new);
    }

    private ActionReward action(Obj o, String id) {
        int before = errors.size();
        List<String> fields = o.allowed;
        if (id != null) {
            probe(o.path, fields, () -> ActionReward.once(id, SAMPLE_ID, 1));
        }
        String action = requiredString(o, "action");
        if (action != null) {
            probe(o.path, fields, () -> ActionReward.once(SAMPLE_ID, action, 1));
        }
        Long points = requiredInt64(o, "points");
        if (points != null) {
            probe(o.path, fields, () -> ActionReward.once(SAMPLE_ID, SAMPLE_ID, points));
        }
        Integer limit = o.has("limit") ? int32(o.get("limit"), o.path("limit")) : Integer.valueOf(1);
        if (limit != null) {
            probe(o.path, fields, () -> ActionReward.once(SAMPLE_ID, SAMPLE_ID, 1).limit(limit, LimitPeriod.EVER));
        }
        LimitPeriod period = o.has("period") ? enumValue(o.get("period"), o.path("period"), LimitPeriod.values())
                : LimitPeriod.EVER;
        Schedule schedule = o.has("schedule") ? schedule(o.get("schedule"), o.path("schedule")) : Schedule.ALWAYS;
        RuleFilter filter = o.has("filter") ? filter(o.get("filter"), o.path("filter"), true) : RuleFilter.ANY;
        if (errors.size() != before || id == null) {
            return null;
        }
        return build(o.path, fields, () -> new ActionReward(id, action, points, limit, period, schedule, filter));
    }

    /** The {@code memberAttributes} object of an element: attribute names to string values. */
    private Map<String, String> attributes(Obj o) {
        Map<String, String> attributes = new TreeMap<>();
        if (o.has("memberAttributes")) {
            JsonNode attrs = o.get("memberAttributes");
            String attrsPath = o.path("memberAttributes");
            if (!attrs.isObject()) {
                typeError(attrsPath, "an object of attribute names to values", attrs);
            } else {
                for (Map.Entry<String, JsonNode> e : attrs.properties()) {
                    String value = string(e.getValue(), field(attrsPath, e.getKey()));
                    if (value != null) {
                        attributes.put(e.getKey(), value);
                    }
                }
            }
        }
        return attributes;
    }

    private RuleFilter filter(JsonNode node, String path, boolean actionRule) {
        Obj o = actionRule
                ? object(node, path, ACTION_FILTER, name -> FILTER.contains(name)
                        ? "does not apply to action rules, which have no order or lines; allowed: " + ACTION_FILTER
                        : null)
                : object(node, path, FILTER);
        if (o == null) {
            return null;
        }
        int before = errors.size();
        Set<String> categories = strings(o, "categories", s -> s);
        Set<String> skus = strings(o, "skus", s -> s);
        Set<String> excludeCategories = strings(o, "excludeCategories", s -> s);
        Set<String> excludeSkus = strings(o, "excludeSkus", s -> s);
        Set<PartnerId> partners = strings(o, "partners", PartnerId::of);
        Set<String> channels = strings(o, "channels", s -> s);
        Set<String> segments = strings(o, "segments", s -> s);
        Map<String, String> attributes = attributes(o);
        if (errors.size() != before) {
            return null;
        }
        return new RuleFilter(categories, skus, excludeCategories, excludeSkus, partners, channels, attributes,
                segments);
    }

    private Schedule schedule(JsonNode node, String path) {
        Obj o = object(node, path, SCHEDULE);
        if (o == null) {
            return null;
        }
        int before = errors.size();
        Optional<LocalDate> fromDate = optionalDate(o, "fromDate");
        Optional<LocalDate> toDate = optionalDate(o, "toDate");
        if (fromDate != null && toDate != null) {
            probe(path, SCHEDULE, () -> new Schedule(fromDate, toDate, Set.of(), Optional.empty(), Optional.empty()));
        }
        Set<DayOfWeek> days = new HashSet<>();
        if (o.has("daysOfWeek")) {
            JsonNode array = o.get("daysOfWeek");
            String arrayPath = o.path("daysOfWeek");
            if (!array.isArray()) {
                typeError(arrayPath, "an array of days such as [\"MONDAY\", \"FRIDAY\"]", array);
            } else {
                for (int i = 0; i < array.size(); i++) {
                    DayOfWeek day = enumValue(array.get(i), arrayPath + "[" + i + "]", DayOfWeek.values());
                    if (day != null) {
                        days.add(day);
                    }
                }
            }
        }
        Optional<LocalTime> fromTime = optionalTime(o, "fromTime");
        Optional<LocalTime> untilTime = optionalTime(o, "untilTime");
        if (fromTime != null && untilTime != null) {
            probe(path, SCHEDULE, () -> new Schedule(Optional.empty(), Optional.empty(), Set.of(), fromTime,
                    untilTime));
        }
        if (errors.size() != before) {
            return null;
        }
        return build(path, SCHEDULE, () -> new Schedule(fromDate, toDate, days, fromTime, untilTime));
    }

    // ---------------------------------------------------------------- values

    private Obj object(JsonNode node, String path, List<String> allowed) {
        return object(node, path, allowed, name -> null);
    }

    /**
     * Checks that a node is an object with only allowed fields, reporting each other field.
     *
     * @param why a message for a field that is not allowed, or null for "unknown field"
     */
    private Obj object(JsonNode node, String path, List<String> allowed, Function<String, String> why) {
        if (!node.isObject()) {
            typeError(path, "an object", node);
            return null;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String name = e.getKey();
            if (!allowed.contains(name)) {
                String message = why.apply(name);
                error(field(path, name), message != null ? message
                        : "unknown field " + quote(name) + "; allowed: " + allowed);
            }
        }
        return new Obj(node, path, allowed);
    }

    /** A JSON object with its path and the fields its kind allows. */
    private static final class Obj {
        final JsonNode node;
        final String path;
        final List<String> allowed;

        Obj(JsonNode node, String path, List<String> allowed) {
            this.node = node;
            this.path = path;
            this.allowed = allowed;
        }

        boolean has(String name) {
            return allowed.contains(name) && node.has(name);
        }

        JsonNode get(String name) {
            return allowed.contains(name) ? node.get(name) : null;
        }

        String path(String name) {
            return field(path, name);
        }
    }

    private <T> T missing(Obj o, String name) {
        error(o.path(name), "required field is missing");
        return null;
    }

    private String requiredString(Obj o, String name) {
        return o.has(name) ? string(o.get(name), o.path(name)) : missing(o, name);
    }

    private Long requiredInt64(Obj o, String name) {
        return o.has(name) ? int64(o.get(name), o.path(name)) : missing(o, name);
    }

    private BigDecimal requiredDecimal(Obj o, String name) {
        return o.has(name) ? decimal(o.get(name), o.path(name)) : missing(o, name);
    }

    private Boolean optionalBoolean(Obj o, String name, boolean defaultValue) {
        if (!o.has(name)) {
            return defaultValue;
        }
        JsonNode node = o.get(name);
        if (!node.isBoolean()) {
            typeError(o.path(name), "true or false", node);
            return null;
        }
        return node.booleanValue();
    }

    private String string(JsonNode node, String path) {
        if (!node.isTextual()) {
            typeError(path, "a string", node);
            return null;
        }
        return node.textValue();
    }

    /** The strings of an array field, each converted by a model factory whose error names the element. */
    private <T> Set<T> strings(Obj o, String name, Function<String, T> factory) {
        Set<T> values = new LinkedHashSet<>();
        if (!o.has(name)) {
            return values;
        }
        JsonNode array = o.get(name);
        String path = o.path(name);
        if (!array.isArray()) {
            typeError(path, "an array of strings", array);
            return values;
        }
        for (int i = 0; i < array.size(); i++) {
            String elementPath = path + "[" + i + "]";
            String text = string(array.get(i), elementPath);
            if (text != null) {
                T value = build(elementPath, List.of(), () -> factory.apply(text));
                if (value != null) {
                    values.add(value);
                }
            }
        }
        return values;
    }

    private Long int64(JsonNode node, String path) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isIntegralNumber()) {
            error(path, "must be at most " + Long.MAX_VALUE + " and at least " + Long.MIN_VALUE + ", but was "
                    + node.asText());
        } else {
            typeError(path, "a whole number", node);
        }
        return null;
    }

    private Integer int32(JsonNode node, String path) {
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (node.isIntegralNumber()) {
            error(path, "must be at most " + Integer.MAX_VALUE + " and at least " + Integer.MIN_VALUE
                    + ", but was " + node.asText());
        } else {
            typeError(path, "a whole number", node);
        }
        return null;
    }

    private BigDecimal decimal(JsonNode node, String path) {
        BigDecimal value;
        if (node.isTextual()) {
            String text = node.textValue();
            if (!DECIMAL.matcher(text).matches()) {
                error(path, "must be a decimal number such as \"12.50\" (at most " + MAX_DIGITS
                        + " digits before and after the point), but was " + quote(text));
                return null;
            }
            value = new BigDecimal(text);
        } else if (node.isNumber()) {
            value = node.decimalValue();
            if (value.precision() - value.scale() > MAX_DIGITS || value.scale() > MAX_DIGITS) {
                error(path, "must have at most " + MAX_DIGITS + " digits before and after the point, but was "
                        + node.asText());
                return null;
            }
        } else {
            typeError(path, "a decimal number or a string such as \"12.50\"", node);
            return null;
        }
        return value;
    }

    /** An amount in the program currency; null without an error of its own when the currency is unknown. */
    private Money money(JsonNode node, String path) {
        BigDecimal amount = decimal(node, path);
        if (amount == null || currency == null) {
            return null;
        }
        int scale = Money.scaleOf(currency);
        if (amount.stripTrailingZeros().scale() > scale) {
            error(path, (scale == 0 ? "must be a whole amount in " + currency.getCurrencyCode()
                    : "must have at most " + scale + " decimals in " + currency.getCurrencyCode())
                    + ", but was " + amount.toPlainString());
            return null;
        }
        return Money.of(amount, currency);
    }

    private Optional<Period> optionalPeriod(Obj o, String name) {
        return optionalParsed(o, name, Period::parse, "an ISO-8601 period such as P14D or P1Y");
    }

    private Optional<Duration> optionalDuration(Obj o, String name) {
        return optionalParsed(o, name, Duration::parse, "an ISO-8601 duration such as PT24H or P1D");
    }

    private Optional<LocalDate> optionalDate(Obj o, String name) {
        return optionalParsed(o, name, LocalDate::parse, "an ISO-8601 date such as 2026-12-31");
    }

    private Optional<LocalTime> optionalTime(Obj o, String name) {
        return optionalParsed(o, name, LocalTime::parse, "an ISO-8601 time such as 09:30");
    }

    /**
     * Reads an optional text field through {@code parser}: empty when absent, {@code null} (with an error
     * recorded) when present but not a string or not parseable — the reader's usual "already reported" value.
     */
    private <T> Optional<T> optionalParsed(Obj o, String name, Function<String, T> parser, String expected) {
        if (!o.has(name)) {
            return Optional.empty();
        }
        String text = string(o.get(name), o.path(name));
        if (text == null) {
            return null;
        }
        try {
            return Optional.of(parser.apply(text));
        } catch (DateTimeParseException e) {
            error(o.path(name), "must be " + expected + ", but was " + quote(text));
            return null;
        }
    }

    private <E extends Enum<E>> E enumValue(JsonNode node, String path, E[] allowed) {
        return enumValue(node, path, allowed, allowed);
    }

    /** A constant of {@code accepted} by name; the message lists {@code allowed}. */
    private <E extends Enum<E>> E enumValue(JsonNode node, String path, E[] allowed, E[] accepted) {
        String text = string(node, path);
        if (text == null) {
            return null;
        }
        for (E value : accepted) {
            if (value.name().equals(text)) {
                return value;
            }
        }
        error(path, "unknown value " + quote(text) + "; allowed: " + Arrays.toString(allowed));
        return null;
    }

    // ---------------------------------------------------------------- errors

    /**
     * Runs a model constructor on its own, recording its error against the element.
     *
     * @return true if the model accepted the values
     */
    private boolean probe(String path, List<String> fields, Runnable probe) {
        return build(path, fields, () -> {
            probe.run();
            return Boolean.TRUE;
        }) != null;
    }

    /**
     * Builds a model value, turning its exception into an error at the path of the element, or of
     * the element's field when the exception names one.
     */
    private <T> T build(String path, List<String> fields, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (InvalidArgumentException e) {
            String argument = jsonName(e.argument());
            String prefix = e.argument() + ": ";
            String message = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length())
                    : e.getMessage();
            error(fields.contains(argument) ? field(path, argument) : path, message);
            return null;
        } catch (LoyaltyException e) {
            error(path, e.getMessage());
            return null;
        }
    }

    /** The JSON name of a model argument where the two differ. */
    private static String jsonName(String argument) {
        switch (argument) {
            case "zone":
                return "timeZone";
            case "rules":
                return "accrual";
            default:
                return argument;
        }
    }

    private void typeError(String path, String expected, JsonNode actual) {
        error(path, "must be " + expected + ", but was " + describe(actual));
    }

    private void error(String path, String message) {
        if (errors.size() >= MAX_ERRORS) {
            suppressed++;
        } else {
            errors.add(new DefinitionError(path, message));
        }
    }

    private static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "the string " + quote(node.textValue());
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isNumber() && node.isBigDecimal()) {
            return node.decimalValue().toPlainString();
        }
        return node.asText();
    }

    /** The path of a field of the object at {@code path}, e.g. {@code $.caps.perOrder} or {@code $['a b']}. */
    static String field(String path, String name) {
        if (SIMPLE_KEY.matcher(name).matches()) {
            return path + "." + name;
        }
        return path + "[" + quote(name) + "]";
    }

    /** A string in single quotes, with quotes, backslashes and control characters escaped, cut at 80 characters. */
    static String quote(String text) {
        StringBuilder b = new StringBuilder("'");
        int max = Math.min(text.length(), 80);
        for (int i = 0; i < max; i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '\\') {
                b.append('\\').append(c);
            } else if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (text.length() > max) {
            b.append("...");
        }
        return b.append('\'').toString();
    }
}
