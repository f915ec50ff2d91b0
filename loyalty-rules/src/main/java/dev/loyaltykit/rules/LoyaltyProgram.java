package dev.loyaltykit.rules;

import dev.loyaltykit.core.Identifier;
import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.LoyaltyException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Members;
import dev.loyaltykit.core.NotFoundException;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.PartnerId;
import dev.loyaltykit.core.spi.Message;
import dev.loyaltykit.core.event.LoyaltyEvent;
import dev.loyaltykit.core.event.TierChanged;
import dev.loyaltykit.core.event.ReferralRewarded;
import dev.loyaltykit.core.event.MemberEnrolled;
import dev.loyaltykit.core.event.PointsEarned;
import dev.loyaltykit.core.event.PointsReversed;
import dev.loyaltykit.core.internal.PagedWork;
import dev.loyaltykit.core.ledger.Balance;
import dev.loyaltykit.core.ledger.CounterChange;
import dev.loyaltykit.core.ledger.DueWork;
import dev.loyaltykit.core.ledger.LedgerCommand;
import dev.loyaltykit.core.ledger.LedgerReceipt;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.core.ledger.PointsLedger;
import dev.loyaltykit.core.ledger.Transfer;
import dev.loyaltykit.core.memory.InMemoryLedgerStore;
import dev.loyaltykit.core.memory.InMemoryMemberStore;
import dev.loyaltykit.core.spi.EventListener;
import dev.loyaltykit.core.spi.LedgerStore;
import dev.loyaltykit.core.spi.MemberLedger;
import dev.loyaltykit.core.spi.MemberStore;
import dev.loyaltykit.core.spi.SharedCounters;
import dev.loyaltykit.core.spi.Messenger;
import dev.loyaltykit.core.Channel;
import dev.loyaltykit.rules.campaign.Campaign;
import dev.loyaltykit.rules.campaign.CampaignEngine;
import dev.loyaltykit.rules.campaign.CampaignStats;
import dev.loyaltykit.rules.campaign.Trigger;
import dev.loyaltykit.rules.coalition.SettlementReport;
import dev.loyaltykit.rules.campaign.Segment;
import dev.loyaltykit.rules.campaign.SegmentDefinition;
import dev.loyaltykit.rules.internal.Aggregates;
import dev.loyaltykit.core.memory.InMemorySharedCounters;
import dev.loyaltykit.rules.accrual.AccrualEngine;
import dev.loyaltykit.rules.accrual.AccrualResult;
import dev.loyaltykit.rules.accrual.LineEarning;
import dev.loyaltykit.rules.internal.MemoCodec;
import dev.loyaltykit.rules.internal.RewardCodes;
import dev.loyaltykit.core.memory.InMemoryReferralStore;
import dev.loyaltykit.core.referral.Referral;
import dev.loyaltykit.core.spi.ReferralStore;
import dev.loyaltykit.rules.internal.ReferralCodes;
import dev.loyaltykit.rules.internal.Referrals;
import dev.loyaltykit.rules.redemption.Quote;
import dev.loyaltykit.rules.redemption.QuoteCalculator;
import dev.loyaltykit.rules.redemption.RedemptionNotAllowedException;
import dev.loyaltykit.rules.redemption.RedemptionLimits;
import dev.loyaltykit.rules.redemption.RedemptionResult;
import dev.loyaltykit.rules.redemption.RewardResult;
import dev.loyaltykit.rules.redemption.RewardUnavailableException;
import dev.loyaltykit.rules.tier.Tier;
import dev.loyaltykit.rules.tier.TierEngine;
import dev.loyaltykit.rules.tier.TierStatus;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facade a host calls: one program definition wired to the host's stores, event listener
 * and clock.
 *
 * <pre>{@code
 * LoyaltyProgram program = LoyaltyProgram.builder(ProgramJson.read(json)).clock(clock).build();
 * program.enroll(Member.builder(MemberId.of("m-1"), clock.instant())
 *         .identifier(Identifier.phone("+79161234567")).build());
 * PurchaseResult earned = program.recordPurchase(order);        // points, and why
 * program.refund(Refund.whole("ret-1", MemberId.of("m-1"), order.orderId()));
 * Balance balance = program.balance(MemberId.of("m-1"));
 * }</pre>
 *
 * <p>Purchases, actions and refunds are idempotent on the order id, the action key and the
 * refund id: recording one again returns the first result and changes nothing. Each is one
 * atomic commit per member; caps and limits are checked in the same commit, so concurrent calls
 * cannot overrun them.
 *
 * <p>This class is thread-safe.
 */
public final class LoyaltyProgram {
    private static final Logger LOG = LoggerFactory.getLogger(LoyaltyProgram.class);

    private final ProgramDefinition definition;
    private final Members members;
    private final PointsLedger ledger;
    private final EventListener listener;
    private final Clock clock;
    private final AccrualEngine engine;
    private final QuoteCalculator quotes;
    private final SharedCounters sharedCounters;
    private final java.util.function.Supplier<String> rewardCodes;
    private final RedemptionLimits redemptionLimits;
    private final Optional<TierEngine> tiers;
    private final MemberStore memberStore;
    private final CampaignEngine campaigns;
    private final Messenger messenger;
    private final Map<String, Segment> segments;
    private final int scale;
    private final ProgramPart shared;
    private final CampaignOperations campaignOps;
    private final TierOperations tierOps;
    private final Reports reports;
    private final RedemptionOperations redemptionOps;
    private final Optional<String> referralMessage;
    private final List<Channel> referralChannels;
    private final Optional<String> tierMessage;
    private final List<Channel> tierChannels;
    // ---- referrals: field ----
    private final Referrals referrals;

