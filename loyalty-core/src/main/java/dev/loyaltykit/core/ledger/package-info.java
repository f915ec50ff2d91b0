/**
 * The double-entry points ledger: {@link dev.loyaltykit.core.ledger.PointsLedger} and its
 * commands, receipts, lots, holds and transfers.
 *
 * <p>Every movement is a {@link dev.loyaltykit.core.ledger.Transfer} between two accounts, so
 * the sum over all accounts is always zero. Credits create {@link dev.loyaltykit.core.ledger.Lot
 * lots} with their own maturity and expiry; debits and holds consume lots soonest-expiring
 * first and remember which, so a refund can give points back to the lot they came from.
 * Reversals follow an explicit {@link dev.loyaltykit.core.ledger.ReturnPolicy}.
 *
 * <p>Null policy as in {@link dev.loyaltykit.core}.
 */
package dev.loyaltykit.core.ledger;
