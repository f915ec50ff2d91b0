package dev.loyaltykit.rules.redemption;

import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.spi.MemberLedger;

/**
 * Chooses the redemption policy for a member: the extension point where tiers (or a host's own
 * logic) give some members other limits, e.g. Gold members pay up to 70% with points.
 *
 * <h2>Implementation requirements</h2>
 * Pure and thread-safe: it is called inside the ledger's optimistic-concurrency loop and may run
 * more than once per operation.
 */
@FunctionalInterface
public interface RedemptionLimits {

    /** The program's policy for everyone. */
    RedemptionLimits PROGRAM = (member, state, policy) -> policy;

    /**
     * The policy for a member.
     *
     * @param member the member
     * @param state the member's ledger state as of now
     * @param programPolicy the program's policy
     * @return the policy to apply
     */
    RedemptionPolicy policyFor(Member member, MemberLedger state, RedemptionPolicy programPolicy);
}
