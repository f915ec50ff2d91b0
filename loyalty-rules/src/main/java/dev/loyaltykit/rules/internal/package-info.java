/** Implementation details of loyalty-rules; not exported, not API. */
package dev.loyaltykit.rules.internal;
