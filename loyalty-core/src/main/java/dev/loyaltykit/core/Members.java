package dev.loyaltykit.core;

import dev.loyaltykit.core.event.LoyaltyEvent;
import dev.loyaltykit.core.spi.MemberStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Enrols, finds and changes members over a host-supplied {@link MemberStore}, turning the
 * store's outcomes into the library's exceptions and retrying lost optimistic-concurrency races.
 *
 * <pre>{@code
 * Members members = new Members(new InMemoryMemberStore());
 * Member anna = members.enroll(Member.builder(MemberId.of("m-1"), now)
 *         .identifier(Identifier.phone("+7 916 123-45-67")).build());
 * Optional<Member> found = members.findBy(Identifier.phone("8 916 1234567", "RU"));
 * members.update(anna.id(), m -> m.withConsent(Consent.granted(Channel.SMS, now)));
 * }</pre>
 *
 * <p>This class is thread-safe.
 */
public final class Members {
    private static final int MAX_ATTEMPTS = 16;

    private final MemberStore store;

    /**
     * Creates the service.
     *
     * @param store the member store
     */
    public Members(MemberStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Enrols a new member.
     *
     * @param member the member
     * @return the member as stored (version 1)
     * @throws AlreadyExistsException if the id or an identifier is taken
     */
    public Member enroll(Member member) {
        return enroll(member, List.of());
    }

    /**
     * Enrols a new member with the events that describe the enrolment, for a store that records
     * them in the same transaction ({@link MemberStore#insert(Member, List)}).
     *
     * @param member the member
     * @param events the events
     * @return the member as stored (version 1)
     * @throws AlreadyExistsException if the id or one of the identifiers is taken; nothing is written
     */
    public Member enroll(Member member, List<LoyaltyEvent> events) {
        Objects.requireNonNull(member, "member");
        switch (store.insert(member, List.copyOf(events))) {
            case WRITTEN:
                return member.withVersion(1);
            case DUPLICATE_ID:
                throw new AlreadyExistsException("member", member.id().value());
            case DUPLICATE_IDENTIFIER:
                throw new AlreadyExistsException("identifier", takenIdentifier(member));
            default:
                throw new IllegalStateException("unexpected outcome of insert");
        }
    }

    private String takenIdentifier(Member member) {
        for (Identifier identifier : member.identifiers()) {
            Optional<Member> owner = store.findByIdentifier(identifier);
            if (owner.isPresent() && !owner.get().id().equals(member.id())) {
                return identifier.toString();
            }
        }
        return "one of " + member.identifiers();
    }

    /**
     * Finds a member by id.
     *
     * @param id the id
     * @return the member
     */
    public Optional<Member> find(MemberId id) {
        return store.find(Objects.requireNonNull(id, "id"));
    }

    /**
     * Returns a member that must exist.
     *
     * @param id the id
     * @return the member
     * @throws NotFoundException if there is no such member
     */
    public Member get(MemberId id) {
        return find(id).orElseThrow(() -> new NotFoundException("member", id.value()));
    }

    /**
     * Finds a member by a phone number, card, e-mail or external id.
     *
     * @param identifier the normalised identifier
     * @return the member
     */
    public Optional<Member> findBy(Identifier identifier) {
        return store.findByIdentifier(Objects.requireNonNull(identifier, "identifier"));
    }

    /**
     * Changes a member: reads it, applies the change, and writes it if nobody changed it in the
     * meantime; otherwise reads again and re-applies (so the change function must not have side
     * effects), a bounded number of times.
     *
     * @param id the member
     * @param change how to change the member; must keep its id
     * @return the member as stored
     * @throws NotFoundException if there is no such member
     * @throws AlreadyExistsException if the change adds an identifier another member has
     * @throws InvalidArgumentException if the change alters the member's id
     * @throws ConcurrentUpdateException if the member was changed concurrently on every attempt
     */
    public Member update(MemberId id, UnaryOperator<Member> change) {
        Objects.requireNonNull(change, "change");
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Member current = get(id);
            Member changed = Objects.requireNonNull(change.apply(current), "change result");
            if (!changed.id().equals(id)) {
                throw new InvalidArgumentException("change", "must keep the member id " + id + ", but made it "
                        + changed.id());
            }
            Member versioned = changed.withVersion(current.version());
            switch (store.update(versioned)) {
                case WRITTEN:
                    return versioned.withVersion(current.version() + 1);
                case DUPLICATE_IDENTIFIER:
                    throw new AlreadyExistsException("identifier", takenIdentifier(versioned));
                case NOT_FOUND:
                    throw new NotFoundException("member", id.value());
                case VERSION_CONFLICT:
                default:
                    Thread.onSpinWait();
            }
        }
        throw new ConcurrentUpdateException("member " + id, MAX_ATTEMPTS);
    }
}
