package dev.loyaltykit.rules;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.ledger.ReturnPolicy;
import dev.loyaltykit.rules.accrual.ActionReward;
import dev.loyaltykit.rules.internal.Names;
import dev.loyaltykit.rules.accrual.Caps;
import dev.loyaltykit.rules.accrual.EarnBase;
import dev.loyaltykit.rules.accrual.PointsPerSpend;
import dev.loyaltykit.rules.accrual.PurchaseRule;
import dev.loyaltykit.rules.redemption.RedemptionPolicy;
import dev.loyaltykit.rules.redemption.Reward;
import dev.loyaltykit.rules.tier.TierScheme;
import dev.loyaltykit.rules.campaign.Campaign;
import dev.loyaltykit.rules.coalition.Partner;
import dev.loyaltykit.rules.campaign.SegmentDefinition;
import dev.loyaltykit.core.PartnerId;
import dev.loyaltykit.rules.referral.ReferralScheme;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A loyalty program: its currency and time zone, what a point is worth, what points are earned
 * on and by which rules, how long they take to mature and when they expire, and how refunds take
 * points back. Built in Java with {@link #builder(String, Currency)} or loaded from JSON with
 * {@code dev.loyaltykit.rules.json.ProgramJson}.
 *
 * <pre>{@code
 * ProgramDefinition coffee = ProgramDefinition.builder("coffee", Money.currency("RUB"))
 *         .name("Coffee Club")
 *         .zone(ZoneId.of("Europe/Moscow"))
 *         .pointValue(Money.of("1.00", "RUB"))
 *         .rule(PercentOfSpend.of("cashback", "5"))
 *         .pointsExpireAfter(Period.ofDays(365))
 *         .build();
 * }</pre>
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param id the program id: letters, digits, {@code . _ -}, 1 to 64 characters
 * @param name a display name, 1 to 200 characters
 * @param currency the currency of orders and of the point value
 * @param zone the time zone of schedules, caps and periods
 * @param pointValue the money one point pays for, positive
 * @param earnBase what points are earned on
 * @param purchaseRules the rules for purchases
 * @param actionRules the rules for member actions
 * @param caps program-wide caps on points per order and per member
 * @param pointsMatureAfter how long earned points wait before they can be spent (e.g. the return period)
 * @param pointsExpireAfter how long after earning unspent points expire
 * @param returnPolicy how a refund takes back points that were already spent
 * @param redemption how points may pay for orders
 * @param rewards the reward catalog
 * @param tiers the tier scheme, if the program has tiers
 * @param campaigns the campaigns that run by themselves
 * @param partners the partners of a coalition program (empty for a single merchant)
 * @param segments the program's segments
 * @param referral the "bring a friend" scheme, if the program has one
 */
public record ProgramDefinition(String id, String name, Currency currency, ZoneId zone, Money pointValue,
        EarnBase earnBase, List<PurchaseRule> purchaseRules, List<ActionReward> actionRules, Caps caps,
        Optional<Period> pointsMatureAfter, Optional<Period> pointsExpireAfter, ReturnPolicy returnPolicy,
        RedemptionPolicy redemption, List<Reward> rewards, Optional<TierScheme> tiers, List<Campaign> campaigns,
        List<Partner> partners, List<SegmentDefinition> segments, Optional<ReferralScheme> referral) {
    /**
     * Validates and copies the fields.
     *
     * @throws InvalidArgumentException if a value is out of range, a rule id repeats, or an amount is
     *     not in the program's currency
     */
    public ProgramDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(pointValue, "pointValue");
        Objects.requireNonNull(earnBase, "earnBase");
        Objects.requireNonNull(caps, "caps");
        Objects.requireNonNull(pointsMatureAfter, "pointsMatureAfter");
        Objects.requireNonNull(pointsExpireAfter, "pointsExpireAfter");
        Objects.requireNonNull(returnPolicy, "returnPolicy");
        Objects.requireNonNull(redemption, "redemption");
        Objects.requireNonNull(tiers, "tiers");
        tiers.ifPresent(scheme -> scheme.tiers().forEach(tier -> tier.benefits().redemption()
                .flatMap(RedemptionPolicy::minCashPart).ifPresent(m -> m.requireCurrency(currency))));
        redemption.minCashPart().ifPresent(m -> m.requireCurrency(currency));
        rewards = List.copyOf(rewards);
        campaigns = List.copyOf(campaigns);
        partners = List.copyOf(partners);
        segments = List.copyOf(segments);
        Set<String> segmentIds = new HashSet<>();
        for (SegmentDefinition segment : segments) {
            if (!segmentIds.add(segment.id())) {
                throw new InvalidArgumentException("segments", "segment id '" + segment.id() + "' is used twice");
            }
        }
        Set<PartnerId> partnerIds = new HashSet<>();
        for (Partner partner : partners) {
            if (!partnerIds.add(partner.id())) {
                throw new InvalidArgumentException("partners", "partner id '" + partner.id() + "' is used twice");
            }
            partner.issueCost().requireCurrency(currency);
        }
        Set<String> campaignIds = new HashSet<>();
        for (Campaign campaign : campaigns) {
            if (!campaignIds.add(campaign.id())) {
                throw new InvalidArgumentException("campaigns", "campaign id '" + campaign.id() + "' is used twice");
            }
            if (tiers.isPresent()) {
                for (String tier : campaign.tiers()) {
                    if (tiers.get().tier(tier).isEmpty()) {
                        throw new InvalidArgumentException("campaigns", "campaign '" + campaign.id()
                                + "' targets tier '" + tier + "', which the program does not have");
                    }
                }
            }
        }
        Objects.requireNonNull(referral, "referral");
        referral.flatMap(ReferralScheme::minPurchase).ifPresent(m -> m.requireCurrency(currency));
        Set<String> rewardIds = new HashSet<>();
        for (Reward reward : rewards) {
            if (!rewardIds.add(reward.id())) {
                throw new InvalidArgumentException("rewards", "reward id '" + reward.id() + "' is used twice");
            }
        }
        purchaseRules = List.copyOf(purchaseRules);
        actionRules = List.copyOf(actionRules);
        Names.id("id", id);
        Names.name("name", name);
        pointValue.requireCurrency(currency);
        if (!pointValue.isPositive()) {
            throw new InvalidArgumentException("pointValue", "must be positive, but was " + pointValue);
        }
        checkPeriod("pointsMatureAfter", pointsMatureAfter);
        checkPeriod("pointsExpireAfter", pointsExpireAfter);
        Set<String> ids = new HashSet<>();
        for (PurchaseRule rule : purchaseRules) {
            String ruleId = rule.settings().id();
            if (!ids.add(ruleId)) {
                throw new InvalidArgumentException("rules", "rule id '" + ruleId + "' is used twice");
            }
            rule.settings().minSpend().ifPresent(m -> m.requireCurrency(currency));
            if (rule instanceof PointsPerSpend p) {
                p.per().requireCurrency(currency);
            }
        }
        for (ActionReward rule : actionRules) {
            if (!ids.add(rule.id())) {
                throw new InvalidArgumentException("rules", "rule id '" + rule.id() + "' is used twice");
            }
        }
    }

    private static void checkPeriod(String name, Optional<Period> period) {
        if (period.isPresent() && (period.get().isNegative() || period.get().isZero())) {
            throw new InvalidArgumentException(name, "must be positive, but was " + period.get());
        }
    }

    /**
     * Finds a reward of the catalog.
     *
     * @param rewardId the id
     * @return the reward
     */
    public Optional<Reward> reward(String rewardId) {
        return rewards.stream().filter(r -> r.id().equals(rewardId)).findFirst();
    }

    /**
     * Finds a partner.
     *
     * @param partnerId the id
     * @return the partner
     */
    public Optional<Partner> partner(PartnerId partnerId) {
        return partners.stream().filter(p -> p.id().equals(partnerId)).findFirst();
    }

    /**
     * Finds a campaign.
     *
     * @param campaignId the id
     * @return the campaign
     */
    public Optional<Campaign> campaign(String campaignId) {
        return campaigns.stream().filter(c -> c.id().equals(campaignId)).findFirst();
    }

    /**
     * Starts a definition: 1 point = one unit of the currency, earning on the default base, no
     * rules, points that never expire, refunds under {@link ReturnPolicy#DEBT}, no redemption
     * limits, time zone UTC.
     *
     * @param id the program id
     * @param currency the currency
     * @return a builder
     */
    public static Builder builder(String id, Currency currency) {
        return new Builder(id, currency);
    }

    /**
     * A builder initialised with this definition, to make a changed copy.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(id, currency);
        b.name = name;
        b.zone = zone;
        b.pointValue = pointValue;
        b.earnBase = earnBase;
        b.purchaseRules.addAll(purchaseRules);
        b.actionRules.addAll(actionRules);
        b.caps = caps;
        b.mature = pointsMatureAfter.orElse(null);
        b.expire = pointsExpireAfter.orElse(null);
        b.returnPolicy = returnPolicy;
        b.redemption = redemption;
        b.rewards.addAll(rewards);
        b.tiers = tiers.orElse(null);
        b.campaigns.addAll(campaigns);
        b.partners.addAll(partners);
        b.segments.addAll(segments);
        b.referral = referral.orElse(null);
        return b;
    }

    /**
     * Builds a {@link ProgramDefinition}; {@link #build()} validates the whole. Not thread-safe.
     */
    public static final class Builder {
        private final String id;
        private final Currency currency;
        private String name;
        private ZoneId zone = ZoneId.of("UTC");
        private Money pointValue;
        private EarnBase earnBase = EarnBase.DEFAULT;
        private final List<PurchaseRule> purchaseRules = new ArrayList<>();
        private final List<ActionReward> actionRules = new ArrayList<>();
        private Caps caps = Caps.NONE;
        private Period mature;
        private Period expire;
        private ReturnPolicy returnPolicy = ReturnPolicy.DEBT;
        private RedemptionPolicy redemption = RedemptionPolicy.UNLIMITED;
        private final List<Reward> rewards = new ArrayList<>();
        private TierScheme tiers;
        private final List<Campaign> campaigns = new ArrayList<>();
        private final List<Partner> partners = new ArrayList<>();
        private final List<SegmentDefinition> segments = new ArrayList<>();
        private ReferralScheme referral;

        private Builder(String id, Currency currency) {
            this.id = Objects.requireNonNull(id, "id");
            this.currency = Objects.requireNonNull(currency, "currency");
            this.name = id;
            this.pointValue = Money.of(java.math.BigDecimal.ONE, currency);
        }

        /**
         * Sets the display name.
         *
         * @param value the name
         * @return this builder
         */
        public Builder name(String value) {
            this.name = Objects.requireNonNull(value, "name");
            return this;
        }

        /**
         * Sets the time zone.
         *
         * @param value the zone
         * @return this builder
         */
        public Builder zone(ZoneId value) {
            this.zone = Objects.requireNonNull(value, "zone");
            return this;
        }

        /**
         * Sets what one point is worth.
         *
         * @param value the money value of a point
         * @return this builder
         */
        public Builder pointValue(Money value) {
            this.pointValue = Objects.requireNonNull(value, "pointValue");
            return this;
        }

        /**
         * Sets what points are earned on.
         *
         * @param value the earn base
         * @return this builder
         */
        public Builder earnBase(EarnBase value) {
            this.earnBase = Objects.requireNonNull(value, "earnBase");
            return this;
        }

        /**
         * Adds a purchase rule.
         *
         * @param value the rule
         * @return this builder
         */
        public Builder rule(PurchaseRule value) {
            purchaseRules.add(Objects.requireNonNull(value, "rule"));
            return this;
        }

        /**
         * Adds an action rule.
         *
         * @param value the rule
         * @return this builder
         */
        public Builder rule(ActionReward value) {
            actionRules.add(Objects.requireNonNull(value, "rule"));
            return this;
        }

        /**
         * Sets the program-wide caps.
         *
         * @param value the caps
         * @return this builder
         */
        public Builder caps(Caps value) {
            this.caps = Objects.requireNonNull(value, "caps");
            return this;
        }

        /**
         * Sets how long earned points wait before they can be spent.
         *
         * @param value the period, or null for at once
         * @return this builder
         */
        public Builder pointsMatureAfter(Period value) {
            this.mature = value;
            return this;
        }

        /**
         * Sets how long after earning unspent points expire.
         *
         * @param value the period, or null for never
         * @return this builder
         */
        public Builder pointsExpireAfter(Period value) {
            this.expire = value;
            return this;
        }

        /**
         * Sets how refunds take back points already spent.
         *
         * @param value the policy
         * @return this builder
         */
        public Builder returnPolicy(ReturnPolicy value) {
            this.returnPolicy = Objects.requireNonNull(value, "returnPolicy");
            return this;
        }

        /**
         * Sets how points may pay for orders (default {@link RedemptionPolicy#UNLIMITED}).
         *
         * @param value the policy
         * @return this builder
         */
        public Builder redemption(RedemptionPolicy value) {
            this.redemption = Objects.requireNonNull(value, "redemption");
            return this;
        }

        /**
         * Adds a reward to the catalog.
         *
         * @param value the reward
         * @return this builder
         */
        public Builder reward(Reward value) {
            rewards.add(Objects.requireNonNull(value, "reward"));
            return this;
        }

        /**
         * Sets the tier scheme.
         *
         * @param value the tiers, or null for none
         * @return this builder
         */
        public Builder tiers(TierScheme value) {
            this.tiers = value;
            return this;
        }

        /**
         * Adds a campaign.
         *
         * @param value the campaign
         * @return this builder
         */
        public Builder campaign(Campaign value) {
            campaigns.add(Objects.requireNonNull(value, "campaign"));
            return this;
        }

        /**
         * Adds a coalition partner.
         *
         * @param value the partner
         * @return this builder
         */
        public Builder partner(Partner value) {
            partners.add(Objects.requireNonNull(value, "partner"));
            return this;
        }

        /**
         * Adds a segment.
         *
         * @param value the segment
         * @return this builder
         */
        public Builder segment(SegmentDefinition value) {
            segments.add(Objects.requireNonNull(value, "segment"));
            return this;
        }

        /**
         * Sets the "bring a friend" scheme.
         *
         * @param value the scheme, or null for none
         * @return this builder
         */
        public Builder referral(ReferralScheme value) {
            this.referral = value;
            return this;
        }

        /**
         * Builds and validates the definition.
         *
         * @return the definition
         * @throws InvalidArgumentException if it is not valid
         */
        public ProgramDefinition build() {
            return new ProgramDefinition(id, name, currency, zone, pointValue, earnBase, purchaseRules, actionRules,
                    caps, Optional.ofNullable(mature), Optional.ofNullable(expire), returnPolicy, redemption,
                    rewards, Optional.ofNullable(tiers), campaigns, partners, segments, Optional.ofNullable(referral));
        }
    }
}
