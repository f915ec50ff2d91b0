package dev.loyaltykit.rules.coalition;

import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.PartnerId;
import java.util.Objects;

/**
 * One partner's line of a settlement report.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param partner the partner
 * @param issued points it issued in the period (net of refunds)
 * @param redeemedHere points redeemed at it in the period (net of refunds), whoever issued them
 * @param issuedRedeemedElsewhere of the points redeemed in the period, those it issued that were
 *     redeemed at another partner or the program
 * @param owed the money it owes the program for the period: issued x issue cost minus redeemed
 *     here x redemption credit (negative: the program owes it)
 */
public record PartnerSettlement(PartnerId partner, long issued, long redeemedHere, long issuedRedeemedElsewhere,
        Money owed) {
    /** Checks the fields. */
    public PartnerSettlement {
        Objects.requireNonNull(partner, "partner");
        Objects.requireNonNull(owed, "owed");
    }
}
