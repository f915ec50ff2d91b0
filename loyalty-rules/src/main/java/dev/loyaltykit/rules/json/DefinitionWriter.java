package dev.loyaltykit.rules.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loyaltykit.core.InvalidArgumentException;
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
import dev.loyaltykit.rules.tier.TierPolicy;
import dev.loyaltykit.rules.tier.TierScheme;
import dev.loyaltykit.rules.referral.FriendReward;
import dev.loyaltykit.rules.referral.ReferralLimits;
import dev.loyaltykit.rules.referral.ReferralScheme;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Turns a {@link ProgramDefinition} into the JSON tree {@link DefinitionReader} reads: fields in
 * a fixed order, optional fields left out where they have their default, decimals as strings.
 * Stateless.
 */
final class DefinitionWriter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DefinitionWriter() {
    }

    static ObjectNode write(ProgramDefinition definition) {
        ObjectNode root = NODES.objectNode();
        root.put("schemaVersion", DefinitionReader.SCHEMA_VERSION);
        root.put("id", definition.id());
        root.put("name", definition.name());
        root.put("currency", definition.currency().getCurrencyCode());
        root.put("timeZone", definition.zone().getId());
        root.put("pointValue", money(definition.pointValue()));
        if (!definition.earnBase().equals(EarnBase.DEFAULT)) {
            root.set("earnBase", earnBase(definition.earnBase()));
        }
        definition.pointsMatureAfter().ifPresent(p -> root.put("pointsMatureAfter", p.toString()));
        definition.pointsExpireAfter().ifPresent(p -> root.put("pointsExpireAfter", p.toString()));
        if (definition.returnPolicy() != ReturnPolicy.DEBT) {
            root.put("returnPolicy", definition.returnPolicy().name());
        }
        if (definition.caps().any()) {
            root.set("caps", caps(definition.caps()));
        }
        if (!definition.redemption().equals(RedemptionPolicy.UNLIMITED)) {
            root.set("redemption", redemption(definition.redemption()));
        }
        if (!definition.rewards().isEmpty()) {
            ArrayNode rewards = root.putArray("rewards");
            for (Reward r : definition.rewards()) {
                ObjectNode n = rewards.addObject();
                n.put("id", r.id());
                n.put("name", r.name());
                n.put("points", r.points());
                putIfPresent(n, "stock", r.stock());
                if (r.perMember().isPresent()) {
                    n.put("perMember", r.perMember().getAsInt());
                }
                if (r.period() != LimitPeriod.EVER) {
                    n.put("period", r.period().name());
                }
            }
        }
        definition.tiers().ifPresent(t -> root.set("tiers", tiers(t)));
        if (!definition.segments().isEmpty()) {
            ArrayNode segments = root.putArray("segments");
            for (SegmentDefinition d : definition.segments()) {
                ObjectNode n = segments.addObject();
                n.put("id", d.id());
                d.boughtWithinDays().ifPresent(v -> n.put("boughtWithinDays", v));
                d.sleepingDays().ifPresent(v -> n.put("sleepingDays", v));
                d.minOrders().ifPresent(v -> n.put("minOrders", v));
                d.minSpend().ifPresent(v -> n.put("minSpend", decimal(v)));
                if (!d.boughtCategories().isEmpty()) {
                    ArrayNode a = n.putArray("boughtCategories");
                    d.boughtCategories().forEach(a::add);
                }
                if (!d.tiers().isEmpty()) {
                    ArrayNode a = n.putArray("tiers");
                    d.tiers().forEach(a::add);
                }
                if (!d.memberAttributes().isEmpty()) {
                    ObjectNode a = n.putObject("memberAttributes");
                    d.memberAttributes().forEach(a::put);
                }
            }
        }
        if (!definition.partners().isEmpty()) {
            ArrayNode partners = root.putArray("partners");
            for (Partner p : definition.partners()) {
                ObjectNode n = partners.addObject();
                n.put("id", p.id().value());
                n.put("name", p.name());
                n.put("issueCost", money(p.issueCost()));
                n.put("redemptionCredit", money(p.redemptionCredit()));
                if (p.suspended()) {
                    n.put("suspended", true);
                }
            }
        }
        if (!definition.campaigns().isEmpty()) {
            ArrayNode campaigns = root.putArray("campaigns");
            definition.campaigns().forEach(c -> campaigns.add(campaign(c)));
        }
        if (!definition.purchaseRules().isEmpty() || !definition.actionRules().isEmpty()) {
            ArrayNode accrual = root.putArray("accrual");
            for (PurchaseRule rule : definition.purchaseRules()) {
                accrual.add(purchaseRule(rule));
            }
            for (ActionReward rule : definition.actionRules()) {
                accrual.add(action(rule));
            }
        }
        definition.referral().ifPresent(r -> root.set("referral", referral(r)));
        return root;
    }

    private static ObjectNode campaign(Campaign c) {
        ObjectNode n = NODES.objectNode();
        n.put("id", c.id());
        ObjectNode t = n.putObject("trigger");
        t.put("type", c.trigger().type());
        if (c.trigger() instanceof Trigger.Welcome w) {
            w.onConsent().ifPresent(ch -> t.put("onConsent", ch.name()));
        } else if (c.trigger() instanceof Trigger.Birthday b) {
            t.put("daysBefore", b.daysBefore());
        } else if (c.trigger() instanceof Trigger.WinBack w) {
            t.put("inactiveDays", w.inactiveDays());
        } else if (c.trigger() instanceof Trigger.ExpiryReminder r) {
            t.put("daysBefore", r.daysBefore());
        } else if (c.trigger() instanceof Trigger.SegmentEntered e) {
            t.put("segment", e.segment());
        }
        putIfPresent(n, "points", c.points());
        c.pointsExpireAfter().ifPresent(p -> n.put("pointsExpireAfter", p.toString()));
        c.template().ifPresent(v -> n.put("template", v));
        if (!c.channels().isEmpty()) {
            ArrayNode a = n.putArray("channels");
            c.channels().forEach(ch -> a.add(ch.name()));
        }
        if (!c.tiers().isEmpty()) {
            ArrayNode a = n.putArray("tiers");
            c.tiers().forEach(a::add);
        }
        if (!c.memberAttributes().isEmpty()) {
            ObjectNode a = n.putObject("memberAttributes");
            c.memberAttributes().forEach(a::put);
        }
        c.from().ifPresent(d -> n.put("from", d.toString()));
        c.to().ifPresent(d -> n.put("to", d.toString()));
        if (c.controlPercent().signum() != 0) {
            n.put("controlPercent", decimal(c.controlPercent()));
        }
        if (!c.attributionWindow().equals(java.time.Period.ofDays(30))) {
            n.put("attributionWindow", c.attributionWindow().toString());
        }
        putStrings(n, "segments", c.segments());
        return n;
    }

    private static ObjectNode tiers(TierScheme scheme) {
        ObjectNode node = NODES.objectNode();
        node.put("metric", scheme.metric().name());
        node.put("window", scheme.window().kind().name());
        if (scheme.window().months() != 0) {
            node.put("months", scheme.window().months());
        }
        if (scheme.policy().review() != TierPolicy.Review.CALENDAR_YEAR_END) {
            node.put("review", scheme.policy().review().name());
        }
        scheme.policy().grace().ifPresent(g -> node.put("grace", g.toString()));
        if (scheme.policy().dropAtMostOneTier()) {
            node.put("dropAtMostOneTier", true);
        }
        ArrayNode levels = node.putArray("levels");
        for (Tier t : scheme.tiers()) {
            ObjectNode n = levels.addObject();
            n.put("id", t.id());
            n.put("name", t.name());
            n.put("threshold", decimal(t.threshold()));
            if (t.benefits().accrualMultiplier().compareTo(BigDecimal.ONE) != 0) {
                n.put("accrualMultiplier", decimal(t.benefits().accrualMultiplier()));
            }
            if (t.benefits().discountPercent().signum() != 0) {
                n.put("discountPercent", decimal(t.benefits().discountPercent()));
            }
            t.benefits().redemption().ifPresent(r -> n.set("redemption", redemption(r)));
            if (!t.benefits().perks().isEmpty()) {
                ArrayNode perks = n.putArray("perks");
                t.benefits().perks().forEach(perks::add);
            }
        }
        return node;
    }

    private static ObjectNode referral(ReferralScheme r) {
        ObjectNode node = NODES.objectNode();
        node.put("referrerPoints", r.referrerPoints());
        ObjectNode friend = node.putObject("friendReward");
        if (r.friendReward() instanceof FriendReward.Points p) {
            friend.put("type", DefinitionReader.FRIEND_POINTS);
            friend.put("points", p.points());
        } else if (r.friendReward() instanceof FriendReward.Discount d) {
            friend.put("type", DefinitionReader.FRIEND_DISCOUNT);
            friend.put("percent", decimal(d.percent()));
        }
        r.minPurchase().ifPresent(m -> node.put("minPurchase", money(m)));
        r.qualifyWithin().ifPresent(p -> node.put("qualifyWithin", p.toString()));
        putStrings(node, "excludedCategories", r.excludedCategories());
        if (!r.maturity().equals(ReferralScheme.DEFAULT_MATURITY)) {
            node.put("maturity", r.maturity().toString());
        }
        if (!r.existingMemberGrace().equals(ReferralScheme.DEFAULT_GRACE)) {
            node.put("existingMemberGrace", r.existingMemberGrace().toString());
        }
        ReferralLimits limits = r.limits();
        if (!limits.equals(ReferralLimits.NONE)) {
            ObjectNode l = node.putObject("limits");
            limits.perReferrer().ifPresent(v -> l.put("perReferrer", v));
            if (limits.period() != LimitPeriod.EVER) {
                l.put("period", limits.period().name());
            }
            limits.referrerTotal().ifPresent(v -> l.put("referrerTotal", v));
            limits.perFingerprint().ifPresent(v -> l.put("perFingerprint", v));
        }
        return node;
    }

    private static ObjectNode redemption(RedemptionPolicy p) {
        RedemptionPolicy d = RedemptionPolicy.UNLIMITED;
        ObjectNode node = NODES.objectNode();
        p.maxSharePercent().ifPresent(v -> node.put("maxSharePercent", decimal(v)));
        p.minCashPart().ifPresent(v -> node.put("minCashPart", money(v)));
        if (p.minPoints() != d.minPoints()) {
            node.put("minPoints", p.minPoints());
        }
        if (p.step() != d.step()) {
            node.put("step", p.step());
        }
        if (p.minBalance() != d.minBalance()) {
            node.put("minBalance", p.minBalance());
        }
        if (!p.excludedCategories().isEmpty()) {
            ArrayNode a = node.putArray("excludedCategories");
            p.excludedCategories().forEach(a::add);
        }
        if (!p.excludedSkus().isEmpty()) {
            ArrayNode a = node.putArray("excludedSkus");
            p.excludedSkus().forEach(a::add);
        }
        putIfNot(node, "shippingPayable", p.shippingPayable(), d.shippingPayable());
        return node;
    }

    private static ObjectNode earnBase(EarnBase base) {
        EarnBase d = EarnBase.DEFAULT;
        ObjectNode node = NODES.objectNode();
        putIfNot(node, "includeTax", base.includeTax(), d.includeTax());
        putIfNot(node, "afterLineDiscounts", base.afterLineDiscounts(), d.afterLineDiscounts());
        putIfNot(node, "afterOrderDiscount", base.afterOrderDiscount(), d.afterOrderDiscount());
        putIfNot(node, "includeShipping", base.includeShipping(), d.includeShipping());
        putIfNot(node, "excludeGiftCards", base.excludeGiftCards(), d.excludeGiftCards());
        return node;
    }

    private static void putIfNot(ObjectNode node, String name, boolean value, boolean defaultValue) {
        if (value != defaultValue) {
            node.put(name, value);
        }
    }

    private static ObjectNode caps(Caps caps) {
        ObjectNode node = NODES.objectNode();
        putIfPresent(node, "perOrder", caps.perOrder());
        putIfPresent(node, "perMemberDay", caps.perMemberDay());
        putIfPresent(node, "perMemberMonth", caps.perMemberMonth());
        putIfPresent(node, "perMemberLifetime", caps.perMemberLifetime());
        return node;
    }

    private static void putIfPresent(ObjectNode node, String name, OptionalLong value) {
        if (value.isPresent()) {
            node.put(name, value.getAsLong());
        }
    }

    private static ObjectNode purchaseRule(PurchaseRule rule) {
        ObjectNode node = NODES.objectNode();
        if (rule instanceof PercentOfSpend r) {
            start(node, DefinitionReader.PERCENT_OF_SPEND, r.settings());
            node.put("percent", decimal(r.percent()));
        } else if (rule instanceof PointsPerSpend r) {
            start(node, DefinitionReader.POINTS_PER_SPEND, r.settings());
            node.put("points", r.points());
            node.put("per", money(r.per()));
            if (r.scope() != PointsPerSpend.Scope.ORDER) {
                node.put("scope", r.scope().name());
            }
        } else if (rule instanceof LineBonus r) {
            start(node, DefinitionReader.LINE_BONUS, r.settings());
            node.put("points", r.points());
            if (r.perUnit()) {
                node.put("perUnit", true);
            }
        } else if (rule instanceof OrderBonus r) {
            start(node, DefinitionReader.ORDER_BONUS, r.settings());
            node.put("points", r.points());
            if (r.firstPurchaseOnly()) {
                node.put("firstPurchaseOnly", true);
            }
        } else if (rule instanceof Multiplier r) {
            start(node, DefinitionReader.MULTIPLIER, r.settings());
            node.put("factor", decimal(r.factor()));
        } else {
            throw new InvalidArgumentException("rules", "rule '" + rule.settings().id() + "' of type '" + rule.type()
                    + "' (" + rule.getClass().getName() + ") is not a built-in kind; JSON holds only "
                    + DefinitionReader.KINDS.keySet());
        }
        settings(node, rule.settings());
        return node;
    }

    private static void start(ObjectNode node, String type, RuleSettings settings) {
        node.put("type", type);
        node.put("id", settings.id());
    }

    private static void settings(ObjectNode node, RuleSettings settings) {
        if (!settings.filter().equals(RuleFilter.ANY)) {
            node.set("filter", filter(settings.filter()));
        }
        if (!settings.schedule().equals(Schedule.ALWAYS)) {
            node.set("schedule", schedule(settings.schedule()));
        }
        if (settings.caps().any()) {
            node.set("caps", caps(settings.caps()));
        }
        settings.minSpend().ifPresent(m -> node.put("minSpend", money(m)));
        settings.exclusiveGroup().ifPresent(g -> node.put("exclusiveGroup", g));
        if (settings.priority() != 0) {
            node.put("priority", settings.priority());
        }
        if (settings.rounding() != RoundingMode.DOWN) {
            node.put("rounding", settings.rounding().name());
        }
    }

    private static ObjectNode action(ActionReward rule) {
        RuleFilter f = rule.filter();
        if (!(f.categories().isEmpty() && f.skus().isEmpty() && f.excludeCategories().isEmpty()
                && f.excludeSkus().isEmpty() && f.partners().isEmpty() && f.channels().isEmpty()
                && f.segments().isEmpty())) {
            throw new InvalidArgumentException("rules", "action rule '" + rule.id() + "' filters on order or line "
                    + "parts, which action rules ignore; JSON holds only memberAttributes for action rules");
        }
        ObjectNode node = NODES.objectNode();
        node.put("type", DefinitionReader.ACTION);
        node.put("id", rule.id());
        node.put("action", rule.action());
        node.put("points", rule.points());
        if (rule.limit() != 1) {
            node.put("limit", rule.limit());
        }
        if (rule.period() != LimitPeriod.EVER) {
            node.put("period", rule.period().name());
        }
        if (!rule.schedule().equals(Schedule.ALWAYS)) {
            node.set("schedule", schedule(rule.schedule()));
        }
        if (!f.memberAttributes().isEmpty()) {
            node.set("filter", filter(f));
        }
        return node;
    }

    private static ObjectNode filter(RuleFilter filter) {
        ObjectNode node = NODES.objectNode();
        putStrings(node, "categories", filter.categories());
        putStrings(node, "skus", filter.skus());
        putStrings(node, "excludeCategories", filter.excludeCategories());
        putStrings(node, "excludeSkus", filter.excludeSkus());
        if (!filter.partners().isEmpty()) {
            ArrayNode array = node.putArray("partners");
            for (PartnerId partner : filter.partners()) {
                array.add(partner.value());
            }
        }
        putStrings(node, "channels", filter.channels());
        if (!filter.memberAttributes().isEmpty()) {
            ObjectNode attrs = node.putObject("memberAttributes");
            for (Map.Entry<String, String> e : filter.memberAttributes().entrySet()) {
                attrs.put(e.getKey(), e.getValue());
            }
        }
        putStrings(node, "segments", filter.segments());
        return node;
    }

    private static void putStrings(ObjectNode node, String name, Collection<String> values) {
        if (!values.isEmpty()) {
            ArrayNode array = node.putArray(name);
            values.forEach(array::add);
        }
    }

    private static ObjectNode schedule(Schedule schedule) {
        ObjectNode node = NODES.objectNode();
        schedule.fromDate().ifPresent(d -> node.put("fromDate", d.toString()));
        schedule.toDate().ifPresent(d -> node.put("toDate", d.toString()));
        if (!schedule.daysOfWeek().isEmpty()) {
            ArrayNode days = node.putArray("daysOfWeek");
            for (DayOfWeek day : DayOfWeek.values()) {
                if (schedule.daysOfWeek().contains(day)) {
                    days.add(day.name());
                }
            }
        }
        schedule.fromTime().ifPresent(t -> node.put("fromTime", t.toString()));
        schedule.untilTime().ifPresent(t -> node.put("untilTime", t.toString()));
        return node;
    }

    private static String money(Money money) {
        return money.amount().toPlainString();
    }

    private static String decimal(BigDecimal value) {
        return value.toPlainString();
    }
}
