package dev.loyaltykit.core.ledger;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.PartnerId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A request to the {@link PointsLedger}. Each command carries its idempotency key and its member;
 * two commands with the same key are the same operation if and only if they are {@code equals}.
 * Times that are not given are taken from the ledger's clock when the command runs.
 *
 * <p>All commands validate their arguments when created and are immutable and thread-safe.
 */
public sealed interface LedgerCommand permits LedgerCommand.Credit, LedgerCommand.Debit,
        LedgerCommand.PlaceHold, LedgerCommand.Capture, LedgerCommand.Release, LedgerCommand.Reverse,
        LedgerCommand.Adjust, LedgerCommand.Tally {

    /**
     * The idempotency key.
     *
     * @return the key
     */
    OperationKey key();

    /**
     * The member whose ledger the command changes.
     *
     * @return the member
     */
    MemberId member();

    /**
     * The counters this operation changes in the same commit (see {@link Counter}).
     *
     * @return the counter changes, empty for most commands
     */
    default List<CounterChange> counters() {
        return List.of();
    }

    private static long positive(String argument, long value) {
        if (value <= 0) {
            throw new InvalidArgumentException(argument, "must be positive, but was " + value);
        }
        return value;
    }

    /**
     * Credit earned points to a member as a new lot, from the issued account of the program or
     * of a partner.
     *
     * <pre>{@code
     * ledger.credit(Credit.of(OperationKey.of("o-1:earn"), member, 50)
     *         .maturingAt(now.plus(Duration.ofDays(14)))
     *         .expiringAt(now.plus(Duration.ofDays(365))));
     * }</pre>
     *
     * @param key the idempotency key; also the id of the lot
     * @param member the member
     * @param points how many, positive
     * @param earnedAt when they were earned, or empty for when the command runs
     * @param availableFrom when they mature, or empty for at once
     * @param expiresAt when they expire, or empty for never
     * @param partner the issuing partner, or empty for the program
     * @param counters counters changed in the same commit
     */
    record Credit(OperationKey key, MemberId member, long points, Optional<Instant> earnedAt,
            Optional<Instant> availableFrom, Optional<Instant> expiresAt, Optional<PartnerId> partner,
            List<CounterChange> counters) implements LedgerCommand {

        /**
         * Validates the fields.
         *
         * @throws InvalidArgumentException if points are not positive, or the expiry is not after the
         *     earning and maturity
         */
        public Credit {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(earnedAt, "earnedAt");
            Objects.requireNonNull(availableFrom, "availableFrom");
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(partner, "partner");
            counters = List.copyOf(counters);
            positive("points", points);
            if (expiresAt.isPresent()) {
                Instant exp = expiresAt.get();
                if (earnedAt.isPresent() && !exp.isAfter(earnedAt.get())) {
                    throw new InvalidArgumentException("expiresAt", "must be after earnedAt " + earnedAt.get()
                            + ", but was " + exp);
                }
                if (availableFrom.isPresent() && !exp.isAfter(availableFrom.get())) {
                    throw new InvalidArgumentException("expiresAt", "must be after availableFrom "
                            + availableFrom.get() + ", but was " + exp);
                }
            }
        }

        /**
         * Points available at once, never expiring, issued by the program.
         *
         * @param key the key
         * @param member the member
         * @param points the points
         * @return the command
         */
        public static Credit of(OperationKey key, MemberId member, long points) {
            return new Credit(key, member, points, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), List.of());
        }

        /**
         * With an earning time.
         *
         * @param at when the points were earned
         * @return the changed command
         */
        public Credit earnedAt(Instant at) {
            return new Credit(key, member, points, Optional.of(at), availableFrom, expiresAt, partner, counters);
        }

        /**
         * With a maturity.
         *
         * @param at when the points can be spent
         * @return the changed command
         */
        public Credit maturingAt(Instant at) {
            return new Credit(key, member, points, earnedAt, Optional.of(at), expiresAt, partner, counters);
        }

        /**
         * With an expiry.
         *
         * @param at when unspent points expire
         * @return the changed command
         */
        public Credit expiringAt(Instant at) {
            return new Credit(key, member, points, earnedAt, availableFrom, Optional.of(at), partner, counters);
        }

        /**
         * Issued by a partner.
         *
         * @param by the partner
         * @return the changed command
         */
        public Credit issuedBy(PartnerId by) {
            return new Credit(key, member, points, earnedAt, availableFrom, expiresAt, Optional.of(by), counters);
        }

        /**
         * With counter changes committed together with the credit.
         *
         * @param changes the counter changes
         * @return the changed command
         */
        public Credit withCounters(List<CounterChange> changes) {
            return new Credit(key, member, points, earnedAt, availableFrom, expiresAt, partner, changes);
        }
    }

    /**
     * Spend points in one step (a POS redemption, a reward), consuming lots soonest-expiring first.
     *
     * @param key the idempotency key
     * @param member the member
     * @param points how many, positive
     * @param partner where they are spent, or empty for the program
     * @param counters counters changed in the same commit
     */
    record Debit(OperationKey key, MemberId member, long points, Optional<PartnerId> partner,
            List<CounterChange> counters) implements LedgerCommand {
        /**
         * Validates the fields.
         *
         * @throws InvalidArgumentException if points are not positive
         */
        public Debit {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(partner, "partner");
            counters = List.copyOf(counters);
            positive("points", points);
        }

        /**
         * A debit that changes no counters.
         *
         * @param key the idempotency key
         * @param member the member
         * @param points how many, positive
         * @param partner where they are spent, or empty for the program
         */
        public Debit(OperationKey key, MemberId member, long points, Optional<PartnerId> partner) {
            this(key, member, points, partner, List.of());
        }

        /**
         * Spend points with the program.
         *
         * @param key the key
         * @param member the member
         * @param points the points
         * @return the command
         */
        public static Debit of(OperationKey key, MemberId member, long points) {
            return new Debit(key, member, points, Optional.empty(), List.of());
        }

        /**
         * Spent at a partner.
         *
         * @param at the partner
         * @return the changed command
         */
        public Debit at(PartnerId at) {
            return new Debit(key, member, points, Optional.of(at), counters);
        }

        /**
         * With counter changes committed together with the debit.
         *
         * @param changes the counter changes
         * @return the changed command
         */
        public Debit withCounters(List<CounterChange> changes) {
            return new Debit(key, member, points, partner, changes);
        }
    }

    /**
     * Reserve points for a checkout until a deadline. The hold's id is {@code HoldId.of(key)}.
     *
     * @param key the idempotency key, which becomes the hold id
     * @param member the member
     * @param points how many, positive
     * @param deadline when the hold lapses if not captured
     * @param reference the host's reference, e.g. an order id
     */
    record PlaceHold(OperationKey key, MemberId member, long points, Instant deadline, Optional<String> reference)
            implements LedgerCommand {
        /**
         * Validates the fields.
         *
         * @throws InvalidArgumentException if points are not positive
         */
        public PlaceHold {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(deadline, "deadline");
            Objects.requireNonNull(reference, "reference");
            positive("points", points);
        }

        /**
         * A hold without a reference.
         *
         * @param key the key
         * @param member the member
         * @param points the points
         * @param deadline the deadline
         * @return the command
         */
        public static PlaceHold of(OperationKey key, MemberId member, long points, Instant deadline) {
            return new PlaceHold(key, member, points, deadline, Optional.empty());
        }
    }

    /**
     * Capture all or part of an active hold; the rest returns to the member's lots.
     *
     * @param key the idempotency key
     * @param member the member
     * @param hold the hold
     * @param points how many, positive, at most the held points
     * @param partner where they are spent, or empty for the program
     */
    record Capture(OperationKey key, MemberId member, HoldId hold, long points, Optional<PartnerId> partner)
            implements LedgerCommand {
        /**
         * Validates the fields.
         *
         * @throws InvalidArgumentException if points are not positive
         */
        public Capture {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(hold, "hold");
            Objects.requireNonNull(partner, "partner");
            positive("points", points);
        }

        /**
         * Capture with the program.
         *
         * @param key the key
         * @param member the member
         * @param hold the hold
         * @param points the points
         * @return the command
         */
        public static Capture of(OperationKey key, MemberId member, HoldId hold, long points) {
            return new Capture(key, member, hold, points, Optional.empty());
        }
    }

    /**
     * Release an active hold; all its points return to the member's lots.
     *
     * @param key the idempotency key
     * @param member the member
     * @param hold the hold
     */
    record Release(OperationKey key, MemberId member, HoldId hold) implements LedgerCommand {
        /** Validates the fields. */
        public Release {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(hold, "hold");
        }

        /**
         * Release a hold.
         *
         * @param key the key
         * @param member the member
         * @param hold the hold
         * @return the command
         */
        public static Release of(OperationKey key, MemberId member, HoldId hold) {
            return new Release(key, member, hold);
        }
    }

    /**
     * Reverse all or part of an earlier credit, debit, capture or adjustment of the same member.
     *
     * <p>Reversing a credit takes back earned points following the {@link ReturnPolicy} (the
     * ledger's default unless one is given). Reversing a debit or capture gives the points back to
     * the lots they came from, keeping those lots' expiry; points whose lot has expired in the
     * meantime are given back and expire at once (both transfers are recorded). Over all its
     * reversals an operation is never reversed by more points than it moved.
     *
     * @param key the idempotency key of the reversal
     * @param member the member
     * @param original the key of the operation to reverse
     * @param points how many points to reverse, or empty for all that is not yet reversed
     * @param policy the return policy for credits, or empty for the ledger's default
     * @param counters counters changed in the same commit
     */
    record Reverse(OperationKey key, MemberId member, OperationKey original, OptionalLong points,
            Optional<ReturnPolicy> policy, List<CounterChange> counters) implements LedgerCommand {
        /**
         * Validates the fields.
         *
         * @throws InvalidArgumentException if points are given and not positive
         */
        public Reverse {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(original, "original");
            Objects.requireNonNull(points, "points");
            Objects.requireNonNull(policy, "policy");
            counters = List.copyOf(counters);
            if (points.isPresent()) {
                positive("points", points.getAsLong());
            }
            if (key.equals(original)) {
                throw new InvalidArgumentException("key", "a reversal needs its own key, not the original's ("
                        + key + ")");
            }
        }

        /**
         * A reversal that changes no counters.
         *
         * @param key the idempotency key of the reversal
         * @param member the member
         * @param original the key of the operation to reverse
         * @param points how many points, or empty for all not yet reversed
         * @param policy the return policy, or empty for the ledger's default
         */
        public Reverse(OperationKey key, MemberId member, OperationKey original, OptionalLong points,
                Optional<ReturnPolicy> policy) {
            this(key, member, original, points, policy, List.of());
        }

        /**
         * Reverse everything not yet reversed of an operation.
         *
         * @param key the key
         * @param member the member
         * @param original the operation to reverse
         * @return the command
         */
        public static Reverse all(OperationKey key, MemberId member, OperationKey original) {
            return new Reverse(key, member, original, OptionalLong.empty(), Optional.empty(), List.of());
        }

        /**
         * Reverse some points of an operation.
         *
         * @param key the key
         * @param member the member
         * @param original the operation to reverse
         * @param points the points
         * @return the command
         */
        public static Reverse of(OperationKey key, MemberId member, OperationKey original, long points) {
            return new Reverse(key, member, original, OptionalLong.of(points), Optional.empty(), List.of());
        }

        /**
         * With a return policy for this reversal.
         *
         * @param value the policy
         * @return the changed command
         */
        public Reverse withPolicy(ReturnPolicy value) {
            return new Reverse(key, member, original, points, Optional.of(value), counters);
        }

        /**
         * With counter changes committed together with the reversal.
         *
         * @param changes the counter changes
         * @return the changed command
         */
        public Reverse withCounters(List<CounterChange> changes) {
            return new Reverse(key, member, original, points, policy, changes);
        }
    }

    /**
     * A manual correction against the adjusted account: positive points are credited as a new
     * lot (optionally expiring), negative points are debited from available points.
     *
     * @param key the idempotency key
     * @param member the member
     * @param points the change, not zero
     * @param expiresAt for a positive correction, when the points expire
     * @param reason why, for the audit trail (at most 200 characters)
     */
    record Adjust(OperationKey key, MemberId member, long points, Optional<Instant> expiresAt, String reason)
            implements LedgerCommand {
        /**
         * Validates the fields.
         *
         * @throws InvalidArgumentException if points are zero, or a negative adjustment has an expiry,
         *     or the reason is blank or too long
         */
        public Adjust {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(reason, "reason");
            if (points == 0 || points == Long.MIN_VALUE) {
                throw new InvalidArgumentException("points", "must not be zero, but was " + points);
            }
            if (points < 0 && expiresAt.isPresent()) {
                throw new InvalidArgumentException("expiresAt", "only a positive adjustment can expire");
            }
            if (reason.isBlank() || reason.length() > 200) {
                throw new InvalidArgumentException("reason", "must be 1 to 200 characters, but was "
                        + reason.length());
            }
        }

        /**
         * A correction that never expires.
         *
         * @param key the key
         * @param member the member
         * @param points the change
         * @param reason why
         * @return the command
         */
        public static Adjust of(OperationKey key, MemberId member, long points, String reason) {
            return new Adjust(key, member, points, Optional.empty(), reason);
        }
    }

    /**
     * Change counters only, moving no points: records that an operation happened (a purchase
     * that earned nothing still counts as a purchase) under its idempotency key.
     *
     * @param key the idempotency key
     * @param member the member
     * @param counters the counter changes (may be empty: then only the key is recorded)
     */
    record Tally(OperationKey key, MemberId member, List<CounterChange> counters) implements LedgerCommand {
        /** Validates and copies the fields. */
        public Tally {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(member, "member");
            counters = List.copyOf(counters);
        }
    }
}
