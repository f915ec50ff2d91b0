package dev.loyaltykit.core.conformance;

import dev.loyaltykit.core.Identifier;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.spi.MemberStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A member store that forwards the methods every store implements to another (the others keep
 * their defaults); tests override the calls whose outcome they change or observe.
 */
public class ForwardingMemberStore implements MemberStore {
    private final MemberStore delegate;

    /**
     * Forwards to a store.
     *
     * @param delegate the store that does the work
     */
    public ForwardingMemberStore(MemberStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public Optional<Member> find(MemberId id) {
        return delegate.find(id);
    }

    @Override
    public Optional<Member> findByIdentifier(Identifier identifier) {
        return delegate.findByIdentifier(identifier);
    }

    @Override
    public MemberWrite insert(Member member) {
        return delegate.insert(member);
    }

    @Override
    public MemberWrite update(Member member) {
        return delegate.update(member);
    }

    @Override
    public List<Member> list(Optional<MemberId> after, int limit) {
        return delegate.list(after, limit);
    }
}
