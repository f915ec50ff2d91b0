package dev.loyaltykit.core.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One movement of points from one account to another. Transfers are never changed or deleted:
 * a refund is a new transfer that {@link #reverses()} the original operation.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param id the member and sequence number
 * @param key the key of the operation that made it
 * @param kind why the points moved
 * @param from the account debited
 * @param to the account credited
 * @param points how many, positive
 * @param at when
 * @param reverses the key of the operation this transfer reverses, if it is a reversal
 * @param lots the lots the points came from or went to
 */
public record Transfer(TransferId id, OperationKey key, TransferKind kind, AccountRef from, AccountRef to,
        long points, Instant at, Optional<OperationKey> reverses, List<LotPortion> lots) {

    /** Checks and copies the fields. */
    public Transfer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reverses, "reverses");
        lots = List.copyOf(lots);
        if (points <= 0) {
            throw new IllegalArgumentException("transfer points must be positive, but was " + points);
        }
        if (from.equals(to)) {
            throw new IllegalArgumentException("transfer from and to the same account " + from);
        }
    }

    /**
     * The signed effect of this transfer on an account: {@code +points} if credited,
     * {@code -points} if debited, 0 otherwise.
     *
     * @param account the account
     * @return the change of its balance
     */
    public long effectOn(AccountRef account) {
        if (to.equals(account)) {
            return points;
        }
        return from.equals(account) ? -points : 0;
    }
}
