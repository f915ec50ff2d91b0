/**
 * Value types of a loyalty program: {@link dev.loyaltykit.core.Money}, ids, members and their
 * identifiers and consents, orders, and the {@link dev.loyaltykit.core.LoyaltyException}
 * hierarchy.
 *
 * <h2>Conventions for the whole library</h2>
 * <ul>
 *   <li>Null: no method accepts or returns {@code null} unless its documentation says so;
 *       passing {@code null} throws {@link java.lang.NullPointerException} naming the argument.
 *       Absent values are {@link java.util.Optional}.</li>
 *   <li>Points are whole {@code long} values; arithmetic is overflow-checked
 *       ({@link java.lang.Math#addExact(long, long)}), so an overflow throws rather than wraps.</li>
 *   <li>Money is never {@code double}: {@link dev.loyaltykit.core.Money} is a
 *       {@link java.math.BigDecimal} at the currency's scale, and every lossy operation takes a
 *       {@link java.math.RoundingMode}.</li>
 *   <li>Bad input throws a subtype of {@link dev.loyaltykit.core.LoyaltyException} naming the
 *       value and what is allowed, and changes nothing.</li>
 *   <li>Personal data (phone numbers, e-mails, names) never appears in {@code toString()},
 *       exception messages or logs above DEBUG: identifiers print masked.</li>
 * </ul>
 */
package dev.loyaltykit.core;
