package dev.loyaltykit.core.referral;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.OrderId;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A friend's link to the member who referred them, and how far the referral has come. A friend
 * has at most one referral, ever: the link (friend, referrer, code, time) is permanent; only the
 * status and what belongs to it change, by the transition methods, each of which returns a
 * changed copy to store with the version it was read at.
 *
 * <pre>{@code
 * Referral r = Referral.pending(friend, referrer, "K7M3QX9P", now);
 * Referral q = r.qualified(OrderId.of("o-1"), now.plus(Duration.ofDays(14)), now);
 * Referral paid = q.rewarded(later);
 * }</pre>
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param friend the referred member; the referral's key
 * @param referrer the member whose code the friend used (equal to {@code friend} only in a
 *     rejected self-referral)
 * @param code the referral code the friend used
 * @param linkedAt when the code was applied
 * @param status where the referral stands
 * @param rejection why it was rejected; present exactly when the status is {@link ReferralStatus#REJECTED}
 * @param order the friend's qualifying order; present from {@link ReferralStatus#QUALIFIED} on
 *     (and on a referral rejected after it qualified)
 * @param maturesAt when the qualifying order is past its return period and the rewards are due;
 *     present exactly when {@code order} is
 * @param changedAt when the status last changed, not before {@code linkedAt}
 * @param version the store's optimistic-concurrency version, 0 before the referral is stored
 */
public record Referral(MemberId friend, MemberId referrer, String code, Instant linkedAt, ReferralStatus status,
        Optional<RejectionReason> rejection, Optional<OrderId> order, Optional<Instant> maturesAt,
        Instant changedAt, long version) {
    /** The longest code a referral accepts. */
    public static final int MAX_CODE_LENGTH = 64;

    /**
     * Validates the fields and their consistency with the status.
     *
     * @throws InvalidArgumentException if the code is blank, too long or has white space or control
     *     characters, the version is negative, {@code changedAt} is before {@code linkedAt}, or the
     *     optional fields do not fit the status
     */
    public Referral {
        Objects.requireNonNull(friend, "friend");
        Objects.requireNonNull(referrer, "referrer");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(linkedAt, "linkedAt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(rejection, "rejection");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(maturesAt, "maturesAt");
        Objects.requireNonNull(changedAt, "changedAt");
        checkCode(code);
        if (version < 0) {
            throw new InvalidArgumentException("version", "must be at least 0, but was " + version);
        }
        if (changedAt.isBefore(linkedAt)) {
            throw new InvalidArgumentException("changedAt", "must not be before linkedAt " + linkedAt + ", but was "
                    + changedAt);
        }
        if (rejection.isPresent() != (status == ReferralStatus.REJECTED)) {
            throw new InvalidArgumentException("rejection", "a reason is required for REJECTED and not allowed for "
                    + status + " (referral of " + friend + ")");
        }
        if (order.isPresent() != maturesAt.isPresent()) {
            throw new InvalidArgumentException("maturesAt", "must be present exactly when the qualifying order is"
                    + " (referral of " + friend + ")");
        }
        boolean needsOrder = status == ReferralStatus.QUALIFIED || status == ReferralStatus.REWARDED
                || status == ReferralStatus.REVERSED;
        if (needsOrder && order.isEmpty() || status == ReferralStatus.PENDING && order.isPresent()) {
            throw new InvalidArgumentException("order", (needsOrder ? "is required for " : "is not allowed for ")
                    + status + " (referral of " + friend + ")");
        }
        if (friend.equals(referrer) && status != ReferralStatus.REJECTED) {
            throw new InvalidArgumentException("referrer", "a member cannot refer themselves (" + friend
                    + "); such a referral can only be stored REJECTED");
        }
    }

    private static void checkCode(String code) {
        if (code.isEmpty() || code.length() > MAX_CODE_LENGTH
                || code.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
                        || Character.isSurrogate((char) c))) {
            throw new InvalidArgumentException("code", "must be 1 to " + MAX_CODE_LENGTH
                    + " characters without white space, control or surrogate characters, but was '" + code + "'");
        }
    }

    /**
     * A new link, waiting for the friend's qualifying purchase.
     *
     * @param friend the referred member
     * @param referrer the member whose code was used, not the friend
     * @param code the code
     * @param at when the code was applied
     * @return the referral, version 0
     * @throws InvalidArgumentException if the friend is the referrer or the code is malformed
     */
    public static Referral pending(MemberId friend, MemberId referrer, String code, Instant at) {
        return new Referral(friend, referrer, code, at, ReferralStatus.PENDING, Optional.empty(), Optional.empty(),
                Optional.empty(), at, 0);
    }

    /**
     * A link refused when the code was applied.
     *
     * @param friend the referred member
     * @param referrer the member whose code was used (may be the friend)
     * @param code the code
     * @param reason why
     * @param at when the code was applied
     * @return the referral, version 0
     * @throws InvalidArgumentException if the code is malformed
     */
    public static Referral rejected(MemberId friend, MemberId referrer, String code, RejectionReason reason,
            Instant at) {
        Objects.requireNonNull(reason, "reason");
        return new Referral(friend, referrer, code, at, ReferralStatus.REJECTED, Optional.of(reason),
                Optional.empty(), Optional.empty(), at, 0);
    }

    /**
     * The friend made a qualifying purchase: {@code PENDING -> QUALIFIED}.
     *
     * @param qualifyingOrder the order
     * @param due when the rewards are due (the order past its return period)
     * @param at now
     * @return the changed referral
     * @throws IllegalStateException if the referral is not pending
     */
    public Referral qualified(OrderId qualifyingOrder, Instant due, Instant at) {
        require(ReferralStatus.PENDING);
        return new Referral(friend, referrer, code, linkedAt, ReferralStatus.QUALIFIED, Optional.empty(),
                Optional.of(qualifyingOrder), Optional.of(due), changedAt(at), version);
    }

    /**
     * Both rewards were paid: {@code QUALIFIED -> REWARDED}.
     *
     * @param at now
     * @return the changed referral
     * @throws IllegalStateException if the referral is not qualified
     */
    public Referral rewarded(Instant at) {
        require(ReferralStatus.QUALIFIED);
        return withStatus(ReferralStatus.REWARDED, Optional.empty(), at);
    }

    /**
     * Refused: {@code PENDING} or {@code QUALIFIED -> REJECTED}.
     *
     * @param reason why
     * @param at now
     * @return the changed referral
     * @throws IllegalStateException if the referral is neither pending nor qualified
     */
    public Referral rejected(RejectionReason reason, Instant at) {
        require(ReferralStatus.PENDING, ReferralStatus.QUALIFIED);
        return withStatus(ReferralStatus.REJECTED, Optional.of(Objects.requireNonNull(reason, "reason")), at);
    }

    /**
     * The qualifying order was refunded: {@code QUALIFIED} or {@code REWARDED -> REVERSED}.
     *
     * @param at now
     * @return the changed referral
     * @throws IllegalStateException if the referral is neither qualified nor rewarded
     */
    public Referral reversed(Instant at) {
        require(ReferralStatus.QUALIFIED, ReferralStatus.REWARDED);
        return withStatus(ReferralStatus.REVERSED, Optional.empty(), at);
    }

    /**
     * A copy at another version; used by stores.
     *
     * @param newVersion the version
     * @return the referral at that version
     */
    public Referral withVersion(long newVersion) {
        return new Referral(friend, referrer, code, linkedAt, status, rejection, order, maturesAt, changedAt,
                newVersion);
    }

    /**
     * Tells whether this referral is due for payment at an instant: qualified, and matured at or
     * before it.
     *
     * @param now the instant
     * @return true if the rewards are due
     */
    public boolean isDueAt(Instant now) {
        return status == ReferralStatus.QUALIFIED && !maturesAt.orElseThrow().isAfter(now);
    }

    private Referral withStatus(ReferralStatus next, Optional<RejectionReason> reason, Instant at) {
        return new Referral(friend, referrer, code, linkedAt, next, reason, order, maturesAt, changedAt(at), version);
    }

    /** Status changes never go back in time, even if clocks of two instances disagree. */
    private Instant changedAt(Instant at) {
        Objects.requireNonNull(at, "at");
        return at.isBefore(changedAt) ? changedAt : at;
    }

    private void require(ReferralStatus... allowed) {
        Set<ReferralStatus> set = EnumSet.noneOf(ReferralStatus.class);
        set.addAll(java.util.Arrays.asList(allowed));
        if (!set.contains(status)) {
            throw new IllegalStateException("referral of " + friend + " is " + status + "; expected one of " + set);
        }
    }
}
