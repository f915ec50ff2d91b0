package dev.loyaltykit.core.spi;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Member;
import java.util.Objects;

/**
 * A member's record and the member's ledger, read together by
 * {@link MemberStore#findWithLedger}: what an operation on an active member reads first.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param member the member's record
 * @param ledger the member's ledger state and the records of the operation keys asked about
 */
public record MemberWithLedger(Member member, LedgerRead ledger) {
    /**
     * Checks the fields.
     *
     * @throws InvalidArgumentException if the ledger is another member's
     */
    public MemberWithLedger {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(ledger, "ledger");
        if (!ledger.state().member().equals(member.id())) {
            throw new InvalidArgumentException("ledger", "is the ledger of member " + ledger.state().member()
                    + ", not of member " + member.id());
        }
    }
}
