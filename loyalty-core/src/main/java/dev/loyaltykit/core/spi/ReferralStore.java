package dev.loyaltykit.core.spi;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.event.LoyaltyEvent;
import dev.loyaltykit.core.referral.Referral;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the referral engine keeps members' referral codes and the referrals themselves. A host
 * implements this over its own database, or uses the in-memory store
 * ({@code dev.loyaltykit.core.memory.InMemoryReferralStore}).
 *
 * <p>Codes are plain strings here: the engine validates and normalises them before it calls the
 * store, and compares them exactly.
 *
 * <h2>Implementation requirements</h2>
 * <ul>
 *   <li>Codes and members are one to one: a code belongs to at most one member and a member has
 *       at most one code, for ever. {@link #assignCode} is an atomic insert-if-absent of both
 *       directions (in SQL: one row with unique constraints on the code and on the member); when
 *       either is taken it writes nothing.</li>
 *   <li>A friend has at most one referral, ever: {@link #insert} is an atomic insert-if-absent
 *       keyed by the friend (a primary key or unique constraint on the friend). Of two concurrent
 *       inserts for one friend, exactly one is written, with version 1.</li>
 *   <li>{@link #update} is conditional on the version read ({@link Referral#version()}); the
 *       stored copy gets version + 1. Of two updates prepared from the same version exactly one is
 *       written. The link is permanent: an update writes the status and what belongs to it
 *       ({@code status}, {@code rejection}, {@code order}, {@code maturesAt}, {@code changedAt}) and
 *       either ignores a changed {@code referrer}, {@code code} or {@code linkedAt} or rejects the
 *       call with {@link IllegalArgumentException}.</li>
 *   <li>Listings are ordered by the friend's id ({@link MemberId#compareTo}) and paged by a cursor
 *       (the last friend id of the previous page), so that a batch job can walk them while others
 *       change referrals.</li>
 *   <li>Writes are atomic, reads return committed data, and all methods are thread-safe; writes
 *       for different friends do not wait for each other.</li>
 * </ul>
 * The conformance kit in loyalty-core's test-jar ({@code ReferralStoreContract}) checks these.
 */
public interface ReferralStore {

    /** The outcome of {@link #assignCode}. */
    enum CodeAssignment {
        /** The code now belongs to the member. */
        ASSIGNED,
        /** Nothing written: another member has this code. */
        CODE_TAKEN,
        /** Nothing written: the member already has a code (this one or another). */
        MEMBER_HAS_CODE
    }

    /** The outcome of a referral write. */
    enum ReferralWrite {
        /** Written. */
        WRITTEN,
        /** Not inserted: the friend already has a referral. */
        DUPLICATE,
        /** Not updated: the stored version differs from the one given. */
        VERSION_CONFLICT,
        /** Not updated: the friend has no referral. */
        NOT_FOUND
    }

    /**
     * Gives a member a code, if neither the code nor the member has one yet.
     *
     * @param member the member
     * @param code the code, already normalised
     * @return the outcome
     */
    CodeAssignment assignCode(MemberId member, String code);

    /**
     * Finds the member a code belongs to.
     *
     * @param code the code, exactly as assigned
     * @return the member
     */
    Optional<MemberId> findMemberByCode(String code);

    /**
     * Finds a member's code.
     *
     * @param member the member
     * @return the code
     */
    Optional<String> findCode(MemberId member);

    /**
     * Stores a new referral with version 1, if the friend has none.
     *
     * @param referral the referral (its version is ignored)
     * @return {@link ReferralWrite#WRITTEN} or {@link ReferralWrite#DUPLICATE}
     */
    ReferralWrite insert(Referral referral);

    /**
     * Stores a new referral with the events that describe it (a rejection at the link). A store
     * that {@link #recordsEvents() records events} writes them to its outbox in the same
     * transaction, and only if the referral was written; the default ignores them.
     *
     * @param referral the referral (its version is ignored)
     * @param events the events to record with it
     * @return {@link ReferralWrite#WRITTEN} or {@link ReferralWrite#DUPLICATE}
     */
    default ReferralWrite insert(Referral referral, List<LoyaltyEvent> events) {
        return insert(referral);
    }

    /**
     * Finds a friend's referral.
     *
     * @param friend the referred member
     * @return the referral as last written
     */
    Optional<Referral> findByFriend(MemberId friend);

    /**
     * Replaces a referral if the stored version equals {@code referral.version()}; the stored copy
     * gets version + 1.
     *
     * @param referral the changed referral, carrying the version it was read at
     * @return {@link ReferralWrite#WRITTEN}, {@link ReferralWrite#VERSION_CONFLICT} or
     *     {@link ReferralWrite#NOT_FOUND}
     */
    ReferralWrite update(Referral referral);

    /**
     * Replaces a referral, as {@link #update(Referral)}, with the events that describe the change;
     * a store that {@link #recordsEvents() records events} writes them in the same transaction,
     * and only if the referral was written; the default ignores them.
     *
     * @param referral the changed referral, carrying the version it was read at
     * @param events the events to record with it
     * @return as {@link #update(Referral)}
     */
    default ReferralWrite update(Referral referral, List<LoyaltyEvent> events) {
        return update(referral);
    }

    /**
     * Whether {@link #insert(Referral, List)} and {@link #update(Referral, List)} write the events
     * to an outbox that the host relays; if not, the library delivers them to its listener after
     * the write.
     *
     * @return false by default
     */
    default boolean recordsEvents() {
        return false;
    }

    /**
     * Lists the referrals a member made, whatever their status, by ascending friend id.
     *
     * @param referrer the referrer
     * @param afterFriend only friends with an id above this, or empty to start from the first
     * @param limit at most this many, positive
     * @return the referrals
     */
    List<Referral> listByReferrer(MemberId referrer, Optional<MemberId> afterFriend, int limit);

    /**
     * Lists the referrals due for payment: {@link dev.loyaltykit.core.referral.ReferralStatus#QUALIFIED}
     * and maturing at or before an instant, by ascending friend id.
     *
     * @param maturedBy the instant
     * @param afterFriend only friends with an id above this, or empty to start from the first
     * @param limit at most this many, positive
     * @return the referrals
     */
    List<Referral> listDue(Instant maturedBy, Optional<MemberId> afterFriend, int limit);
}