    private LoyaltyProgram(Builder b) {
        this.definition = b.definition;
        this.members = new Members(b.memberStore);
        this.clock = b.clock;
        this.listener = b.listener;
        this.ledger = PointsLedger.builder(b.ledgerStore).clock(b.clock).returnPolicy(b.definition.returnPolicy())
                .build();
        this.engine = new AccrualEngine(definition.earnBase(), definition.zone(), definition.pointValue(),
                definition.purchaseRules(), definition.actionRules(), definition.caps());
        this.quotes = new QuoteCalculator(definition.redemption(), definition.pointValue());
        this.sharedCounters = b.sharedCounters;
        this.rewardCodes = b.rewardCodes;
        this.redemptionLimits = b.redemptionLimits;
        this.memberStore = b.memberStore;
        this.tiers = definition.tiers().map(t -> new TierEngine(t, definition.zone(), definition.currency()));
        this.campaigns = new CampaignEngine(definition.zone());
        this.messenger = b.messenger;
        this.scale = Money.scaleOf(definition.currency());
        Map<String, Segment> all = new LinkedHashMap<>();
        for (SegmentDefinition d : definition.segments()) {
            all.put(d.id(), d);
        }
        for (Map.Entry<String, Segment> e : b.segments.entrySet()) {
            if (all.put(e.getKey(), e.getValue()) != null) {
                throw new InvalidArgumentException("segments", "segment '" + e.getKey()
                        + "' is defined by the program already");
            }
        }
        this.segments = Map.copyOf(all);
        for (dev.loyaltykit.rules.accrual.PurchaseRule rule : definition.purchaseRules()) {
            for (String segment : rule.settings().filter().segments()) {
                if (!segments.containsKey(segment)) {
                    throw new InvalidArgumentException("segments", "rule '" + rule.settings().id() + "' needs segment '"
                            + segment + "'; define it in the program or register it with Builder.segment(name, segment)");
                }
            }
        }
        for (Campaign c : definition.campaigns()) {
            for (String segment : c.segments()) {
                if (!segments.containsKey(segment)) {
                    throw new InvalidArgumentException("segments", "campaign '" + c.id() + "' targets segment '"
                            + segment + "'; define it in the program or register it with Builder.segment(name, segment)");
                }
            }
            if (c.trigger() instanceof Trigger.SegmentEntered s && !segments.containsKey(s.segment())) {
                throw new InvalidArgumentException("segments", "campaign '" + c.id() + "' needs segment '" + s.segment()
                        + "'; register it with LoyaltyProgram.Builder.segment(name, segment)");
            }
        }
        this.referralMessage = Optional.ofNullable(b.referralMessage);
        this.referralChannels = List.copyOf(b.referralChannels);
        this.tierMessage = Optional.ofNullable(b.tierMessage);
        this.tierChannels = List.copyOf(b.tierChannels);
        this.shared = new ProgramPart.Shared(definition, members, memberStore, ledger, clock, tiers, campaigns,
                sharedCounters, messenger, segments, this::publish);
        this.campaignOps = new CampaignOperations(shared);
        this.tierOps = new TierOperations(shared);
        this.reports = new Reports(shared, campaignOps, friend -> referralOf(friend));
        this.redemptionOps = new RedemptionOperations(shared, quotes, redemptionLimits, rewardCodes);
        // ---- referrals: wiring ----
        this.referrals = new Referrals(definition, members, ledger, b.referralStore, sharedCounters, clock,
                b.referralCodes, this::publish);
    }

    /**
     * Starts wiring a program; stores default to the in-memory ones, the clock to UTC system time.
     *
     * @param definition the program definition
     * @return a builder
     */
    public static Builder builder(ProgramDefinition definition) {
        return new Builder(definition);
    }

    /**
     * The program's definition.
     *
     * @return the definition
     */
    public ProgramDefinition definition() {
        return definition;
    }

    /**
     * The points ledger, for operations the facade does not wrap (manual adjustments, holds).
     *
     * @return the ledger
     */
    public PointsLedger ledger() {
        return ledger;
    }

    // ---- members ----------------------------------------------------------------------------

    /**
     * Enrols a member.
     *
     * @param member the member
     * @return the member as stored
     * @throws dev.loyaltykit.core.AlreadyExistsException if the id or an identifier is taken
     */
    public Member enroll(Member member) {
        Objects.requireNonNull(member, "member");
        List<LoyaltyEvent> enrolled = List.of(new MemberEnrolled(member.id(), member.enrolledAt()));
        Member stored = members.enroll(member, enrolled);
        if (!memberStore.recordsEvents()) {
            enrolled.forEach(this::publish);
        }
        campaignOps.welcome(stored, Optional.empty());
        for (Channel channel : Channel.values()) {
            if (stored.hasConsent(channel)) {
                campaignOps.welcome(stored, Optional.of(channel));
            }
        }
        return stored;
    }

    /**
     * Finds a member by id.
     *
     * @param id the id
     * @return the member
     */
    public Optional<Member> findMember(MemberId id) {
        return members.find(id);
    }

    /**
     * Finds a member by phone number, card, e-mail or external id.
     *
     * @param identifier the identifier
     * @return the member
     */
    public Optional<Member> findMember(Identifier identifier) {
        return members.findBy(identifier);
    }

    /**
     * Changes a member (consents, attributes, identifiers, status).
     *
     * @param id the member
     * @param change the change, applied to the current member (may run more than once)
     * @return the member as stored
     * @throws NotFoundException if there is no such member
     */
    public Member updateMember(MemberId id, UnaryOperator<Member> change) {
        Member before = members.get(id);
        Member after = members.update(id, change);
        for (Channel channel : Channel.values()) {
            if (after.hasConsent(channel) && !before.hasConsent(channel)) {
                campaignOps.welcome(after, Optional.of(channel));
            }
        }
        return after;
    }

    // ---- purchases --------------------------------------------------------------------------

    /**
     * Evaluates what an order would earn now, without recording it.
     *
     * @param order the order
     * @return the points and why
     * @throws NotFoundException if the buyer is not a member
     * @throws dev.loyaltykit.core.CurrencyMismatchException if the order is not in the program's currency
     */
    public AccrualResult preview(Order order) {
        Objects.requireNonNull(order, "order");
        order.orderDiscount().requireCurrency(definition.currency());
        Member member = members.get(order.member());
        return engine.evaluate(order, member, ledger.state(member.id())).result();
    }

    /**
     * Records a purchase: evaluates the accrual rules and credits the points as one lot, with
     * the program's maturity and expiry, in one atomic commit with the caps' counters.
     *
     * @param order the order
     * @return the points, why, and the receipt
     * @throws NotFoundException if the buyer is not a member
     * @throws InvalidArgumentException if the member is not active, or the points would already have
     *     expired (an order older than the expiry period)
     * @throws dev.loyaltykit.core.CurrencyMismatchException if the order is not in the program's currency
     * @throws dev.loyaltykit.core.IdempotencyConflictException if the order id was recorded with other content
     */
    public PurchaseResult recordPurchase(Order order) {
        Objects.requireNonNull(order, "order");
        String fingerprint = ProgramPart.fingerprint(order);
        // The buyer read with the buyer's ledger (one round trip with the PostgreSQL stores).
        PendingPurchase[] pending = new PendingPurchase[1];
        PointsLedger.Executed done = shared.executeForActiveMember(order.member(), purchaseKey(order.orderId()),
                fingerprint, buyer -> {
                    pending[0] = preparePurchase(order, buyer, fingerprint);
                    return pending[0].request.planner();
                });
        return finishPurchase(pending[0], done);
    }

