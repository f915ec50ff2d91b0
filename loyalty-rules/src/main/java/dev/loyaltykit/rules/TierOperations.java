package dev.loyaltykit.rules;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.NotFoundException;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.ledger.LedgerCommand;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.core.ledger.PointsLedger;
import dev.loyaltykit.core.spi.MemberLedger;
import dev.loyaltykit.rules.tier.Tier;
import dev.loyaltykit.rules.tier.TierEngine;
import dev.loyaltykit.rules.tier.TierStatus;
import dev.loyaltykit.core.event.LoyaltyEvent;
import dev.loyaltykit.core.event.TierChanged;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The tier part of {@link LoyaltyProgram}: reviews, status, assignments and re-evaluation. */
final class TierOperations extends ProgramPart {

    TierOperations(ProgramPart shared) {
        super(shared);
    }

    /** Runs a member's due tier review once: the key names the occasion, so two instances commit it once. */
    Optional<TierEngine.Update> reviewTier(Member member, Instant now) {
        TierEngine engine = tiers.orElseThrow();
        MemberLedger seen = ledger.state(member.id());
        if (engine.review(member, seen, now).isEmpty()) {
            return Optional.empty();
        }
        OperationKey key = OperationKey.of("tier-review:" + engine.lastReview(member, now).getEpochSecond() + ":"
                + seen.counter("lk:tier:grace-until") + ":" + seen.counter("lk:tier:manual-until") + ":"
                + seen.counter("lk:tier:reviewed"));
        java.util.concurrent.atomic.AtomicReference<TierEngine.Update> planned = new java.util.concurrent.atomic.AtomicReference<>();
        PointsLedger.Executed done = ledger.execute(key, member.id(), key.value(), state -> {
            TierEngine.Update update = engine.review(member, state, now).orElse(TierEngine.Update.NONE);
            planned.set(update);
            return new PointsLedger.Plan(new LedgerCommand.Tally(key, member.id(), update.counters()), List.of(), "",
                    tierEvents(member.id(), update, now));
        });
        if (done.replayed()) {
            return Optional.empty();
        }
        afterCommit(done);
        return Optional.of(planned.get());
    }

    /**
     * A member's tier, its benefits and the progress to the next one.
     *
     * @param member the member
     * @return the status, or empty if the program has no tiers
     * @throws NotFoundException if there is no such member
     */
    Optional<TierStatus> tierStatus(MemberId member) {
        Member m = members.get(member);
        return tiers.map(t -> t.status(m, ledger.state(member), clock.instant()));
    }

    /**
     * The discount a member's tier gives on an order (the cumulative-discount card): the tier's
     * percentage of the order's lines after discounts, rounded down to the currency's minor unit.
     *
     * @param order the order
     * @return the discount, zero if the program has no tiers or the tier gives none
     * @throws NotFoundException if the buyer is not a member
     */
    Money tierDiscount(Order order) {
        Objects.requireNonNull(order, "order");
        order.orderDiscount().requireCurrency(definition.currency());
        BigDecimal percent = tierStatus(order.member()).map(s -> s.benefits().discountPercent()).orElse(BigDecimal.ZERO);
        return order.linesNet().minus(order.orderDiscount()).multipliedBy(
                percent.divide(BigDecimal.valueOf(100), MathContext.DECIMAL64), RoundingMode.DOWN);
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
    TierStatus assignTier(MemberId member, String tierId, Instant until, String key) {
        Objects.requireNonNull(tierId, "tierId");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(key, "key");
        TierEngine engine = tiers.orElseThrow(() -> new InvalidArgumentException("tierId", "program "
                + definition.id() + " has no tiers"));
        Tier tier = engine.scheme().tier(tierId).orElseThrow(() -> new NotFoundException("tier", tierId));
        Member m = members.get(member);
        Instant now = clock.instant();
        if (!until.isAfter(now)) {
            throw new InvalidArgumentException("until", "must be in the future (now is " + now + "), but was " + until);
        }
        OperationKey opKey = OperationKey.of("tier-assign:" + key);
        PointsLedger.Executed done = ledger.execute(opKey, member, fingerprint(tierId + "|" + until), state -> {
            TierEngine.Update update = engine.assign(state, tier, until, now);
            return new PointsLedger.Plan(new LedgerCommand.Tally(opKey, member, update.counters()), List.of(), "",
                    tierEvents(member, update, now));
        });
        afterCommit(done);
        return engine.status(m, ledger.state(member), clock.instant());
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
    long reevaluateTiers(String runId) {
        Objects.requireNonNull(runId, "runId");
        TierEngine engine = tiers.orElseThrow(() -> new InvalidArgumentException("runId", "program "
                + definition.id() + " has no tiers"));
        long changed = 0;
        Optional<MemberId> after = Optional.empty();
        while (true) {
            List<Member> batch = memberStore.list(after, DUE_BATCH);
            for (Member m : batch) {
                OperationKey key = OperationKey.of("tier-reevaluate:" + runId);
                java.util.concurrent.atomic.AtomicReference<TierEngine.Update> planned = new java.util.concurrent.atomic.AtomicReference<>();
                PointsLedger.Executed done = ledger.execute(key, m.id(), key.value(), state -> {
                    Instant now = clock.instant();
                    TierEngine.Update update = engine.reevaluate(state, now);
                    planned.set(update);
                    return new PointsLedger.Plan(new LedgerCommand.Tally(key, m.id(), update.counters()), List.of(), "",
                            tierEvents(m.id(), update, now));
                });
                if (!done.replayed() && planned.get().changes()) {
                    changed++;
                    afterCommit(done);
                }
            }
            if (batch.size() < DUE_BATCH) {
                return changed;
            }
            after = Optional.of(batch.get(batch.size() - 1).id());
        }
    }

    /** The event of a tier change, committed with it; none if the tier stays. */
    static List<LoyaltyEvent> tierEvents(MemberId member, TierEngine.Update update, Instant at) {
        if (!update.changes()) {
            return List.of();
        }
        return List.of(new TierChanged(member, at, update.from().orElseThrow().id(), update.to().orElseThrow().id(),
                update.reason().orElseThrow()));
    }
}
