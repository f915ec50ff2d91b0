package dev.loyaltykit.core.spi;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.ledger.AccountRef;
import dev.loyaltykit.core.ledger.Hold;
import dev.loyaltykit.core.ledger.HoldId;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.core.ledger.Transfer;
import java.util.List;
import java.util.Optional;

/**
 * Where the points ledger keeps its state. A host implements this over its own database, or
 * uses the in-memory store ({@code dev.loyaltykit.core.memory.InMemoryLedgerStore}).
 *
 * <p>The ledger engine reads a member's state, computes the change in plain Java and hands the
 * store one {@link LedgerCommit}; the store writes it atomically if the member's version is
 * still the one read, or reports {@link CommitStatus#VERSION_CONFLICT} and writes nothing. The
 * engine then re-reads and retries a bounded number of times.
 *
 * <h2>Implementation requirements</h2>
 * <ul>
 *   <li>{@link #commit(LedgerCommit)} is atomic: the state, the transfers, the operation
 *       records, the holds and the system-account totals are all written or none is.</li>
 *   <li>It is conditional: it writes only if the stored version of the member equals
 *       {@link LedgerCommit#expectedVersion()} (0 for a member with no state yet). Two commits
 *       with the same expected version for the same member: exactly one succeeds.</li>
 *   <li>Operation records are unique per member and key; a store should enforce this with a
 *       unique constraint, not only through the version check.</li>
 *   <li>System-account totals are sums of commutative additions: a store must not serialise
 *       every commit on one row or lock per system account (stripe them, or derive them from
 *       aggregates).</li>
 *   <li>Reads return committed data only. Different members must be committable in
 *       parallel.</li>
 *   <li>All methods are thread-safe.</li>
 * </ul>
 * The conformance kit in loyalty-core's test-jar ({@code LedgerStoreContract}) checks these.
 */
public interface LedgerStore {

    /**
     * Reads a member's state.
     *
     * @param member the member
     * @return the state, or {@link MemberLedger#empty(MemberId)} if the member has none
     */
    MemberLedger load(MemberId member);

    /**
     * Finds the record of an earlier operation.
     *
     * @param member the member
     * @param key the operation key
     * @return the record, if the operation was committed
     */
    Optional<OperationRecord> findOperation(MemberId member, OperationKey key);

    /**
     * Finds a hold, active or not.
     *
     * @param member the member
     * @param hold the hold id
     * @return the hold as last committed
     */
    Optional<Hold> findHold(MemberId member, HoldId hold);

    /**
     * Writes a change atomically if the member's version is as expected.
     *
     * @param commit the change
     * @return {@link CommitStatus#COMMITTED}, or {@link CommitStatus#VERSION_CONFLICT} if nothing was
     *     written because the version differed
     */
    CommitStatus commit(LedgerCommit commit);

    /**
     * Reads a page of a member's transfers, newest first.
     *
     * @param member the member
     * @param beforeSequence only transfers with a sequence number below this ({@code Long.MAX_VALUE}
     *     for the newest)
     * @param limit at most this many, positive
     * @return the transfers, by descending sequence
     */
    List<Transfer> history(MemberId member, long beforeSequence, int limit);

    /**
     * The balance of a system account: the sum of its credits minus its debits over all
     * committed transfers.
     *
     * @param account the account
     * @return the balance
     */
    long systemBalance(AccountRef.SystemAccount account);

    /**
     * Lists members that have a ledger, in ascending id order, for batch work.
     *
     * @param after only ids above this, or empty to start from the first
     * @param limit at most this many, positive
     * @return the ids
     */
    List<MemberId> members(Optional<MemberId> after, int limit);
}
