/**
 * A command-line program simulator: replays a file of events (or a generated population)
 * through the {@link dev.loyaltykit.rules.LoyaltyProgram} facade with the in-memory stores and
 * reports the program's KPIs and the members' final balances. Start at
 * {@link dev.loyaltykit.examples.sim.LoyaltySim}.
 */
package dev.loyaltykit.examples.sim;
