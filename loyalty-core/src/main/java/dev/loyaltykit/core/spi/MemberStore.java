package dev.loyaltykit.core.spi;

import dev.loyaltykit.core.Identifier;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.event.LoyaltyEvent;
import dev.loyaltykit.core.ledger.OperationKey;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where members are kept. A host implements this over its own customer table, or uses the
 * in-memory store ({@code dev.loyaltykit.core.memory.InMemoryMemberStore}).
 *
 * <h2>Implementation requirements</h2>
 * <ul>
 *   <li>Member ids are unique, and so is every identifier: no two members share a phone number,
 *       card, e-mail or external id. Inserts and updates that would break this write nothing
 *       and return {@link MemberWrite#DUPLICATE_ID} or {@link MemberWrite#DUPLICATE_IDENTIFIER}.</li>
 *   <li>Updates are conditional on the version read ({@link Member#version()}); the stored copy
 *       gets version + 1. Inserts store version 1.</li>
 *   <li>Writes are atomic; reads return committed data; all methods are thread-safe.</li>
 * </ul>
 * The conformance kit in loyalty-core's test-jar ({@code MemberStoreContract}) checks these.
 */
public interface MemberStore {

    /** The outcome of a member write. */
    enum MemberWrite {
        /** Written. */
        WRITTEN,
        /** Not written: another member has this id. */
        DUPLICATE_ID,
        /** Not written: another member has one of these identifiers. */
        DUPLICATE_IDENTIFIER,
        /** Not written: the stored version differs from the one given. */
        VERSION_CONFLICT,
        /** Not written: no member with this id. */
        NOT_FOUND
    }

    /**
     * Finds a member by id.
     *
     * @param id the id
     * @return the member
     */
    Optional<Member> find(MemberId id);

    /**
     * Finds a member by id and reads the member's ledger with the records of some operation
     * keys, as {@link LedgerStore#read(MemberId, Collection)} does: what an operation on an active
     * member reads before it plans. A store whose members live in the same database as the
     * ledger should override this to send both reads in one round trip (the PostgreSQL stores of
     * loyalty-examples do); the two reads need not be one snapshot, as the ledger's commit checks
     * the ledger's version, not the member's. The default calls {@link #find(MemberId)} and, if the
     * member exists, {@code ledgers.read(id, keys)}.
     *
     * @param id the member's id
     * @param ledgers the ledger store to read the ledger from
     * @param keys the operation keys to look up
     * @return the member with its ledger read, or empty if there is no such member
     */
    default Optional<MemberWithLedger> findWithLedger(MemberId id, LedgerStore ledgers,
            Collection<OperationKey> keys) {
        Objects.requireNonNull(ledgers, "ledgers");
        Objects.requireNonNull(keys, "keys");
        return find(id).map(member -> new MemberWithLedger(member, ledgers.read(id, keys)));
    }

    /**
     * Finds the member who has an identifier.
     *
     * @param identifier the normalised identifier
     * @return the member
     */
    Optional<Member> findByIdentifier(Identifier identifier);

    /**
     * Finds several members at once, for batches. The default calls {@link #find(MemberId)} for
     * each; a store over a database should read them in one query.
     *
     * @param ids the ids
     * @return the members found, by id; ids without a member are absent
     */
    default Map<MemberId, Member> findAll(Collection<MemberId> ids) {
        Map<MemberId, Member> found = new HashMap<>();
        for (MemberId id : ids) {
            find(id).ifPresent(m -> found.put(id, m));
        }
        return found;
    }

    /**
     * Inserts a new member with version 1.
     *
     * @param member the member (its version is ignored)
     * @return the outcome
     */
    MemberWrite insert(Member member);

    /**
     * Inserts a new member with the events that describe it ({@code MemberEnrolled}). A store
     * that {@link #recordsEvents() records events} writes them to its outbox in the same
     * transaction as the member, and only if the member was written; the default ignores them
     * and inserts the member.
     *
     * @param member the member (its version is ignored)
     * @param events the events to record with it
     * @return the outcome
     */
    default MemberWrite insert(Member member, List<LoyaltyEvent> events) {
        return insert(member);
    }

    /**
     * Whether {@link #insert(Member, List)} writes the events to an outbox that the host relays;
     * if not, the library delivers them to its listener after the insert.
     *
     * @return false by default
     */
    default boolean recordsEvents() {
        return false;
    }

    /**
     * Replaces a member if the stored version equals {@code member.version()}; the stored copy
     * gets version + 1.
     *
     * @param member the changed member, carrying the version it was read at
     * @return the outcome
     */
    MemberWrite update(Member member);

    /**
     * Lists members in ascending id order, for batch work.
     *
     * @param after only ids above this, or empty to start from the first
     * @param limit at most this many, positive
     * @return the members
     */
    List<Member> list(Optional<MemberId> after, int limit);
}
