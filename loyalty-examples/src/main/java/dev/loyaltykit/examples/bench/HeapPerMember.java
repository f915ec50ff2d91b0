package dev.loyaltykit.examples.bench;

import dev.loyaltykit.rules.LoyaltyProgram;

/**
 * Issue 11, (d): approximate heap per in-memory member — the used heap (total minus free) after
 * {@code System.gc()} with N members, each with a birthday and one lot (as in
 * {@link DueBenchmark}; a second argument sets the lots per member, each its own credit, so its
 * own operation record and transfer in the in-memory store's history), minus the same with none,
 * divided by N. {@code System.gc()} is a
 * request, so the figure is approximate; run it a few times.
 *
 * <p>{@code java -cp loyalty-examples/target/loyalty-benchmarks.jar dev.loyaltykit.examples.bench.HeapPerMember 100000 10}
 */
public final class HeapPerMember {

    private HeapPerMember() {
    }

    /**
     * Prints the estimate.
     *
     * @param args the number of members (default 100 000), then the lots per member (default 1)
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int lots = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        LoyaltyProgram empty = DueBenchmark.build(0);
        long before = used();
        LoyaltyProgram program = DueBenchmark.build(n, lots);
        long after = used();
        System.out.printf("members: %d, lots each: %d, heap used before: %d KiB, after: %d KiB, per member: %.0f bytes%n",
                n, lots, before / 1024, after / 1024, (after - before) / (double) n);
        // keep both alive until after the measurement
        if (program.definition() == null || empty.definition() == null) {
            throw new AssertionError();
        }
    }

    private static long used() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
