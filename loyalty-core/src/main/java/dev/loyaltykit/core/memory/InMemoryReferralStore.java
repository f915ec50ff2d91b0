package dev.loyaltykit.core.memory;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.referral.Referral;
import dev.loyaltykit.core.referral.ReferralStatus;
import dev.loyaltykit.core.spi.ReferralStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The embedded, thread-safe in-memory {@link ReferralStore}.
 *
 * <p>Referrals are kept per friend in a concurrent map and changed with its per-key atomic
 * operations, so writes for different friends do not wait for each other. Two indexes (friends by
 * referrer, and friends whose referral is qualified) are kept in step inside those per-key
 * operations. A code is reserved in the code index before it is given to the member, and a reader
 * only believes a code that its member has too, so a half-done assignment is never seen.
 *
 * <p>Nothing is persisted: the state lives as long as this object.
 *
 * <p>This class is thread-safe.
 */
public final class InMemoryReferralStore implements ReferralStore {
    private final ConcurrentHashMap<String, MemberId> memberByCode = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<MemberId, String> codeByMember = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<MemberId, Referral> byFriend = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<MemberId, NavigableSet<MemberId>> friendsByReferrer = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<MemberId> qualified = new ConcurrentSkipListSet<>();

    /** Creates an empty store. */
    public InMemoryReferralStore() {
    }

    @Override
    public CodeAssignment assignCode(MemberId member, String code) {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(code, "code");
        if (codeByMember.containsKey(member)) {
            return CodeAssignment.MEMBER_HAS_CODE;
        }
        MemberId owner = memberByCode.putIfAbsent(code, member);
        if (owner != null) {
            return owner.equals(member) ? CodeAssignment.MEMBER_HAS_CODE : CodeAssignment.CODE_TAKEN;
        }
        if (codeByMember.putIfAbsent(member, code) != null) {
            memberByCode.remove(code, member);
            return CodeAssignment.MEMBER_HAS_CODE;
        }
        return CodeAssignment.ASSIGNED;
    }

    @Override
    public Optional<MemberId> findMemberByCode(String code) {
        MemberId member = memberByCode.get(Objects.requireNonNull(code, "code"));
        // The code index runs ahead of the member while an assignment is in progress (or was undone).
        return member != null && code.equals(codeByMember.get(member)) ? Optional.of(member) : Optional.empty();
    }

    @Override
    public Optional<String> findCode(MemberId member) {
        return Optional.ofNullable(codeByMember.get(Objects.requireNonNull(member, "member")));
    }

    @Override
    public ReferralWrite insert(Referral referral) {
        Objects.requireNonNull(referral, "referral");
        boolean[] written = new boolean[1];
        byFriend.computeIfAbsent(referral.friend(), friend -> {
            written[0] = true;
            Referral stored = referral.withVersion(1);
            index(null, stored);
            return stored;
        });
        return written[0] ? ReferralWrite.WRITTEN : ReferralWrite.DUPLICATE;
    }

    @Override
    public Optional<Referral> findByFriend(MemberId friend) {
        return Optional.ofNullable(byFriend.get(Objects.requireNonNull(friend, "friend")));
    }

    @Override
    public ReferralWrite update(Referral referral) {
        Objects.requireNonNull(referral, "referral");
        ReferralWrite[] outcome = {ReferralWrite.NOT_FOUND};
        byFriend.computeIfPresent(referral.friend(), (friend, current) -> {
            if (current.version() != referral.version()) {
                outcome[0] = ReferralWrite.VERSION_CONFLICT;
                return current;
            }
            if (!current.referrer().equals(referral.referrer()) || !current.code().equals(referral.code())
                    || !current.linkedAt().equals(referral.linkedAt())) {
                throw new IllegalArgumentException("the link of the referral of " + friend
                        + " is permanent: referrer, code and linkedAt cannot change");
            }
            Referral stored = referral.withVersion(current.version() + 1);
            index(current, stored);
            outcome[0] = ReferralWrite.WRITTEN;
            return stored;
        });
        return outcome[0];
    }

    /** Keeps the indexes in step with a write; runs inside the per-friend atomic operation. */
    private void index(Referral before, Referral after) {
        if (before == null) {
            friendsByReferrer.computeIfAbsent(after.referrer(), r -> new ConcurrentSkipListSet<>()).add(after.friend());
        }
        if (after.status() == ReferralStatus.QUALIFIED) {
            qualified.add(after.friend());
        } else {
            qualified.remove(after.friend());
        }
    }

    @Override
    public List<Referral> listByReferrer(MemberId referrer, Optional<MemberId> afterFriend, int limit) {
        Objects.requireNonNull(referrer, "referrer");
        Objects.requireNonNull(afterFriend, "afterFriend");
        checkLimit(limit);
        NavigableSet<MemberId> friends = friendsByReferrer.get(referrer);
        if (friends == null) {
            return List.of();
        }
        return page(afterFriend.isPresent() ? friends.tailSet(afterFriend.get(), false) : friends, limit, null);
    }

    @Override
    public List<Referral> listDue(Instant maturedBy, Optional<MemberId> afterFriend, int limit) {
        Objects.requireNonNull(maturedBy, "maturedBy");
        Objects.requireNonNull(afterFriend, "afterFriend");
        checkLimit(limit);
        return page(afterFriend.isPresent() ? qualified.tailSet(afterFriend.get(), false) : qualified, limit,
                maturedBy);
    }

    private List<Referral> page(NavigableSet<MemberId> friends, int limit, Instant dueBy) {
        List<Referral> page = new ArrayList<>(Math.min(limit, 256));
        for (MemberId friend : friends) {
            if (page.size() == limit) {
                break;
            }
            Referral r = byFriend.get(friend);
            // An index entry may briefly disagree with a write in progress: re-check the referral itself.
            if (r != null && (dueBy == null || r.isDueAt(dueBy))) {
                page.add(r);
            }
        }
        return page;
    }

    private static void checkLimit(int limit) {
        if (limit < 1) {
            throw new InvalidArgumentException("limit", "must be positive, but was " + limit);
        }
    }
}
