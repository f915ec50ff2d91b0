package dev.loyaltykit.rules.campaign;

import dev.loyaltykit.core.Member;

/**
 * A segment of members the host defines in code, for campaigns triggered when a member enters it
 * ("bought kids' goods", "VIP", "sleeping"). Registered on the program with
 * {@code LoyaltyProgram.Builder.segment(name, segment)}.
 *
 * <h2>Implementation requirements</h2>
 * Pure, quick and thread-safe: it is evaluated for every member on each {@code runDue}.
 */
@FunctionalInterface
public interface Segment {

    /**
     * Whether a member is in the segment now.
     *
     * @param member the member
     * @param facts the member's points, tier and purchases now
     * @return true if in the segment
     */
    boolean contains(Member member, SegmentFacts facts);
}
