package dev.loyaltykit.rules.campaign;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How a campaign is doing: members targeted and held back as control, and how many of each
 * bought within the attribution window. Reactivation rate = converted / targeted, compared with
 * the control group's rate.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param campaign the campaign id
 * @param targeted occasions given (rewarded and/or messaged)
 * @param converted of those, members who bought within the attribution window
 * @param control occasions held back as control
 * @param controlConverted of those, members who bought within the window anyway
 * @param unreachable targeted occasions where no consented channel could carry the message
 */
public record CampaignStats(String campaign, long targeted, long converted, long control, long controlConverted,
        long unreachable) {

    /**
     * Converted / targeted.
     *
     * @return the rate (0 to 1), 0 if nobody was targeted
     */
    public BigDecimal conversionRate() {
        return rate(converted, targeted);
    }

    /**
     * Control converted / control.
     *
     * @return the control group's rate (0 to 1), 0 if the group is empty
     */
    public BigDecimal controlRate() {
        return rate(controlConverted, control);
    }

    /**
     * The campaign's effect: conversion rate minus the control group's.
     *
     * @return the uplift, in rate points
     */
    public BigDecimal uplift() {
        return conversionRate().subtract(controlRate());
    }

    private static BigDecimal rate(long part, long whole) {
        return whole == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4,
                RoundingMode.HALF_UP);
    }
}
