package dev.loyaltykit.core.conformance;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.ledger.AccountRef;
import dev.loyaltykit.core.ledger.Hold;
import dev.loyaltykit.core.ledger.HoldId;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.core.ledger.Transfer;
import dev.loyaltykit.core.spi.CommitStatus;
import dev.loyaltykit.core.spi.LedgerCommit;
import dev.loyaltykit.core.spi.LedgerRead;
import dev.loyaltykit.core.spi.LedgerStore;
import dev.loyaltykit.core.spi.MemberLedger;
import dev.loyaltykit.core.spi.OperationRecord;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A store that forwards every call to another; tests override the calls they observe (to
 * capture a commit, or to let another writer interleave between two reads).
 */
public class ForwardingLedgerStore implements LedgerStore {
    private final LedgerStore delegate;

    /**
     * Forwards to a store.
     *
     * @param delegate the store that does the work
     */
    public ForwardingLedgerStore(LedgerStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public MemberLedger load(MemberId member) {
        return delegate.load(member);
    }

    @Override
    public Optional<OperationRecord> findOperation(MemberId member, OperationKey key) {
        return delegate.findOperation(member, key);
    }

    @Override
    public Optional<Hold> findHold(MemberId member, HoldId hold) {
        return delegate.findHold(member, hold);
    }

    @Override
    public CommitStatus commit(LedgerCommit commit) {
        return delegate.commit(commit);
    }

    @Override
    public List<Transfer> history(MemberId member, long beforeSequence, int limit) {
        return delegate.history(member, beforeSequence, limit);
    }

    @Override
    public long systemBalance(AccountRef.SystemAccount account) {
        return delegate.systemBalance(account);
    }

    @Override
    public List<MemberId> members(Optional<MemberId> after, int limit) {
        return delegate.members(after, limit);
    }

    @Override
    public List<MemberId> membersDue(Instant now, Optional<MemberId> after, int limit) {
        return delegate.membersDue(now, after, limit);
    }

    @Override
    public LedgerRead read(MemberId member, Collection<OperationKey> keys) {
        return delegate.read(member, keys);
    }

    @Override
    public Map<MemberId, LedgerRead> readAll(Map<MemberId, ? extends Collection<OperationKey>> keys) {
        return delegate.readAll(keys);
    }

    @Override
    public CommitStatus commitAll(List<LedgerCommit> commits) {
        return delegate.commitAll(commits);
    }

    @Override
    public boolean recordsEvents() {
        return delegate.recordsEvents();
    }
}
