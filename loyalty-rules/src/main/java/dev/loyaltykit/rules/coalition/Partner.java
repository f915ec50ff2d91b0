package dev.loyaltykit.rules.coalition;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.PartnerId;
import dev.loyaltykit.rules.internal.Names;
import java.util.Objects;

/**
 * A merchant of a coalition program: members earn and spend points at it. Its funding rule says
 * what it pays the program for each point it issues, and what the program pays it for each
 * point redeemed at it. A partner's own accrual rules are the program's rules whose filter names
 * it ({@code RuleFilter.withPartners}).
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param id the partner id (orders name it in {@code Order.partner()})
 * @param name a display name
 * @param issueCost the money the partner owes the program per point it issues
 * @param redemptionCredit the money the program owes the partner per point redeemed at it
 * @param suspended whether the partner may no longer issue or accept points (its members keep
 *     their balances)
 */
public record Partner(PartnerId id, String name, Money issueCost, Money redemptionCredit, boolean suspended) {

    /**
     * Validates the fields.
     *
     * @throws InvalidArgumentException if a rate is negative or the currencies differ
     */
    public Partner {
        Objects.requireNonNull(id, "id");
        Names.name("name", name);
        Objects.requireNonNull(issueCost, "issueCost");
        Objects.requireNonNull(redemptionCredit, "redemptionCredit");
        issueCost.requireSameCurrency(redemptionCredit);
        if (issueCost.isNegative() || redemptionCredit.isNegative()) {
            throw new InvalidArgumentException("issueCost", "rates must not be negative, but were " + issueCost
                    + " and " + redemptionCredit);
        }
    }

    /**
     * An active partner.
     *
     * @param id the id
     * @param name the name
     * @param issueCost owed to the program per point issued
     * @param redemptionCredit owed to the partner per point redeemed at it
     * @return the partner
     */
    public static Partner of(String id, String name, Money issueCost, Money redemptionCredit) {
        return new Partner(PartnerId.of(id), name, issueCost, redemptionCredit, false);
    }

    /**
     * Suspended or active again.
     *
     * @param value whether suspended
     * @return the changed partner
     */
    public Partner withSuspended(boolean value) {
        return new Partner(id, name, issueCost, redemptionCredit, value);
    }
}
