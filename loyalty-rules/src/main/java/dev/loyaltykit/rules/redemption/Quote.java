package dev.loyaltykit.rules.redemption;

import dev.loyaltykit.core.Money;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The most points a member can apply to an order now, what they are worth, which limit decided
 * it, and how that discount spreads over the order's lines (so a partial refund later knows
 * what to give back).
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param points the most points applicable, 0 if none
 * @param value their money value
 * @param limits every limit checked, with the binding one marked
 * @param allocation the discount per line id (and {@code #shipping}), summing to {@code value}
 */
public record Quote(long points, Money value, List<QuoteLimit> limits, Map<String, Money> allocation) {
    /** Checks and copies the fields. */
    public Quote {
        Objects.requireNonNull(value, "value");
        limits = List.copyOf(limits);
        allocation = Collections.unmodifiableMap(new LinkedHashMap<>(allocation));
    }

    /**
     * The limit that decided the quote.
     *
     * @return the binding limit, empty if none applied
     */
    public Optional<QuoteLimit> binding() {
        return limits.stream().filter(QuoteLimit::binding).findFirst();
    }

    /**
     * A limit by name.
     *
     * @param name the limit's name
     * @return the limit, if it was checked
     */
    public Optional<QuoteLimit> limit(String name) {
        return limits.stream().filter(l -> l.name().equals(name)).findFirst();
    }
}
