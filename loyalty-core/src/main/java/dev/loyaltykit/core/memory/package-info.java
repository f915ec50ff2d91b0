/**
 * Thread-safe in-memory implementations of the storage SPI: the embedded default, and the
 * reference the conformance kit is proven against.
 *
 * <p>Null policy as in {@link dev.loyaltykit.core}.
 */
package dev.loyaltykit.core.memory;