    /**
     * Records many purchases at once, for a host that syncs a day of orders from a till: one read
     * of all the buyers' ledgers and one commit for the whole batch (one transaction with the
     * PostgreSQL store), instead of two round trips per order. Each order keeps what
     * {@link #recordPurchase(Order)} promises: idempotency by order id (an order recorded before,
     * or twice in the batch, replays), caps and tiers computed on the state the buyer's earlier
     * orders in the batch left, and its own outcome: an order that is refused (an unknown or
     * inactive buyer, another currency, an order id recorded with other content) gets its
     * exception in its outcome and does not stop the others.
     *
     * @param orders the orders, at most {@value #MAX_BATCH}; a buyer's orders are recorded in the order given
     * @return one outcome per order, in the same order
     * @throws InvalidArgumentException if there are more than {@value #MAX_BATCH} orders
     * @throws dev.loyaltykit.core.ConcurrentUpdateException if the batch conflicted with other writers on every attempt
     */
    public List<PurchaseOutcome> recordPurchases(List<Order> orders) {
        List<Order> batch = List.copyOf(orders);
        if (batch.size() > MAX_BATCH) {
            throw new InvalidArgumentException("orders", "at most " + MAX_BATCH + " orders per batch, but were "
                    + batch.size());
        }
        PurchaseOutcome[] outcomes = new PurchaseOutcome[batch.size()];
        List<PendingPurchase> pending = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        // One read of all the buyers (one query with the PostgreSQL store).
        Map<MemberId, Member> buyers = memberStore.findAll(batch.stream().map(Order::member).distinct().toList());
        for (int i = 0; i < batch.size(); i++) {
            Order order = batch.get(i);
            try {
                Member buyer = buyers.get(order.member());
                if (buyer == null) {
                    throw new NotFoundException("member", order.member().value());
                }
                ProgramPart.checkActive(buyer);
                pending.add(preparePurchase(order, buyer, ProgramPart.fingerprint(order)));
                positions.add(i);
            } catch (LoyaltyException e) {
                outcomes[i] = PurchaseOutcome.failed(order.orderId(), e);
            }
        }
        List<PointsLedger.Outcome> done = ledger.executeAll(pending.stream().map(p -> p.request).toList());
        for (int j = 0; j < pending.size(); j++) {
            PendingPurchase p = pending.get(j);
            PointsLedger.Outcome o = done.get(j);
            outcomes[positions.get(j)] = o.failure().isPresent()
                    ? PurchaseOutcome.failed(p.order.orderId(), o.failure().get())
                    : PurchaseOutcome.recorded(finishPurchase(p, o.executed().orElseThrow()));
        }
        return List.of(outcomes);
    }

    /** The most orders {@link #recordPurchases(List)} takes at once. */
    public static final int MAX_BATCH = 1000;

    /** A purchase planned but not committed: the ledger request, and what its planner saw last. */
    private static final class PendingPurchase {
        final Order order;
        final Member member;
        final java.util.concurrent.atomic.AtomicReference<List<String>> conversions =
                new java.util.concurrent.atomic.AtomicReference<>(List.of());
        final java.util.concurrent.atomic.AtomicReference<AccrualResult> planned =
                new java.util.concurrent.atomic.AtomicReference<>();
        PointsLedger.Request request;

        PendingPurchase(Order order, Member member) {
            this.order = order;
            this.member = member;
        }
    }

    private PendingPurchase preparePurchase(Order order, Member member, String fingerprint) {
        order.orderDiscount().requireCurrency(definition.currency());
        shared.checkPartner(order);
        OperationKey key = purchaseKey(order.orderId());
        PendingPurchase p = new PendingPurchase(order, member);
        p.request = new PointsLedger.Request(key, member.id(), fingerprint, state -> {
                Instant now = clock.instant();
                TierEngine.Update tierUpdate = null;
                AccrualEngine.Evaluation e;
                List<CounterChange> extra = new ArrayList<>();
                java.util.function.Predicate<String> inSegment = campaignOps.segmentTest(member, state, now);
                if (tiers.isPresent()) {
                    Tier tier = tiers.get().effective(state, now);
                    e = engine.evaluate(order, member, state, tier.id(), tier.benefits().accrualMultiplier(), inSegment);
                    TierEngine.Update update = tiers.get().onPurchase(state, order.placedAt(), e.result().base(),
                            e.result().points(), now);
                    extra.addAll(update.counters());
                    tierUpdate = update;
                } else {
                    e = engine.evaluate(order, member, state, "", BigDecimal.ONE, inSegment);
                }
                extra.addAll(Aggregates.onPurchase(order, e.result().base(), definition.zone(), scale));
                long placed = order.placedAt().getEpochSecond();
                if (placed > state.counter(CampaignEngine.LAST_PURCHASE)) {
                    extra.add(CounterChange.of(CampaignEngine.LAST_PURCHASE, placed - state.counter(CampaignEngine.LAST_PURCHASE)));
                }
                List<String> converted = new ArrayList<>();
                for (Campaign c : definition.campaigns()) {
                    Optional<Long> occasion = campaigns.conversion(c, state, order.placedAt());
                    if (occasion.isPresent()) {
                        extra.add(CampaignEngine.converted(c, state, occasion.get()));
                        converted.add(campaignOps.statCounter(c, CampaignEngine.wasControl(c, state) ? "control-converted" : "converted")
                                + "\n" + member.id().value() + "|" + occasion.get());
                    }
                }
                p.conversions.set(converted);
                p.planned.set(e.result());
                List<LoyaltyEvent> events = new ArrayList<>();
                if (e.result().points() > 0) {
                    events.add(new PointsEarned(member.id(), now, order.orderId().value(), e.result().points()));
                }
                if (tierUpdate != null) {
                    events.addAll(TierOperations.tierEvents(member.id(), tierUpdate, now));
                }
                return new PointsLedger.Plan(credit(key, member.id(), e, extra, order.placedAt(), order.partner()),
                        List.of(), MemoCodec.write(e.result(), order.placedAt()), events);
        });
        return p;
    }

    private PurchaseResult finishPurchase(PendingPurchase p, PointsLedger.Executed done) {
        Order order = p.order;
        Member member = p.member;
        // The explanation just computed is the one committed; only a replay reads it back from the memo.
        AccrualResult result = done.replayed() ? MemoCodec.read(done.receipt().memo()) : p.planned.get();
        if (!done.replayed()) {
            shared.afterCommit(done);
            for (String c : p.conversions.get()) {
                String[] parts = c.split("\n", 2);
                sharedCounters.reserve(parts[0], parts[1], Long.MAX_VALUE);
            }
        }
        // ---- referrals: qualify (also on a replay, to repair an interrupted one) ----
        referrals.afterPurchase(order, member);
        return new PurchaseResult(order.orderId(), member.id(), result, done.receipt(), done.replayed());
    }

    private LedgerCommand credit(OperationKey key, MemberId member, AccrualEngine.Evaluation e,
            List<CounterChange> extraCounters, Instant earnedAt, Optional<PartnerId> partner) {
        List<CounterChange> counters = new ArrayList<>(e.counters());
        counters.addAll(extraCounters);
        if (e.result().points() == 0) {
            return new LedgerCommand.Tally(key, member, counters);
        }
        LedgerCommand.Credit credit = LedgerCommand.Credit.of(key, member, e.result().points()).earnedAt(earnedAt)
                .withCounters(counters);
        if (definition.pointsMatureAfter().isPresent()) {
            credit = credit.maturingAt(shared.plus(earnedAt, definition.pointsMatureAfter().get()));
        }
        if (definition.pointsExpireAfter().isPresent()) {
            credit = credit.expiringAt(shared.plus(earnedAt, definition.pointsExpireAfter().get()));
        }
        if (partner.isPresent()) {
            credit = credit.issuedBy(partner.get());
        }
        return credit;
    }

    private static OperationKey purchaseKey(OrderId order) {
        return OperationKey.of("order:" + order.value());
    }

    // ---- actions ----------------------------------------------------------------------------

