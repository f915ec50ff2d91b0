package dev.loyaltykit.core.ledger;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.PartnerId;
import java.util.Objects;
import java.util.Optional;

/**
 * One side of a transfer: a member's account or a system account of the program or a partner.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface AccountRef permits AccountRef.MemberAccount, AccountRef.SystemAccount {

    /**
     * A member's points account.
     *
     * @param member the member
     */
    record MemberAccount(MemberId member) implements AccountRef {
        /** Checks the field. */
        public MemberAccount {
            Objects.requireNonNull(member, "member");
        }

        @Override
        public String toString() {
            return "member:" + member;
        }
    }

    /**
     * A system account: the program's own when {@code partner} is empty, else a partner's.
     *
     * @param type issued, redeemed, expired or adjusted
     * @param partner the partner, or empty for the program
     */
    record SystemAccount(SystemAccountType type, Optional<PartnerId> partner) implements AccountRef {
        /** Checks the fields. */
        public SystemAccount {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(partner, "partner");
        }

        @Override
        public String toString() {
            return type.name().toLowerCase(java.util.Locale.ROOT) + ":" + partner.map(PartnerId::value).orElse("program");
        }
    }

    /**
     * A member's account.
     *
     * @param member the member
     * @return the account
     */
    static MemberAccount member(MemberId member) {
        return new MemberAccount(member);
    }

    /**
     * The program's own system account of a type.
     *
     * @param type the type
     * @return the account
     */
    static SystemAccount program(SystemAccountType type) {
        return new SystemAccount(type, Optional.empty());
    }

    /**
     * A system account of a type, of a partner or (if empty) of the program.
     *
     * @param type the type
     * @param partner the partner, or empty for the program
     * @return the account
     */
    static SystemAccount system(SystemAccountType type, Optional<PartnerId> partner) {
        return new SystemAccount(type, partner);
    }
}
