package dev.loyaltykit.rules.tier;

import dev.loyaltykit.core.InvalidArgumentException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A program's tiers: Bronze / Silver / Gold by total spend, a cumulative discount card ("3%
 * after 10 000 spent, 5% after 30 000"), and the like.
 *
 * <pre>{@code
 * TierScheme tiers = TierScheme.of(TierMetric.SPEND, TierWindow.CALENDAR_YEAR,
 *         Tier.of("bronze", "Bronze", "0", TierBenefits.NONE),
 *         Tier.of("silver", "Silver", "10000", TierBenefits.NONE.withAccrualMultiplier("1.5")),
 *         Tier.of("gold", "Gold", "30000", TierBenefits.NONE.withAccrualMultiplier("2").withPerks("free-delivery")));
 * }</pre>
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param metric what members qualify on
 * @param window the period the metric is summed over
 * @param tiers the tiers, sorted by ascending threshold; the first is where every member starts
 * @param policy when members move down
 */
public record TierScheme(TierMetric metric, TierWindow window, List<Tier> tiers, TierPolicy policy) {

    /**
     * Validates, sorts and copies the fields.
     *
     * @throws InvalidArgumentException if there are no tiers, an id repeats, or two tiers share a threshold
     */
    public TierScheme {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(policy, "policy");
        List<Tier> sorted = new ArrayList<>(tiers);
        sorted.sort(Comparator.comparing(Tier::threshold));
        if (sorted.isEmpty()) {
            throw new InvalidArgumentException("tiers", "a tier scheme needs at least one tier");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < sorted.size(); i++) {
            if (!ids.add(sorted.get(i).id())) {
                throw new InvalidArgumentException("tiers", "tier id '" + sorted.get(i).id() + "' is used twice");
            }
            if (i > 0 && sorted.get(i).threshold().compareTo(sorted.get(i - 1).threshold()) == 0) {
                throw new InvalidArgumentException("tiers", "tiers '" + sorted.get(i - 1).id() + "' and '"
                        + sorted.get(i).id() + "' have the same threshold " + sorted.get(i).threshold().toPlainString());
            }
        }
        tiers = List.copyOf(sorted);
    }

    /**
     * A scheme with the default policy.
     *
     * @param metric the metric
     * @param window the window
     * @param tiers the tiers
     * @return the scheme
     */
    public static TierScheme of(TierMetric metric, TierWindow window, Tier... tiers) {
        return new TierScheme(metric, window, List.of(tiers), TierPolicy.DEFAULT);
    }

    /**
     * With another policy.
     *
     * @param value the policy
     * @return the changed scheme
     */
    public TierScheme withPolicy(TierPolicy value) {
        return new TierScheme(metric, window, tiers, value);
    }

    /**
     * A tier by id.
     *
     * @param id the id
     * @return the tier
     */
    public Optional<Tier> tier(String id) {
        return tiers.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /**
     * The position of a tier, 0 for the lowest.
     *
     * @param id the tier id
     * @return the index, or -1 if there is no such tier
     */
    public int indexOf(String id) {
        for (int i = 0; i < tiers.size(); i++) {
            if (tiers.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
