package dev.loyaltykit.examples.bench;

import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.ProgramDefinition;
import java.util.List;
import org.jeasy.rules.api.Rules;
import org.jeasy.rules.api.RulesEngine;

/**
 * Checks that LoyaltyKit and the three baselines give the same points for an order, so that a
 * benchmark never compares different work. Used in the benchmarks' {@code @Setup} and in the
 * unit test.
 */
public final class Agreement {

    private final ProgramDefinition definition = Fixtures.program20();
    private final List<BaselineRules.JavaRule> java = BaselineRules.javaRules();
    private final Rules lambda = BaselineRules.easyLambdaRules();
    private final Rules mvel = BaselineRules.easyMvelRules();
    private final RulesEngine engine = BaselineRules.engine();

    /** The four totals for one order. */
    public record Totals(long loyaltyKit, long floor, long easyLambda, long easyMvel) {
        /** @return whether all four are equal */
        public boolean agree() {
            return loyaltyKit == floor && floor == easyLambda && easyLambda == easyMvel;
        }
    }

    /**
     * Evaluates an order for a new member (first purchase, no caps used yet) all four ways.
     *
     * @param order the order; its member id is replaced by a fresh member's
     * @param tier the member's tier attribute, or ""
     * @return the totals
     */
    public Totals totals(Order order, String tier) {
        LoyaltyProgram program = LoyaltyProgram.builder(definition).build();
        Member member = program.enroll(Fixtures.member(order.member().value(), tier.isEmpty() ? null : tier));
        long kit = program.preview(order).points();
        Cart cart = new Cart(order, member, definition.zone(), true);
        return new Totals(kit, BaselineRules.floor(java, cart), BaselineRules.fire(engine, lambda, cart),
                BaselineRules.fire(engine, mvel, cart));
    }

    /**
     * Throws unless all four agree.
     *
     * @param order the order
     * @param tier the tier, or ""
     * @return the points
     */
    public long check(Order order, String tier) {
        Totals t = totals(order, tier);
        if (!t.agree()) {
            throw new IllegalStateException("benchmark fixtures disagree on order " + order.orderId().value() + ": " + t);
        }
        return t.loyaltyKit();
    }

    /** @return a member id for the checks */
    static MemberId id() {
        return MemberId.of("agreement");
    }
}
