package dev.loyaltykit.core.referral;

/** Why a referral was rejected. Each is recorded on the referral and pays nothing. */
public enum RejectionReason {
    /** The friend is the referrer, or shares a phone number, card or e-mail address with the referrer. */
    SELF_REFERRAL,
    /** The friend had been a member for longer than the scheme's grace when the code was applied. */
    ALREADY_MEMBER,
    /** The friend had recorded a purchase before the code was applied. */
    ALREADY_PURCHASED,
    /** Following the referrers up from the referrer leads back to the friend. */
    CYCLE,
    /** Paying would exceed the referrer's limit of rewarded referrals (per period or in total). */
    OVER_REFERRER_LIMIT,
    /** More referred enrolments came from the same device or network fingerprint than the scheme allows. */
    OVER_FINGERPRINT_LIMIT,
    /** The referrer or the friend was not an active member (blocked or closed). */
    MEMBER_NOT_ACTIVE
}
