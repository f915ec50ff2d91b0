package dev.loyaltykit.core.referral;

/**
 * Where a referral stands. The transitions:
 * <ul>
 *   <li>{@code PENDING -> QUALIFIED}: the friend made a qualifying purchase;</li>
 *   <li>{@code QUALIFIED -> REWARDED}: the purchase is past its return period and both rewards were paid;</li>
 *   <li>{@code PENDING -> REJECTED}: a fraud rule refused the link when the code was applied;</li>
 *   <li>{@code QUALIFIED -> REJECTED}: paying would exceed a limit, or a member is no longer active;</li>
 *   <li>{@code QUALIFIED -> REVERSED}, {@code REWARDED -> REVERSED}: the qualifying order was refunded
 *       (rewards already paid are taken back).</li>
 * </ul>
 * {@code REJECTED} and {@code REVERSED} are final.
 */
public enum ReferralStatus {
    /** Linked; the friend has not made a qualifying purchase yet. */
    PENDING,
    /** The friend made a qualifying purchase; the rewards are paid once it is past its return period. */
    QUALIFIED,
    /** Both rewards were paid. */
    REWARDED,
    /** A fraud rule or a limit refused the referral; nothing was or will be paid. */
    REJECTED,
    /** The qualifying order was refunded: nothing more is paid, and rewards already paid were taken back. */
    REVERSED
}
