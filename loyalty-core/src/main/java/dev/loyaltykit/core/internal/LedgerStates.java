package dev.loyaltykit.core.internal;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.ledger.Counter;
import dev.loyaltykit.core.ledger.Hold;
import dev.loyaltykit.core.ledger.Lot;
import dev.loyaltykit.core.spi.MemberLedger;
import java.time.Instant;
import java.util.List;

/**
 * How the ledger builds a member's state from lots it already keeps in consumption order,
 * without the sort that {@link MemberLedger#of} does for any caller (a member with thousands of
 * open lots paid for thousands of comparisons, twice per operation), and turns the state it
 * built for an operation's receipt into the new state by changing only the version.
 * {@link MemberLedger} registers the factory when it is loaded. Not API.
 */
public final class LedgerStates {

    /** What {@link MemberLedger} lets the ledger do that its public factories do not. */
    public interface Factory {
        /**
         * Builds the state.
         *
         * @param member the member
         * @param version the version
         * @param nextSequence the next transfer sequence
         * @param asOf when the state was computed
         * @param lots the open lots, in consumption order already (copied, not sorted)
         * @param holds the active holds
         * @param debt the debt
         * @param earned lifetime earned points
         * @param redeemed lifetime redeemed points
         * @param expired lifetime expired points
         * @param counters the counters
         * @return the state
         */
        MemberLedger inOrder(MemberId member, long version, long nextSequence, Instant asOf, List<Lot> lots,
                List<Hold> holds, long debt, long earned, long redeemed, long expired, List<Counter> counters);

        /**
         * The same state under another version, sharing everything else.
         *
         * @param state the state
         * @param version the version
         * @return the copy
         */
        MemberLedger withVersion(MemberLedger state, long version);

        /**
         * A state that is {@code base} with lots added and its other lots, its holds and its debt
         * unchanged, as of an instant before {@code base.nextDueAt()}: its balance and next due
         * instant are worked out from {@code base}'s and the added lots', not from every lot.
         *
         * @param base the state the lots were added to
         * @param version the version
         * @param nextSequence the next transfer sequence
         * @param asOf when the state was computed, from {@code base.asOf()} to before {@code base.nextDueAt()}
         * @param lots all the open lots, in consumption order (copied, not sorted)
         * @param added the lots among them that {@code base} did not have
         * @param earned lifetime earned points
         * @param redeemed lifetime redeemed points
         * @param expired lifetime expired points
         * @param counters the counters
         * @return the state
         * @throws IllegalArgumentException if {@code asOf} is not in that range
         */
        MemberLedger withLotsAdded(MemberLedger base, long version, long nextSequence, Instant asOf, List<Lot> lots,
                List<Lot> added, long earned, long redeemed, long expired, List<Counter> counters);
    }

    private static volatile Factory factory;

    private LedgerStates() {
    }

    /**
     * Registers the factory; {@link MemberLedger} calls it once, when it is loaded.
     *
     * @param value the factory
     */
    public static void register(Factory value) {
        factory = value;
    }

    /**
     * A state from lots in consumption order, as {@link MemberLedger#of} would build it.
     *
     * @return the state
     * @see Factory#inOrder
     */
    public static MemberLedger inOrder(MemberId member, long version, long nextSequence, Instant asOf, List<Lot> lots,
            List<Hold> holds, long debt, long earned, long redeemed, long expired, List<Counter> counters) {
        Factory f = factory;
        if (f == null) {
            // Not loaded yet (never the case for the ledger, which holds a state already): the sorting path.
            return MemberLedger.of(member, version, nextSequence, asOf, lots, holds, debt, earned, redeemed, expired,
                    counters);
        }
        return f.inOrder(member, version, nextSequence, asOf, lots, holds, debt, earned, redeemed, expired, counters);
    }

    /**
     * A state that is {@code base} with lots added, its balance worked out from {@code base}'s.
     *
     * @return the state
     * @see Factory#withLotsAdded
     */
    public static MemberLedger withLotsAdded(MemberLedger base, long version, long nextSequence, Instant asOf,
            List<Lot> lots, List<Lot> added, long earned, long redeemed, long expired, List<Counter> counters) {
        Factory f = factory;
        if (f == null) {
            return inOrder(base.member(), version, nextSequence, asOf, lots, base.holds(), base.debt(), earned, redeemed,
                    expired, counters);
        }
        return f.withLotsAdded(base, version, nextSequence, asOf, lots, added, earned, redeemed, expired, counters);
    }

    /**
     * The same state under another version, sharing its lists, counters and balance.
     *
     * @param state the state
     * @param version the version
     * @return the copy
     */
    public static MemberLedger withVersion(MemberLedger state, long version) {
        Factory f = factory;
        if (f == null) {
            return MemberLedger.of(state.member(), version, state.nextSequence(), state.asOf(), state.lots(),
                    state.holds(), state.debt(), state.lifetimeEarned(), state.lifetimeRedeemed(),
                    state.lifetimeExpired(), List.copyOf(state.counters().values()));
        }
        return f.withVersion(state, version);
    }
}
