package dev.loyaltykit.core.memory;

import dev.loyaltykit.core.Identifier;
import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.spi.MemberStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The embedded, thread-safe in-memory {@link MemberStore}.
 *
 * <p>Identifiers are reserved in a concurrent index before a member is written, so two members
 * can never end up with the same phone number or card, and writes to different members do not
 * wait for each other.
 *
 * <p>This class is thread-safe.
 */
public final class InMemoryMemberStore implements MemberStore {
    private static final Comparator<Identifier> RESERVATION_ORDER =
            Comparator.comparing(Identifier::type).thenComparing(Identifier::value);

    private final ConcurrentSkipListMap<MemberId, Member> members = new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<Identifier, MemberId> index = new ConcurrentHashMap<>();
    private final Map<MemberId, Object> locks = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemoryMemberStore() {
    }

    @Override
    public Optional<Member> find(MemberId id) {
        return Optional.ofNullable(members.get(Objects.requireNonNull(id, "id")));
    }

    @Override
    public Optional<Member> findByIdentifier(Identifier identifier) {
        MemberId id = index.get(Objects.requireNonNull(identifier, "identifier"));
        if (id == null) {
            return Optional.empty();
        }
        Member m = members.get(id);
        // The index may briefly run ahead of the member (a write in progress): only a member that
        // has the identifier counts.
        return m != null && m.identifiers().contains(identifier) ? Optional.of(m) : Optional.empty();
    }

    @Override
    public MemberWrite insert(Member member) {
        Objects.requireNonNull(member, "member");
        if (members.containsKey(member.id())) {
            return MemberWrite.DUPLICATE_ID;
        }
        // Reserve the identifiers first, then the id; undo the reservations if either clashes.
        List<Identifier> reserved = new ArrayList<>();
        for (Identifier identifier : inReservationOrder(member.identifiers())) {
            if (index.putIfAbsent(identifier, member.id()) != null) {
                release(reserved, member.id());
                return MemberWrite.DUPLICATE_IDENTIFIER;
            }
            reserved.add(identifier);
        }
        if (members.putIfAbsent(member.id(), member.withVersion(1)) != null) {
            release(reserved, member.id());
            return MemberWrite.DUPLICATE_ID;
        }
        return MemberWrite.WRITTEN;
    }

    @Override
    public MemberWrite update(Member member) {
        Objects.requireNonNull(member, "member");
        synchronized (lockFor(member.id())) {
            Member current = members.get(member.id());
            if (current == null) {
                return MemberWrite.NOT_FOUND;
            }
            if (current.version() != member.version()) {
                return MemberWrite.VERSION_CONFLICT;
            }
            List<Identifier> added = new ArrayList<>();
            for (Identifier identifier : inReservationOrder(member.identifiers())) {
                if (current.identifiers().contains(identifier)) {
                    continue;
                }
                if (index.putIfAbsent(identifier, member.id()) != null) {
                    release(added, member.id());
                    return MemberWrite.DUPLICATE_IDENTIFIER;
                }
                added.add(identifier);
            }
            members.put(member.id(), member.withVersion(member.version() + 1));
            for (Identifier identifier : current.identifiers()) {
                if (!member.identifiers().contains(identifier)) {
                    index.remove(identifier, member.id());
                }
            }
            return MemberWrite.WRITTEN;
        }
    }

    /**
     * Identifiers in one order for every writer, like locks taken in a fixed order: in the
     * member's own order, two inserts listing the same two identifiers the other way round could
     * each reserve one, fail on the other and both report a duplicate nobody has.
     */
    private static List<Identifier> inReservationOrder(Set<Identifier> identifiers) {
        List<Identifier> ordered = new ArrayList<>(identifiers);
        ordered.sort(RESERVATION_ORDER);
        return ordered;
    }

    private Object lockFor(MemberId id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    private void release(List<Identifier> reserved, MemberId owner) {
        for (Identifier identifier : reserved) {
            index.remove(identifier, owner);
        }
    }

    @Override
    public List<Member> list(Optional<MemberId> after, int limit) {
        if (limit < 1) {
            throw new InvalidArgumentException("limit", "must be positive, but was " + limit);
        }
        Map<MemberId, Member> view = after.isPresent() ? members.tailMap(after.get(), false) : members;
        List<Member> page = new ArrayList<>(Math.min(limit, 1024));
        for (Member m : view.values()) {
            if (page.size() == limit) {
                break;
            }
            page.add(m);
        }
        return page;
    }
}
