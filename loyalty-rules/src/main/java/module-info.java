/**
 * LoyaltyKit rules: program definitions (Java and JSON), the accrual engine and the
 * {@code LoyaltyProgram} facade.
 */
module dev.loyaltykit.rules {
    requires transitive dev.loyaltykit.core;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports dev.loyaltykit.rules;
    exports dev.loyaltykit.rules.accrual;
    exports dev.loyaltykit.rules.json;
    exports dev.loyaltykit.rules.redemption;
    exports dev.loyaltykit.rules.tier;
    exports dev.loyaltykit.rules.campaign;
    exports dev.loyaltykit.rules.coalition;
    exports dev.loyaltykit.rules.referral;
}
