package dev.loyaltykit.core.spi;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.ledger.AccountRef;
import dev.loyaltykit.core.ledger.Hold;
import dev.loyaltykit.core.ledger.HoldId;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.core.ledger.Transfer;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where the points ledger keeps its state. A host implements this over its own database, or
 * uses the in-memory store ({@code dev.loyaltykit.core.memory.InMemoryLedgerStore}).
 *
 * <p>The ledger engine reads a member's state, computes the change in plain Java and hands the
 * store one {@link LedgerCommit}; the store writes it atomically if the member's version is
 * still the one read, or reports {@link CommitStatus#VERSION_CONFLICT} and writes nothing. The
 * engine then re-reads and retries a bounded number of times.
 *
 * <p>An operation costs a store two calls when it implements {@link #read(MemberId, Collection)}
 * in one read (the defaults make several) and {@link #commit(LedgerCommit)} in one write: a
 * store over a database can then do an accrual in two round trips.
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
     * Reads a member's state and the records of some of its operation keys, as one consistent
     * read: the state is not older than the records. The ledger calls this before each
     * operation. The default calls {@link #load(MemberId)} and then
     * {@link #findOperation(MemberId, OperationKey)} for each key, in that order (a record
     * committed after the state was read then shows up with a newer version, and the commit
     * conflicts); a store over a database should override it with one query.
     *
     * @param member the member
     * @param keys the keys to look up
     * @return the state and the records found, naming {@code keys} as {@link LedgerRead#keys()}
     */
    default LedgerRead read(MemberId member, Collection<OperationKey> keys) {
        MemberLedger state = load(member);
        Map<OperationKey, OperationRecord> found = new HashMap<>();
        for (OperationKey key : keys) {
            findOperation(member, key).ifPresent(r -> found.put(key, r));
        }
        return new LedgerRead(state, found, Set.copyOf(keys));
    }

    /**
     * Reads several members at once, for batches: as {@link #read(MemberId, Collection)} for each
     * member. The default reads them one after another; a store over a database should read them
     * in one round trip.
     *
     * @param keys the keys to look up, by member
     * @return the reads, by member, in the order of {@code keys}
     */
    default Map<MemberId, LedgerRead> readAll(Map<MemberId, ? extends Collection<OperationKey>> keys) {
        Map<MemberId, LedgerRead> reads = new LinkedHashMap<>();
        keys.forEach((member, memberKeys) -> reads.put(member, read(member, memberKeys)));
        return reads;
    }

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
     * Writes the commits of several members, for batches: at most one commit per member. A store
     * that can should write them in one transaction, all or none, and report
     * {@link CommitStatus#VERSION_CONFLICT} if any member's version differed. The default writes
     * them one after another and stops at the first conflict, leaving the earlier ones written;
     * the ledger stays correct either way, because each commit carries its own idempotency
     * records: the retry after a conflict replays what was written.
     *
     * @param commits the commits, at most one per member
     * @return {@link CommitStatus#COMMITTED} if every commit was written
     */
    default CommitStatus commitAll(List<LedgerCommit> commits) {
        for (LedgerCommit commit : commits) {
            if (commit(commit) != CommitStatus.COMMITTED) {
                return CommitStatus.VERSION_CONFLICT;
            }
        }
        return CommitStatus.COMMITTED;
    }

    /**
     * Whether this store writes {@link LedgerCommit#events()} to an outbox in the same transaction
     * as the change, for the host to relay. If it does, the library does not call the host's
     * {@link EventListener} itself for those events: the host's relay delivers them, at least once.
     *
     * @return true if events are recorded with the commits; false by default
     */
    default boolean recordsEvents() {
        return false;
    }

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

    /**
     * Lists members whose ledger may have work due at {@code now}, in ascending id order, for
     * {@link dev.loyaltykit.core.ledger.PointsLedger#processDue(Instant)}: at least every member
     * whose stored state's {@link MemberLedger#nextDueAt()} is not after {@code now} (a lot to
     * expire or mature, a hold past its deadline). It may list more, never fewer. The default
     * lists every member with a ledger ({@link #members}); a store that keeps each member's
     * {@code nextDueAt} where it can filter on it overrides this, so that a nightly run reads
     * only the members that have work to do.
     *
     * @param now the instant the due work is run at
     * @param after only ids above this, or empty to start from the first
     * @param limit at most this many, positive
     * @return the ids
     */
    default List<MemberId> membersDue(Instant now, Optional<MemberId> after, int limit) {
        Objects.requireNonNull(now, "now");
        return members(after, limit);
    }
}
