package dev.loyaltykit.rules;

import dev.loyaltykit.core.LoyaltyException;
import dev.loyaltykit.core.OrderId;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one order of {@link LoyaltyProgram#recordPurchases(java.util.List)}: recorded
 * (or replayed, see {@link PurchaseResult#replayed()}), or refused with the exception
 * {@link LoyaltyProgram#recordPurchase(dev.loyaltykit.core.Order)} would have thrown for it.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param order the order's id
 * @param result what recording it did, if it was recorded
 * @param failure why it was refused, if it was
 */
public record PurchaseOutcome(OrderId order, Optional<PurchaseResult> result, Optional<LoyaltyException> failure) {
    /** Checks that exactly one of result and failure is present. */
    public PurchaseOutcome {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(failure, "failure");
        if (result.isPresent() == failure.isPresent()) {
            throw new IllegalArgumentException("exactly one of result and failure must be present");
        }
    }

    /**
     * An order recorded or replayed.
     *
     * @param result what recording did
     * @return the outcome
     */
    public static PurchaseOutcome recorded(PurchaseResult result) {
        return new PurchaseOutcome(result.order(), Optional.of(result), Optional.empty());
    }

    /**
     * An order refused.
     *
     * @param order the order's id
     * @param failure why
     * @return the outcome
     */
    public static PurchaseOutcome failed(OrderId order, LoyaltyException failure) {
        return new PurchaseOutcome(order, Optional.empty(), Optional.of(failure));
    }

    /**
     * Whether the order was recorded (now or before).
     *
     * @return true unless it was refused
     */
    public boolean recorded() {
        return result.isPresent();
    }
}
