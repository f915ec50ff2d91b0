package dev.loyaltykit.rules.accrual;

import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.PartnerId;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A rule filter's order test (segments, partners, channels, member attributes) as the engine
 * runs it per order: the filter's sorted sets and map, kept sorted for explanations and JSON,
 * copied once, when the program is compiled, into hash sets and arrays, which cost no string
 * comparisons and no iterator per order. The explanation names the first failing check as the
 * filter's sorted sets give it.
 *
 * <p>This class is immutable and thread-safe.
 */
final class OrderMatcher {
    private final String[] segments;
    private final Set<PartnerId> partners;
    private final Set<PartnerId> partnersSorted;
    private final Set<String> channels;
    private final Set<String> channelsSorted;
    private final String[] attributeKeys;
    private final String[] attributeValues;
    private final boolean anyOrder;

    /**
     * Compiles a filter's order test.
     *
     * @param filter the filter
     */
    OrderMatcher(RuleFilter filter) {
        segments = filter.segments().toArray(new String[0]);
        partners = Set.copyOf(filter.partners());
        partnersSorted = filter.partners();
        channels = Set.copyOf(filter.channels());
        channelsSorted = filter.channels();
        int n = filter.memberAttributes().size();
        attributeKeys = new String[n];
        attributeValues = new String[n];
        int i = 0;
        for (Map.Entry<String, String> e : filter.memberAttributes().entrySet()) {
            attributeKeys[i] = e.getKey();
            attributeValues[i++] = e.getValue();
        }
        anyOrder = filter.anyOrder();
    }

    /** @return whether every order matches */
    boolean anyOrder() {
        return anyOrder;
    }

    /**
     * Why an order does not match.
     *
     * @param order the order
     * @param member the buyer
     * @param inSegment whether the buyer is in a segment
     * @return the explanation, or null if the order matches
     */
    Supplier<String> orderMismatch(Order order, Member member, Predicate<String> inSegment) {
        for (String segment : segments) {
            if (!inSegment.test(segment)) {
                return () -> "member is not in segment " + segment;
            }
        }
        if (!partners.isEmpty() && (order.partner().isEmpty() || !partners.contains(order.partner().get()))) {
            return () -> "order partner " + order.partner().map(PartnerId::value).orElse("(none)") + " not in "
                    + partnersSorted;
        }
        if (!channels.isEmpty() && !channels.contains(order.channel())) {
            return () -> "channel " + order.channel() + " not in " + channelsSorted;
        }
        return attributeMismatch(member);
    }

    /**
     * Why a member does not have the filter's attributes.
     *
     * @param member the member
     * @return the explanation, or null if the member has them all
     */
    Supplier<String> attributeMismatch(Member member) {
        for (int i = 0; i < attributeKeys.length; i++) {
            if (!attributeValues[i].equals(member.attributes().get(attributeKeys[i]))) {
                String key = attributeKeys[i];
                String value = attributeValues[i];
                return () -> "member attribute " + key + " is not " + value;
            }
        }
        return null;
    }
}
