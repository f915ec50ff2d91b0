package dev.loyaltykit.rules;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.NotFoundException;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.PartnerId;
import dev.loyaltykit.core.ledger.CounterChange;
import dev.loyaltykit.core.ledger.HoldId;
import dev.loyaltykit.core.ledger.LedgerCommand;
import dev.loyaltykit.core.ledger.LedgerReceipt;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.core.ledger.PointsLedger;
import dev.loyaltykit.core.spi.MemberLedger;
import dev.loyaltykit.core.spi.SharedCounters;
import dev.loyaltykit.rules.internal.MemoCodec;
import dev.loyaltykit.rules.redemption.Quote;
import dev.loyaltykit.rules.redemption.QuoteCalculator;
import dev.loyaltykit.rules.redemption.QuoteLimit;
import dev.loyaltykit.rules.redemption.RedemptionPolicy;
import dev.loyaltykit.rules.redemption.RedemptionNotAllowedException;
import dev.loyaltykit.rules.redemption.RedemptionLimits;
import dev.loyaltykit.rules.redemption.RedemptionResult;
import dev.loyaltykit.rules.redemption.Reward;
import dev.loyaltykit.rules.redemption.RewardResult;
import dev.loyaltykit.rules.redemption.RewardUnavailableException;
import dev.loyaltykit.rules.accrual.Periods;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The paying-with-points part of {@link LoyaltyProgram}: quotes, holds, captures, redemptions and rewards. */
final class RedemptionOperations extends ProgramPart {
    private final QuoteCalculator quotes;
    private final RedemptionLimits redemptionLimits;
    private final java.util.function.Supplier<String> rewardCodes;

