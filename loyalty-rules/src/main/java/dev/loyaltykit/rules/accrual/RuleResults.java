package dev.loyaltykit.rules.accrual;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The rules' results of one evaluation, each made from its rule's {@link Candidate} when first
 * read: a checkout that asks only for the points does not pay for twenty result objects and the
 * list that holds them. It is an unmodifiable list, equal to (and hashing, printing, serialising
 * as) a list of the same results.
 *
 * <p>Thread-safe once the {@link AccrualResult} holding it is constructed: the candidates are no
 * longer written to by then (their lines were set by the engine before, see
 * {@link Candidate#listsLines}) and are reached through this list's final fields; a result made
 * twice by two threads reading at once is made equal both times, and each is complete when read
 * (its own fields are final).
 */
final class RuleResults extends AbstractList<RuleResult> implements RandomAccess {
    private final Candidate[] candidates;
    /** The results made so far; a null entry is made on its first read. */
    private final RuleResult[] made;

    /**
     * @param candidates the evaluated candidates, in the order of the results; their lines set
     *     ({@link Candidate#listsLines}) and no longer written to
     */
    RuleResults(Candidate[] candidates) {
        this.candidates = candidates;
        this.made = new RuleResult[candidates.length];
    }

    @Override
    public RuleResult get(int index) {
        RuleResult r = made[index];
        if (r == null) {
            Candidate c = candidates[index];
            // A candidate's words and per-line awards are written when first read, too.
            r = RuleResult.explainedLater(c.id, c.type, c.points, c.outcome, c.detail,
                    c.listed() ? c : List::of);
            made[index] = r;
        }
        return r;
    }

    @Override
    public int size() {
        return candidates.length;
    }
}
