package dev.loyaltykit.rules.redemption;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.ledger.LedgerReceipt;
import java.util.Objects;

/**
 * A redeemed reward: the code the member shows or types to claim it, and the ledger receipt.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param reward the reward id
 * @param member the member
 * @param points the points paid
 * @param code the reward code: 12 characters without ambiguous letters, not derivable from ids
 * @param receipt the ledger receipt
 * @param replayed whether this redemption key had been used before (the same code is returned)
 */
public record RewardResult(String reward, MemberId member, long points, String code, LedgerReceipt receipt,
        boolean replayed) {
    /** Checks the fields. */
    public RewardResult {
        Objects.requireNonNull(reward, "reward");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(receipt, "receipt");
    }
}