    RedemptionOperations(ProgramPart shared, QuoteCalculator quotes, RedemptionLimits redemptionLimits,
            java.util.function.Supplier<String> rewardCodes) {
        super(shared);
        this.quotes = quotes;
        this.redemptionLimits = redemptionLimits;
        this.rewardCodes = rewardCodes;
    }

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
    Quote quote(Order order) {
        Objects.requireNonNull(order, "order");
        order.orderDiscount().requireCurrency(definition.currency());
        Member member = activeMember(order.member());
        MemberLedger state = ledger.state(member.id());
        return calculator(member, state).quote(order, state.balance().available());
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
    RedemptionResult hold(Order order, long points, Instant deadline) {
        Objects.requireNonNull(deadline, "deadline");
        return spend(order, points, holdKey(order.orderId()), "hold|" + points + "|" + deadline,
                key -> new LedgerCommand.PlaceHold(key, order.member(), points, deadline,
                        Optional.of(order.orderId().value())));
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
    RedemptionResult redeem(Order order, long points) {
        return spend(order, points, redeemKey(order.orderId()), "redeem|" + points,
                key -> order.partner().isPresent()
                        ? LedgerCommand.Debit.of(key, order.member(), points).at(order.partner().get())
                        : LedgerCommand.Debit.of(key, order.member(), points));
    }

    private RedemptionResult spend(Order order, long points, OperationKey key, String request,
            java.util.function.Function<OperationKey, LedgerCommand> command) {
        Objects.requireNonNull(order, "order");
        if (points <= 0) {
            throw new InvalidArgumentException("points", "must be positive, but was " + points);
        }
        order.orderDiscount().requireCurrency(definition.currency());
        // The buyer read with the buyer's ledger (one round trip with the PostgreSQL stores).
        PointsLedger.Executed done = executeForActiveMember(order.member(), key, fingerprint(request + "|" + order),
                member -> {
            checkPartner(order);
            Map<String, BigDecimal> quantities = quantities(order);
            return state -> {
            long available = state.balance().available();
            if (points > available) {
                throw new dev.loyaltykit.core.InsufficientPointsException(member.id(), points, available);
            }
            QuoteCalculator calculator = calculator(member, state);
            Quote quote = calculator.quote(order, available);
            if (points > quote.points()) {
                QuoteLimit binding = quote.binding().orElseThrow();
                throw new RedemptionNotAllowedException(points, quote.points(), binding.name(), binding.detail());
            }
            Map<String, Money> allocation = calculator.allocate(order, calculator.valueOf(points));
            return new PointsLedger.Plan(command.apply(key), MemoCodec.writeAllocation(allocation, quantities,
                    order.partner()));
            };
        });
        return redemption(order.orderId(), order.member(), points, done);
    }

    private QuoteCalculator calculator(Member member, MemberLedger state) {
        RedemptionPolicy programPolicy = tiers.flatMap(t -> t.effective(state, clock.instant()).benefits().redemption())
                .orElse(definition.redemption());
        RedemptionPolicy policy = redemptionLimits.policyFor(member, state, programPolicy);
        return policy.equals(definition.redemption()) ? quotes : new QuoteCalculator(policy, definition.pointValue());
    }

    private RedemptionResult redemption(OrderId order, MemberId member, long points, PointsLedger.Executed done) {
        Map<String, BigDecimal> ignored = new LinkedHashMap<>();
        Map<String, Money> allocation = MemoCodec.readAllocation(done.receipt().memo(), ignored);
        return new RedemptionResult(order, member, points, quotes.valueOf(points), allocation, done.receipt(),
                done.replayed());
    }

    private static Map<String, BigDecimal> quantities(Order order) {
        Map<String, BigDecimal> q = new LinkedHashMap<>();
        order.lines().forEach(l -> q.put(l.lineId(), l.quantity()));
        return q;
    }

    /**
     * Captures all or part of the points held for an order; the rest returns to the member.
     *
     * @param member the member
     * @param order the order
     * @param points the points to capture, at most the held points
     * @return the capture with its money value and allocation
     * @throws NotFoundException if the member holds no points for this order
     * @throws dev.loyaltykit.core.ledger.HoldStateException if the hold was captured, released or lapsed, or emptied by a refund
     * @throws dev.loyaltykit.core.ledger.HoldAmountExceededException if more points are asked than held
     */
    RedemptionResult capture(MemberId member, OrderId order, long points) {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(order, "order");
        if (points <= 0) {
            throw new InvalidArgumentException("points", "must be positive, but was " + points);
        }
        OperationKey hold = holdKey(order);
        OperationKey key = captureKey(order);
        // The hold's receipt (its allocation over the lines) is read with the member's state.
        PointsLedger.Executed done = ledger.execute(key, member, fingerprint("capture|" + points), List.of(hold),
                (state, earlier) -> {
            LedgerReceipt held = earlier.get(hold);
            if (held == null) {
                throw new NotFoundException("hold", member + "/" + order);
            }
            Map<String, BigDecimal> quantities = new LinkedHashMap<>();
            Map<String, BigDecimal> weights = new LinkedHashMap<>();
            MemoCodec.readAllocation(held.memo(), quantities).forEach((line, money) -> weights.put(line, money.amount()));
            Optional<PartnerId> partner = MemoCodec.readPartner(held.memo());
            Map<String, Money> allocation = QuoteCalculator.allocate(weights, quotes.valueOf(points));
            return new PointsLedger.Plan(new LedgerCommand.Capture(key, member, HoldId.of(hold), points, partner),
                    MemoCodec.writeAllocation(allocation, quantities, partner));
        });
        return redemption(order, member, points, done);
    }

    /**
     * Releases the points held for an order (the checkout was cancelled).
     *
     * @param member the member
     * @param order the order
     * @return the ledger receipt
     * @throws NotFoundException if the member holds no points for this order
     * @throws dev.loyaltykit.core.ledger.HoldStateException if the hold was captured, released or lapsed, or emptied by a refund
     */
    LedgerReceipt release(MemberId member, OrderId order) {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(order, "order");
        return ledger.release(LedgerCommand.Release.of(OperationKey.of("redeem:" + order.value() + ":release"), member,
                HoldId.of(holdKey(order))));
    }

    private static OperationKey holdKey(OrderId order) {
        return OperationKey.of("redeem:" + order.value() + ":hold");
    }

    static OperationKey captureKey(OrderId order) {
        return OperationKey.of("redeem:" + order.value() + ":capture");
    }

    static OperationKey redeemKey(OrderId order) {
        return OperationKey.of("redeem:" + order.value() + ":debit");
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
    RewardResult redeemReward(MemberId member, String rewardId, String key) {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(rewardId, "rewardId");
        Objects.requireNonNull(key, "key");
        Reward reward = definition.reward(rewardId).orElseThrow(() -> new NotFoundException("reward", rewardId));
        OperationKey opKey = OperationKey.of("reward:" + key);
        String stockCounter = "reward-stock:" + definition.id() + ":" + reward.id();
        String holder = member.value() + "/" + key;
        SharedCounters.Reservation reservation = SharedCounters.Reservation.ALREADY_RESERVED;
        if (reward.stock().isPresent()) {
            // The member first: an unknown or inactive member takes no unit of stock, not even for
            // a moment. Then a unit for a redemption not made before (a repeat keeps the first one's).
            activeMember(member);
            if (ledger.receipt(member, opKey).isEmpty()) {
                reservation = sharedCounters.reserve(stockCounter, holder, reward.stock().getAsLong());
                if (reservation == SharedCounters.Reservation.EXHAUSTED) {
                    throw new RewardUnavailableException(reward.id(), RewardUnavailableException.Reason.OUT_OF_STOCK,
                            "all " + reward.stock().getAsLong() + " have been redeemed");
                }
            }
        }
        Instant at = clock.instant();
        try {
            // The member read with its ledger (one round trip with the PostgreSQL stores).
            PointsLedger.Executed done = executeForActiveMember(member, opKey, fingerprint("reward|" + reward.id()),
                    active -> state -> {
                List<CounterChange> counters = new ArrayList<>();
                if (reward.perMember().isPresent()) {
                    String counter = "lk:reward:" + reward.id() + ":"
                            + Periods.key(reward.period(), at, definition.zone());
                    if (state.counter(counter) >= reward.perMember().getAsInt()) {
                        throw new RewardUnavailableException(reward.id(),
                                RewardUnavailableException.Reason.MEMBER_LIMIT_REACHED, "at most "
                                        + reward.perMember().getAsInt() + " per " + reward.period() + " per member");
                    }
                    counters.add(new CounterChange(counter, 1, Periods.end(reward.period(), at, definition.zone())));
                }
                return new PointsLedger.Plan(LedgerCommand.Debit.of(opKey, member, reward.points())
                        .withCounters(counters), rewardCodes.get());
            });
            return new RewardResult(reward.id(), member, reward.points(), done.receipt().memo(), done.receipt(),
                    done.replayed());
        } catch (RuntimeException e) {
            if (reservation == SharedCounters.Reservation.RESERVED) {
                sharedCounters.cancel(stockCounter, holder);
            }
            throw e;
        }
    }
}