    /**
     * Records a member action and credits the points its rules give, within their limits.
     *
     * @param member the member
     * @param action the action name, e.g. {@code review_posted}
     * @param key the host's idempotency key for this action (an event id)
     * @return the points and why
     * @throws NotFoundException if there is no such member
     * @throws InvalidArgumentException if the member is not active, the key is blank, or no rule of the
     *     program rewards this action
     * @throws dev.loyaltykit.core.IdempotencyConflictException if the key was used for another action
     */
    public ActionResult recordAction(MemberId member, String action, String key) {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(key, "key");
        if (!engine.knowsAction(action)) {
            throw new InvalidArgumentException("action", "no rule of program " + definition.id() + " rewards '"
                    + action + "'; rewarded actions: " + definition.actionRules().stream()
                            .map(a -> a.action()).distinct().sorted().toList());
        }
        OperationKey opKey = OperationKey.of("action:" + key);
        Instant at = clock.instant();
        java.util.concurrent.atomic.AtomicReference<AccrualResult> plannedAction = new java.util.concurrent.atomic.AtomicReference<>();
        // The member read with its ledger (one round trip with the PostgreSQL stores).
        PointsLedger.Executed done = shared.executeForActiveMember(member, opKey, fingerprint(action + "|" + member),
                m -> state -> {
            AccrualEngine.Evaluation e = engine.evaluateAction(m, action, at, state);
            plannedAction.set(e.result());
            return new PointsLedger.Plan(credit(opKey, member, e, List.of(), at, Optional.empty()), List.of(),
                    MemoCodec.write(e.result(), at), e.result().points() > 0
                            ? List.of(new PointsEarned(member, at, action, e.result().points())) : List.of());
        });
        AccrualResult result = done.replayed() ? MemoCodec.read(done.receipt().memo()) : plannedAction.get();
        shared.afterCommit(done);
        return new ActionResult(member, action, result, done.receipt(), done.replayed());
    }

    // ---- refunds ----------------------------------------------------------------------------

    /**
     * Refunds an order, wholly or some lines, in one atomic commit: takes back the points it
     * earned, pro rata to the refunded lines' earn base, and gives back the points that paid for
     * it, pro rata to how the points discount was allocated over the lines, to the lots they came
     * from (with their original expiry; points whose lot has expired meanwhile are given back and
     * expire at once). Refunding an order in several parts takes back and gives back exactly what
     * the whole order earned and spent, never more. Points already spent are handled by the
     * program's return policy.
     *
     * @param refund the refund
     * @return what was taken back and given back
     * @throws NotFoundException if the order was not recorded for this member
     * @throws InvalidArgumentException if a line is unknown, more is refunded than was bought, or
     *     everything was already refunded
     */
    public RefundResult refund(Refund refund) {
        Objects.requireNonNull(refund, "refund");
        OperationKey purchase = purchaseKey(refund.order());
        OperationKey capture = RedemptionOperations.captureKey(refund.order());
        OperationKey redeem = RedemptionOperations.redeemKey(refund.order());
        OperationKey key = OperationKey.of("refund:" + refund.refundId());
        OperationKey earnKey = OperationKey.of("refund:" + refund.refundId() + ":earned");
        OperationKey spendKey = OperationKey.of("refund:" + refund.refundId() + ":spent");
        // The purchase's and the payment's receipts are read with the member's state, and the
        // follow-ups' receipts come back with the result (or, for a repeat, with that read).
        PointsLedger.Executed done = ledger.execute(key, refund.member(), fingerprint(refund.toString()),
                List.of(purchase, capture, redeem, earnKey, spendKey), (state, earlier) -> {
            LedgerReceipt bought = earlier.get(purchase);
            if (bought == null) {
                throw new NotFoundException("order", refund.member() + "/" + refund.order());
            }
            Optional<LedgerReceipt> spent = Optional.ofNullable(earlier.get(capture))
                    .or(() -> Optional.ofNullable(earlier.get(redeem)));
            return planRefund(refund, key, earnKey, spendKey, MemoCodec.read(bought.memo()),
                    MemoCodec.readPlacedAt(bought.memo()), spent, state);
        });
        long takenBack = 0;
        long shortfall = 0;
        long debt = 0;
        Optional<LedgerReceipt> earned = done.related(earnKey);
        if (earned.isPresent()) {
            takenBack = earned.get().requested();
            shortfall = earned.get().shortfall();
            debt = earned.get().debtAdded();
        }
        long givenBack = done.related(spendKey).map(LedgerReceipt::requested).orElse(0L);
        shared.afterCommit(done);
        // ---- referrals: reverse (also on a replay, to repair an interrupted one) ----
        referrals.afterRefund(refund.member(), refund.order());
        return new RefundResult(refund, takenBack, shortfall, debt, givenBack, done.receipt(), done.replayed());
    }

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    /** The event of a refund that took back earned points, from the receipt of its taking back. */
    private static List<LoyaltyEvent> reversedEvents(Refund refund, OperationKey earnKey, List<LedgerReceipt> receipts,
            Instant at) {
        for (LedgerReceipt r : receipts) {
            if (r.key().equals(earnKey) && r.requested() > 0) {
                return List.of(new PointsReversed(refund.member(), at, refund.order().value(), r.requested(),
                        r.shortfall()));
            }
        }
        return List.of();
    }

