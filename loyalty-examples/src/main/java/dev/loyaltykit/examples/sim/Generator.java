package dev.loyaltykit.examples.sim;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Generates a population's events in time order, deterministically for a seed, without
 * holding more than one pending event per member (plus pending refunds).
 *
 * <p>The model: members join over the first third of the period; each has a visit rate drawn
 * log-normally around two visits a month (0.2 to 20), a typical basket drawn log-normally around
 * 700 (varying ±35% per visit), a time after which they stop coming (exponential, mean eight
 * months, so win-back has sleepers to wake), and a birthday. A third of members pay with points
 * on half their visits. 3% of purchases are refunded one to ten days later. The host's
 * scheduler runs {@code runDue} every day at midnight in the program's time zone.
 */
public final class Generator implements Iterator<SimEvent> {
    private static final double DAY_SECONDS = 86_400;

    private record Pending(Instant at, long seq, SimEvent event) {
    }

    private final Random random;
    private final Instant end;
    private final double[] visitsPerDay;
    private final double[] basket;
    private final boolean[] redeemer;
    private final Instant[] churnAt;
    private final PriorityQueue<Pending> queue = new PriorityQueue<>((a, b) -> a.at().equals(b.at())
            ? Long.compare(a.seq(), b.seq()) : a.at().compareTo(b.at()));
    private final java.time.ZoneId zone;
    private Instant nextTick;
    private long seq;
    private long orders;

    /**
     * A generator.
     *
     * @param members how many members join, at least 1
     * @param months how many months the simulation lasts, at least 1
     * @param seed the random seed: the same seed gives the same events
     * @param start when the period starts
     * @param zone the program's time zone: the period ends {@code months} later there, and the
     *     daily {@code runDue} runs at its midnight
     */
    public Generator(int members, int months, long seed, Instant start, java.time.ZoneId zone) {
        if (members < 1 || months < 1) {
            throw new IllegalArgumentException("members and months must be at least 1, but were " + members
                    + " and " + months);
        }
        this.random = new Random(seed);
        this.zone = zone;
        this.end = start.atZone(zone).plusMonths(months).toInstant();
        this.nextTick = start.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
        this.visitsPerDay = new double[members];
        this.basket = new double[members];
        this.redeemer = new boolean[members];
        this.churnAt = new Instant[members];
        long joinWindow = Math.max(1, Duration.between(start, end).getSeconds() / 3);
        for (int i = 0; i < members; i++) {
            visitsPerDay[i] = clamp(Math.exp(Math.log(2) + 0.8 * random.nextGaussian()), 0.2, 20) / 30.0;
            basket[i] = clamp(Math.exp(Math.log(700) + 0.5 * random.nextGaussian()), 50, 20_000);
            redeemer[i] = random.nextDouble() < 1.0 / 3;
            Instant joins = start.plusSeconds((long) (random.nextDouble() * joinWindow));
            churnAt[i] = joins.plusSeconds((long) (-Math.log(1 - random.nextDouble()) * 240 * DAY_SECONDS));
            LocalDate birthday = LocalDate.of(1960 + random.nextInt(46), 1, 1).plusDays(random.nextInt(365));
            push(joins, new SimEvent.Enrol(joins, memberId(i), Optional.of(String.format("+7916%07d", i)),
                    Optional.of(birthday)));
        }
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }

    private static String memberId(int i) {
        return String.format("m%06d", i);
    }

    private void push(Instant at, SimEvent event) {
        queue.add(new Pending(at, seq++, event));
    }

    @Override
    public boolean hasNext() {
        return !queue.isEmpty() || nextTick.isBefore(end);
    }

    @Override
    public SimEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (nextTick.isBefore(end) && (queue.isEmpty() || !nextTick.isAfter(queue.peek().at()))) {
            SimEvent tick = new SimEvent.RunDue(nextTick);
            nextTick = nextTick.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
            return tick;
        }
        SimEvent event = queue.poll().event();
        if (event instanceof SimEvent.Enrol e) {
            schedulePurchase(index(e.member()), e.at().plusSeconds(600));
        } else if (event instanceof SimEvent.Purchase p) {
            int i = index(p.member());
            if (random.nextDouble() < 0.03) {
                Instant refundAt = p.at().plusSeconds((long) ((1 + random.nextInt(10)) * DAY_SECONDS));
                if (refundAt.isBefore(end)) {
                    push(refundAt, new SimEvent.Refund(refundAt, p.member(), p.order()));
                }
            }
            double gapDays = -Math.log(1 - random.nextDouble()) / visitsPerDay[i];
            schedulePurchase(i, p.at().plusSeconds((long) (gapDays * DAY_SECONDS)));
        }
        return event;
    }

    private void schedulePurchase(int i, Instant at) {
        if (!at.isBefore(end) || at.isAfter(churnAt[i])) {
            return;
        }
        BigDecimal amount = BigDecimal.valueOf(basket[i] * Math.exp(0.35 * random.nextGaussian()))
                .setScale(0, RoundingMode.HALF_UP).max(BigDecimal.TEN).setScale(2);
        long points = redeemer[i] && random.nextBoolean() ? 1000 : 0;
        push(at, new SimEvent.Purchase(at, memberId(i), "o" + (++orders), amount, "general", points));
    }

    private static int index(String memberId) {
        return Integer.parseInt(memberId.substring(1));
    }
}
