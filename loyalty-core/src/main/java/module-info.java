/**
 * LoyaltyKit core: value types, members, orders, the double-entry points ledger, the storage SPI
 * and the in-memory reference stores.
 */
module dev.loyaltykit.core {
    requires transitive org.slf4j;

    exports dev.loyaltykit.core;
    exports dev.loyaltykit.core.ledger;
    exports dev.loyaltykit.core.spi;
    exports dev.loyaltykit.core.memory;
    exports dev.loyaltykit.core.event;
    exports dev.loyaltykit.core.referral;
    exports dev.loyaltykit.core.internal to dev.loyaltykit.rules;
}