    private PointsLedger.Plan planRefund(Refund refund, OperationKey key, OperationKey earnKey, OperationKey spendKey,
            AccrualResult accrual, Instant placedAt, Optional<LedgerReceipt> spent, MemberLedger state) {
        Map<String, BigDecimal> bought = new LinkedHashMap<>();
        Map<String, BigDecimal> earnWeights = new LinkedHashMap<>();
        for (LineEarning l : accrual.lines()) {
            bought.put(l.lineId(), l.quantity());
            earnWeights.put(l.lineId(), l.base());
        }
        Map<String, BigDecimal> spendWeights = new LinkedHashMap<>();
        if (spent.isPresent()) {
            Map<String, BigDecimal> quantities = new LinkedHashMap<>();
            MemoCodec.readAllocation(spent.get().memo(), quantities)
                    .forEach((line, money) -> spendWeights.put(line, money.amount()));
            quantities.forEach(bought::putIfAbsent);
        }
        for (String line : refund.lines().keySet()) {
            if (!bought.containsKey(line)) {
                throw new InvalidArgumentException("lines", "order " + refund.order() + " has no line '" + line
                        + "'; its lines are " + bought.keySet());
            }
        }
        Map<String, BigDecimal> before = new LinkedHashMap<>();
        Map<String, BigDecimal> after = new LinkedHashMap<>();
        List<CounterChange> counters = new ArrayList<>();
        BigDecimal refundedNow = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> e : bought.entrySet()) {
            String line = e.getKey();
            String counter = "lk:refund:" + refund.order().value() + ":" + line;
            BigDecimal done = BigDecimal.valueOf(state.counter(counter)).divide(THOUSAND);
            BigDecimal left = e.getValue().subtract(done);
            BigDecimal qty = refund.isWhole() ? left : refund.lines().getOrDefault(line, BigDecimal.ZERO);
            if (qty.compareTo(left) > 0) {
                throw new InvalidArgumentException("quantity", "cannot refund " + qty.toPlainString() + " of line "
                        + line + ": " + e.getValue().toPlainString() + " bought, " + done.toPlainString()
                        + " already refunded");
            }
            long thousandths;
            try {
                thousandths = qty.multiply(THOUSAND).longValueExact();
            } catch (ArithmeticException ex) {
                throw new InvalidArgumentException("quantity", "at most 3 decimals, but was " + qty.toPlainString());
            }
            if (thousandths > 0) {
                counters.add(CounterChange.of(counter, thousandths));
            }
            before.put(line, done);
            after.put(line, done.add(qty));
            refundedNow = refundedNow.add(qty);
        }
        if (refundedNow.signum() == 0) {
            throw new InvalidArgumentException("lines", "nothing left to refund of order " + refund.order());
        }
        List<LedgerCommand> followUps = new ArrayList<>();
        long earnBack = portion(accrual.points(), earnWeights, bought, before, after);
        if (earnBack > 0) {
            followUps.add(LedgerCommand.Reverse.of(earnKey, refund.member(), purchaseKey(refund.order()), earnBack));
        }
        if (spent.isPresent()) {
            long giveBack = portion(spent.get().requested(), spendWeights, bought, before, after);
            if (giveBack > 0) {
                followUps.add(LedgerCommand.Reverse.of(spendKey, refund.member(), spent.get().key(), giveBack));
            }
        }
        counters.addAll(Aggregates.onRefund(placedAt, remaining(earnWeights, bought, before)
                .subtract(remaining(earnWeights, bought, after)), definition.zone(), scale));
        if (tiers.isPresent()) {
            BigDecimal spendBefore = remaining(earnWeights, bought, before);
            BigDecimal spendAfter = remaining(earnWeights, bought, after);
            boolean fully = after.entrySet().stream().allMatch(e -> e.getValue().compareTo(bought.get(e.getKey())) >= 0);
            counters.addAll(tiers.get().onRefund(state, placedAt, spendBefore, spendAfter, earnBack, fully).counters());
        }
        Instant now = clock.instant();
        return new PointsLedger.Plan(new LedgerCommand.Tally(key, refund.member(), counters), followUps, "",
                receipts -> reversedEvents(refund, earnKey, receipts, now));
    }

    /** What is left of the weights after the refunded quantities. */
    private static BigDecimal remaining(Map<String, BigDecimal> weights, Map<String, BigDecimal> bought,
            Map<String, BigDecimal> refunded) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> e : weights.entrySet()) {
            BigDecimal qty = bought.get(e.getKey());
            if (qty == null || qty.signum() == 0) {
                continue;
            }
            BigDecimal left = qty.subtract(refunded.getOrDefault(e.getKey(), BigDecimal.ZERO));
            sum = sum.add(e.getValue().multiply(left).divide(qty, MathContext.DECIMAL64));
        }
        return sum;
    }

    /**
     * The points of {@code total} that belong to the units refunded between {@code before} and
     * {@code after}, weighting each line by {@code weights} (by quantity if all weights are zero).
     * Computed as a difference of cumulative shares, so the parts of a refund in several steps add
     * up to the total exactly.
     */
    private static long portion(long total, Map<String, BigDecimal> weights, Map<String, BigDecimal> bought,
            Map<String, BigDecimal> before, Map<String, BigDecimal> after) {
        boolean byWeight = weights.values().stream().anyMatch(w -> w.signum() > 0);
        BigDecimal whole = BigDecimal.ZERO;
        BigDecimal partBefore = BigDecimal.ZERO;
        BigDecimal partAfter = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> e : bought.entrySet()) {
            BigDecimal weight = byWeight ? weights.getOrDefault(e.getKey(), BigDecimal.ZERO)
                    : weights.containsKey(e.getKey()) ? e.getValue() : BigDecimal.ZERO;
            if (weight.signum() == 0 || e.getValue().signum() == 0) {
                continue;
            }
            BigDecimal perUnit = weight.divide(e.getValue(), MathContext.DECIMAL64);
            whole = whole.add(weight);
            partBefore = partBefore.add(perUnit.multiply(before.get(e.getKey())));
            partAfter = partAfter.add(perUnit.multiply(after.get(e.getKey())));
        }
        return share(total, partAfter, whole) - share(total, partBefore, whole);
    }

    /** Points earned x part / whole, rounded half-up; exactly {@code earned} when part equals whole. */
    private static long share(long earned, BigDecimal part, BigDecimal whole) {
        if (whole.signum() == 0) {
            return 0;
        }
        if (part.compareTo(whole) >= 0) {
            return earned;
        }
        return BigDecimal.valueOf(earned).multiply(part).divide(whole, 0, RoundingMode.HALF_UP).longValueExact();
    }

    // ---- reads and time-driven work -----------------------------------------------------------

    /**
     * A member's balance.
     *
     * @param member the member
     * @return the balance
     * @throws NotFoundException if there is no such member
     */
    public Balance balance(MemberId member) {
        members.get(member);
        return ledger.balance(member);
    }

    /**
     * A member's newest transfers, newest first.
     *
     * @param member the member
     * @param limit at most this many, 1 to 1000
     * @return the transfers
     * @throws NotFoundException if there is no such member
     */
    public List<Transfer> history(MemberId member, int limit) {
        members.get(member);
        return ledger.history(member, limit);
    }

    /**
     * Runs the time-driven work that is due at {@code now}: expiry, maturity and lapsed holds, in
     * batches, each member its own commit; then reviews tiers and runs the time-driven campaigns
     * member by member; then pays the referrals whose qualifying order matured (or rejects them
     * if a limit is reached). Safe to call as often as wanted and from several instances at once.
     *
     * @param now the instant
     * @return what was done
     */
    public DueReport runDue(Instant now) {
        return runDue(now, Runnable::run, 1);
    }

    /**
     * {@link #runDue(Instant)} on several threads, for large member bases: the ledger's due work
     * and the tier and campaign pass each go through the members in batches, on the calling
     * thread and up to {@code parallelism - 1} tasks of {@code executor}, each taking the next
     * batch when done with one; the referral payments then run on the calling thread. Members
     * are independent, so the report is the one a single thread would give. The call returns
     * when all work is done and never waits for a task the executor has not started, so a busy
     * or rejecting executor only means fewer threads. The event listener and the messenger are
     * then called from several threads at once (as they are when several threads record
     * purchases).
     *
     * <pre>{@code
     * ExecutorService pool = Executors.newFixedThreadPool(3);
     * DueReport report = program.runDue(clock.instant(), pool, 4);  // the caller and three helpers
     * }</pre>
     *
     * @param now the instant
     * @param executor runs the helper tasks, for example a fixed thread pool of the host's
     * @param parallelism how many threads work at most, the caller's included (1: the caller only)
     * @return what was done
     * @throws InvalidArgumentException if {@code parallelism} is not positive
     */
    public DueReport runDue(Instant now, Executor executor, int parallelism) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(executor, "executor");
        if (parallelism < 1) {
            throw new InvalidArgumentException("parallelism", "must be positive, but was " + parallelism);
        }
        DueWork ledgerWork = ledger.processDue(now, executor, parallelism);
        boolean timedCampaigns = definition.campaigns().stream().anyMatch(c -> !(c.trigger() instanceof Trigger.Welcome));
        MemberWork memberWork = MemberWork.NONE;
        if (tiers.isPresent() || timedCampaigns) {
            memberWork = PagedWork.<Member, MemberWork>run(after -> memberStore.list(after.map(Member::id), DUE_BATCH),
                    DUE_BATCH, m -> memberWork(m, now, timedCampaigns), MemberWork.NONE, MemberWork::plus, executor,
                    parallelism);
        }
        // ---- referrals: pay matured ones ----
        return new DueReport(ledgerWork, memberWork.reviewed(), memberWork.changed(), memberWork.occasions(),
                referrals.runDue(now));
    }

    /** One member's tier review and time-driven campaigns. */
    private MemberWork memberWork(Member m, Instant now, boolean timedCampaigns) {
        long reviewed = 0;
        long changed = 0;
        if (tiers.isPresent()) {
            Optional<TierEngine.Update> update = tierOps.reviewTier(m, now);
            if (update.isPresent()) {
                reviewed = 1;
                changed = update.get().changes() ? 1 : 0;
            }
        }
        long occasions = timedCampaigns ? campaignOps.runCampaigns(m, now) : 0;
        return reviewed == 0 && occasions == 0 ? MemberWork.NONE : new MemberWork(reviewed, changed, occasions);
    }

    /** Tiers reviewed and changed and campaign occasions given, summed over members. */
    private record MemberWork(long reviewed, long changed, long occasions) {
        static final MemberWork NONE = new MemberWork(0, 0, 0);

        MemberWork plus(MemberWork other) {
            return other == NONE ? this : new MemberWork(reviewed + other.reviewed, changed + other.changed,
                    occasions + other.occasions);
        }
    }

    private static final int DUE_BATCH = ProgramPart.DUE_BATCH;

    // ---- paying with points (delegated) ---------------------------------------------------------

    /**
     * Quotes the most points the buyer can apply to an order now, their money value, the limit
     * that decided it, and the allocation of that discount over the order's lines.
     *
     * @param order the cart (what it already pays with points is ignored)
     * @return the quote
     * @throws NotFoundException if the buyer is not a member
     * @throws InvalidArgumentException if the member is not active
     * @throws dev.loyaltykit.core.CurrencyMismatchException if the order is not in the program's currency
     */
    public Quote quote(Order order) {
        return redemptionOps.quote(order);
    }

    /**
     * Holds points at checkout against an order, within the balance and the redemption policy.
     * Capture them with {@link #capture(MemberId, OrderId, long)} when the payment goes through,
     * or {@link #release(MemberId, OrderId)} them; a hold not captured by its deadline lapses.
     *
     * @param order the order being paid
     * @param points the points to hold, positive
     * @param deadline when the hold lapses
     * @return the hold with its money value and allocation
     * @throws InvalidArgumentException if points are not positive or the deadline is not in the future
     * @throws dev.loyaltykit.core.InsufficientPointsException if the member has fewer available points
     * @throws RedemptionNotAllowedException if the policy allows fewer points for this order
     * @throws dev.loyaltykit.core.IdempotencyConflictException if this order already holds points
     *     under another request
     */
    public RedemptionResult hold(Order order, long points, Instant deadline) {
        return redemptionOps.hold(order, points, deadline);
    }

    /**
     * Redeems points on an order in one step (a POS flow without a separate authorisation).
     *
     * @param order the order being paid
     * @param points the points, positive
     * @return the redemption with its money value and allocation
     * @throws InvalidArgumentException if points are not positive
     * @throws dev.loyaltykit.core.InsufficientPointsException if the member has fewer available points
     * @throws RedemptionNotAllowedException if the policy allows fewer points for this order
     */
    public RedemptionResult redeem(Order order, long points) {
        return redemptionOps.redeem(order, points);
    }

    /**
     * Captures all or part of the points held for an order; the rest returns to the member.
     *
     * @param member the member
     * @param order the order
     * @param points the points to capture, at most the held points
     * @return the capture with its money value and allocation
     * @throws NotFoundException if the member holds no points for this order
     * @throws dev.loyaltykit.core.ledger.HoldStateException if the hold was captured, released or lapsed,
     *         or a refund took back all the points it reserved (it is then RELEASED)
     * @throws dev.loyaltykit.core.ledger.HoldAmountExceededException if more points are asked than held
     */
    public RedemptionResult capture(MemberId member, OrderId order, long points) {
        return redemptionOps.capture(member, order, points);
    }

    /**
     * Releases the points held for an order (the checkout was cancelled).
     *
     * @param member the member
     * @param order the order
     * @return the ledger receipt
     * @throws NotFoundException if the member holds no points for this order
     * @throws dev.loyaltykit.core.ledger.HoldStateException if the hold was captured, released or lapsed,
     *         or a refund took back all the points it reserved (it is then RELEASED)
     */
    public LedgerReceipt release(MemberId member, OrderId order) {
        return redemptionOps.release(member, order);
    }

    /**
     * Redeems a reward of the catalog: a ledger debit of its price under its own key, within the
     * reward's stock and per-member limit. The result carries a reward code for the member.
     *
     * @param member the member
     * @param rewardId the reward
     * @param key the host's idempotency key for this redemption
     * @return the code and the receipt; a repeat with the same key returns the same code
     * @throws NotFoundException if the member or the reward does not exist
     * @throws RewardUnavailableException if the reward is out of stock or the member's limit is reached
     * @throws dev.loyaltykit.core.InsufficientPointsException if the member has fewer available points
     */
    public RewardResult redeemReward(MemberId member, String rewardId, String key) {
        return redemptionOps.redeemReward(member, rewardId, key);
    }

    // ---- campaigns, tiers and reports (delegated to the parts) ------------------------------------

    /**
     * How a campaign is doing: occasions targeted and held back, and how many of each converted
     * (bought within the attribution window).
     *
     * @param campaignId the campaign
     * @return the figures
     * @throws NotFoundException if the program has no such campaign
     */
    public CampaignStats campaignStats(String campaignId) {
        return campaignOps.campaignStats(campaignId);
    }

    /**
     * The segments a member is in now (the program's and those the host registered).
     *
     * @param member the member
     * @return the segment names, sorted
     * @throws NotFoundException if there is no such member
     */
    public java.util.SortedSet<String> segmentsOf(MemberId member) {
        return campaignOps.segmentsOf(member);
    }

    /**
     * The settlement of a coalition program for a period: per partner, the points it issued, the
     * points redeemed at it, the points of its issue redeemed elsewhere, and the money it owes
     * the program (or is owed); the program's own side balances the partners' to zero. Reads the
     * members' histories of the period only (newest first, stopping at the period's start).
     *
     * @param from the start of the period (inclusive)
     * @param to the end (exclusive)
     * @return the report
     * @throws InvalidArgumentException if {@code to} is not after {@code from}
     */
    public SettlementReport settlement(Instant from, Instant to) {
        return reports.settlement(from, to);
    }

    /**
     * The program's KPIs for whole months: members enrolled and active, repeat buyers, orders and
     * spend (from monthly aggregates kept with each purchase, not from history), points issued,
     * redeemed, expired and adjusted (from the period's transfers), the outstanding liability now
     * (from the system accounts' totals, constant time), and every campaign's conversion against
     * its control group. Monthly aggregates are kept 25 months.
     *
     * @param first the first month
     * @param last the last month, not before the first
     * @return the KPIs
     * @throws InvalidArgumentException if the months are in the wrong order
     */
    public ProgramKpis kpis(java.time.YearMonth first, java.time.YearMonth last) {
        return reports.kpis(first, last);
    }

    /**
     * A member's tier, its benefits and the progress to the next one.
     *
     * @param member the member
     * @return the status, or empty if the program has no tiers
     * @throws NotFoundException if there is no such member
     */
    public Optional<TierStatus> tierStatus(MemberId member) {
        return tierOps.tierStatus(member);
    }

    /**
     * The discount a member's tier gives on an order (the cumulative-discount card): the tier's
     * percentage of the order's lines after discounts, rounded down to the currency's minor unit.
     *
     * @param order the order
     * @return the discount, zero if the program has no tiers or the tier gives none
     * @throws NotFoundException if the buyer is not a member
     */
    public Money tierDiscount(Order order) {
        return tierOps.tierDiscount(order);
    }

    /**
     * Assigns a tier by hand (a VIP) until an instant. The assignment is explicit and ends; after
     * it the member has the tier they earned. While it lasts the member has the higher of the two.
     *
     * @param member the member
     * @param tierId the tier
     * @param until when the assignment ends, in the future
     * @param key the host's idempotency key for this assignment
     * @return the status after the assignment
     * @throws NotFoundException if the member or the tier does not exist
     * @throws InvalidArgumentException if the program has no tiers or {@code until} is not in the future
     */
    public TierStatus assignTier(MemberId member, String tierId, Instant until, String key) {
        return tierOps.assignTier(member, tierId, until, key);
    }

    /**
     * Re-evaluates every member's tier at once under the current definitions — after the host
     * changed thresholds or tiers and does not want to wait for the next review. Idempotent per
     * {@code runId}.
     *
     * @param runId the host's id of this re-evaluation
     * @return how many members' tier changed
     * @throws InvalidArgumentException if the program has no tiers
     */
    public long reevaluateTiers(String runId) {
        return tierOps.reevaluateTiers(runId);
    }

    // ---- referrals ----------------------------------------------------------------------------

    /**
     * A member's referral code, created on first use: 8 characters without 0/O, 1/I/L, random,
     * unique across members.
     *
     * <pre>{@code
     * String code = program.referralCode(anna);                        // e.g. "K7M3QX9P"
     * program.enroll(boris, code, Optional.of(deviceFingerprint));     // Boris is Anna's friend
     * }</pre>
     *
     * @param member the member
     * @return the code
     * @throws NotFoundException if there is no such member
     * @throws IllegalStateException if the program has no referral scheme
     */
    public String referralCode(MemberId member) {
        return referrals.codeOf(member);
    }

    /**
     * Gives a member a code the host chose (a vanity code, one printed on a card). Spaces and
     * dashes are ignored and case is not significant; the code is stored upper-case.
     *
     * @param member the member
     * @param code 4 to 16 characters of {@code ABCDEFGHJKMNPQRSTUVWXYZ23456789}
     * @throws InvalidArgumentException if the code is too short, too long or has other characters
     * @throws NotFoundException if there is no such member
     * @throws dev.loyaltykit.core.AlreadyExistsException if another member has the code, or the
     *     member already has another code
     * @throws IllegalStateException if the program has no referral scheme
     */
    public void assignReferralCode(MemberId member, String code) {
        referrals.assignCode(member, code);
    }

    /**
     * Enrols a member who was referred by the owner of a code, linking them for good. The code is
     * checked before anything is written. Fraud is not an exception: a referral refused by a rule
     * (self-referral, an existing member or customer, a cycle, the fingerprint's limit) is
     * recorded {@link dev.loyaltykit.core.referral.ReferralStatus#REJECTED} with its reason and the
     * enrolment succeeds; see {@link #referralOf(MemberId)}.
     *
     * @param member the new member
     * @param referralCode the code as typed (spaces, dashes and case do not matter)
     * @param fingerprint a device or network fingerprint of the sign-up, if the host has one;
     *     enrolments per fingerprint are limited like referrals per referrer
     * @return the member as stored
     * @throws NotFoundException if no member has the code
     * @throws InvalidArgumentException if the fingerprint is blank or longer than 512 characters
     * @throws dev.loyaltykit.core.AlreadyExistsException if the id or an identifier is taken
     * @throws IllegalStateException if the program has no referral scheme
     */
    public Member enroll(Member member, String referralCode, Optional<String> fingerprint) {
        Objects.requireNonNull(member, "member");
        Referrals.checkFingerprint(fingerprint);
        referrals.referrerOf(referralCode);
        Member stored = enroll(member);
        referrals.link(stored.id(), referralCode, fingerprint);
        return stored;
    }

    /**
     * Applies a referral code to a member who already enrolled (the host's sign-up flow enrols
     * first and asks for a code after). Within the scheme's grace after enrolment and before any
     * purchase this links the member like {@link #enroll(Member, String, Optional)}; later it
     * records a referral rejected as {@code ALREADY_MEMBER} or {@code ALREADY_PURCHASED}. A member
     * is linked at most once, ever: applying the same referrer's code again returns the referral
     * as it is.
     *
     * @param friend the member who was referred
     * @param referralCode the code as typed
     * @param fingerprint a device or network fingerprint, if the host has one
     * @return the referral as stored
     * @throws NotFoundException if no member has the code, or the friend is not a member
     * @throws InvalidArgumentException if the fingerprint is blank or longer than 512 characters
     * @throws dev.loyaltykit.core.AlreadyExistsException if the friend was already linked to another referrer
     * @throws IllegalStateException if the program has no referral scheme
     */
    public Referral applyReferralCode(MemberId friend, String referralCode, Optional<String> fingerprint) {
        return referrals.link(friend, referralCode, fingerprint);
    }

    /**
     * The referral that brought a member in, whatever its status.
     *
     * @param friend the referred member
     * @return the referral
     */
    public Optional<Referral> referralOf(MemberId friend) {
        return referrals.referralOf(friend);
    }

    /**
     * The referrals a member made, whatever their status (rejected ones with their reason), by
     * ascending friend id.
     *
     * @param referrer the referrer
     * @return the referrals
     * @throws NotFoundException if there is no such member
     */
    public List<Referral> referralsOf(MemberId referrer) {
        return referrals.referralsOf(referrer);
    }

    /**
     * The percentage a referred friend may take off their first order, when the scheme's friend
     * reward is a {@link dev.loyaltykit.rules.referral.FriendReward.Discount}: present while the
     * friend's referral is pending and the friend has no recorded purchase. The host applies it
     * (as the order discount) at checkout.
     *
     * @param friend the referred member
     * @return the percentage
     */
    public Optional<BigDecimal> referralDiscount(MemberId friend) {
        return referrals.discountFor(friend);
    }

    // ---- end of referrals ---------------------------------------------------------------------

    private void publish(LoyaltyEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("event listener failed on {} for member {}: {}", event.getClass().getSimpleName(),
                    event.member(), e.toString());
        }
        if (event instanceof ReferralRewarded r && referralMessage.isPresent()) {
            for (String role : List.of("friend", "referrer")) {
                MemberId who = role.equals("friend") ? r.member() : r.referrer();
                tell(who, referralMessage.get(), referralChannels, "referral:" + r.member().value() + ":" + role,
                        Map.of("role", role, "points", String.valueOf(role.equals("friend") ? r.friendPoints()
                                : r.referrerPoints()), "friend", r.member().value(), "referrer", r.referrer().value()));
            }
        }
        if (event instanceof TierChanged t && tierMessage.isPresent()) {
            tell(t.member(), tierMessage.get(), tierChannels, "tier:" + t.member().value() + ":" + t.to() + ":"
                    + t.at().getEpochSecond(), Map.of("from", t.from(), "to", t.to(), "reason", t.reason().name()));
        }
    }

    /** Sends a message to a member on the first of {@code channels} the member consented to, if any. */
    private void tell(MemberId who, String template, List<Channel> channels, String key, Map<String, String> params) {
        Optional<Member> member = members.find(who);
        Optional<Channel> channel = member.flatMap(m -> channels.stream().filter(m::hasConsent).findFirst());
        if (channel.isEmpty()) {
            return;
        }
        try {
            messenger.send(new Message(key, who, channel.get(), template, params));
        } catch (RuntimeException e) {
            LOG.warn("messenger failed for member {} ({}): {}", who, template, e.toString());
        }
    }

    private static String fingerprint(String content) {
        return ProgramPart.fingerprint(content);
    }

    /**
     * Wires a {@link LoyaltyProgram}. Not thread-safe.
     */
    public static final class Builder {
        private final ProgramDefinition definition;
        private MemberStore memberStore;
        private LedgerStore ledgerStore;
        private EventListener listener = EventListener.NONE;
        private Clock clock = Clock.systemUTC();
        private SharedCounters sharedCounters;
        private java.util.function.Supplier<String> rewardCodes = RewardCodes.secureRandom();
        private RedemptionLimits redemptionLimits = RedemptionLimits.PROGRAM;
        private Messenger messenger = Messenger.NONE;
        private String referralMessage;
        private List<Channel> referralChannels = List.of();
        private String tierMessage;
        private List<Channel> tierChannels = List.of();
        private final Map<String, Segment> segments = new LinkedHashMap<>();
        // ---- referrals: builder fields ----
        private ReferralStore referralStore;
        private java.util.function.Supplier<String> referralCodes = ReferralCodes.secureRandom();

        private Builder(ProgramDefinition definition) {
            this.definition = Objects.requireNonNull(definition, "definition");
        }

        /**
         * The member store (default: a new in-memory store).
         *
         * @param value the store
         * @return this builder
         */
        public Builder memberStore(MemberStore value) {
            this.memberStore = Objects.requireNonNull(value, "memberStore");
            return this;
        }

        /**
         * The ledger store (default: a new in-memory store).
         *
         * @param value the store
         * @return this builder
         */
        public Builder ledgerStore(LedgerStore value) {
            this.ledgerStore = Objects.requireNonNull(value, "ledgerStore");
            return this;
        }

        /**
         * The event listener (default: none).
         *
         * @param value the listener
         * @return this builder
         */
        public Builder listener(EventListener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * The clock (default: {@link Clock#systemUTC()}).
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * The counters shared by all members, for reward stock (default: a new in-memory one).
         *
         * @param value the counters
         * @return this builder
         */
        public Builder sharedCounters(SharedCounters value) {
            this.sharedCounters = Objects.requireNonNull(value, "sharedCounters");
            return this;
        }

        /**
         * Where reward codes come from (default: 12 random characters from a {@link java.security.SecureRandom}
         * over an alphabet without ambiguous letters).
         *
         * @param value the code supplier; called once per redemption attempt
         * @return this builder
         */
        public Builder rewardCodes(java.util.function.Supplier<String> value) {
            this.rewardCodes = Objects.requireNonNull(value, "rewardCodes");
            return this;
        }

        /**
         * Chooses the redemption policy per member (default: the program's for everyone).
         *
         * @param value the hook
         * @return this builder
         */
        public Builder redemptionLimits(RedemptionLimits value) {
            this.redemptionLimits = Objects.requireNonNull(value, "redemptionLimits");
            return this;
        }

        // ---- referrals: builder setters ----

        /**
         * The referral store (default: a new in-memory store).
         *
         * @param value the store
         * @return this builder
         */
        public Builder referralStore(ReferralStore value) {
            this.referralStore = Objects.requireNonNull(value, "referralStore");
            return this;
        }

        /**
         * Where new referral codes come from (default: 8 random characters from a
         * {@link java.security.SecureRandom} over an alphabet without 0/O, 1/I/L). A code already
         * taken is replaced by the next one, a bounded number of times.
         *
         * @param value the code supplier; must be thread-safe and return 4 to 16 characters of
         *     {@code ABCDEFGHJKMNPQRSTUVWXYZ23456789}
         * @return this builder
         */
        public Builder referralCodes(java.util.function.Supplier<String> value) {
            this.referralCodes = Objects.requireNonNull(value, "referralCodes");
            return this;
        }

        /**
         * Registers a host-defined segment for segment-entered campaigns.
         *
         * @param name the segment's name, as campaigns refer to it
         * @param segment who is in it
         * @return this builder
         */
        public Builder segment(String name, Segment segment) {
            segments.put(dev.loyaltykit.rules.internal.Names.id("segment", name), Objects.requireNonNull(segment, "segment"));
            return this;
        }

        /**
         * Tells both members of a rewarded referral, through the messenger, on the first of these
         * channels each consented to (default: no referral messages, events only).
         *
         * @param template the host's template key, e.g. {@code referral-rewarded}
         * @param channels the channels in order of preference
         * @return this builder
         */
        public Builder referralMessages(String template, Channel... channels) {
            this.referralMessage = dev.loyaltykit.rules.internal.Names.id("template", template);
            this.referralChannels = List.of(channels);
            return this;
        }

        /**
         * Tells members of their tier changes (upgrades, downgrades, assignments) through the
         * messenger, on the first of these channels they consented to (default: events only).
         *
         * @param template the host's template key, e.g. {@code tier-changed}
         * @param channels the channels in order of preference
         * @return this builder
         */
        public Builder tierMessages(String template, Channel... channels) {
            this.tierMessage = dev.loyaltykit.rules.internal.Names.id("template", template);
            this.tierChannels = List.of(channels);
            return this;
        }

        /**
         * The messenger campaigns send through (default: none).
         *
         * @param value the messenger
         * @return this builder
         */
        public Builder messenger(Messenger value) {
            this.messenger = Objects.requireNonNull(value, "messenger");
            return this;
        }

        /**
         * Builds the program.
         *
         * @return the program
         */
        public LoyaltyProgram build() {
            if (memberStore == null) {
                memberStore = new InMemoryMemberStore();
            }
            if (ledgerStore == null) {
                ledgerStore = new InMemoryLedgerStore();
            }
            if (sharedCounters == null) {
                sharedCounters = new InMemorySharedCounters();
            }
            // ---- referrals: default store ----
            if (referralStore == null) {
                referralStore = new InMemoryReferralStore();
            }
            return new LoyaltyProgram(this);
        }
    }
}
