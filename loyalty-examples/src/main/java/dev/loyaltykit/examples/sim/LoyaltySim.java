package dev.loyaltykit.examples.sim;

import dev.loyaltykit.core.LoyaltyException;
import dev.loyaltykit.examples.Programs;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.ProgramKpis;
import dev.loyaltykit.rules.json.ProgramDefinitionException;
import dev.loyaltykit.rules.json.ProgramJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;

/**
 * The program simulator's command line: replays an events file (CSV or JSON Lines, see
 * {@link EventReader}) or a generated population ({@link Generator}) through the facade with
 * the in-memory stores, then prints the KPI report and optionally writes the final balances.
 *
 * <pre>
 * LoyaltySim --program coffee-shop.json --events events.csv [--skip-bad] [--json] [--balances out.csv] [--html report.html]
 * LoyaltySim --program coffee-shop.json --generate 1000 --months 12 --seed 42 [--start 2026-01-01T00:00:00Z]
 * </pre>
 *
 * <p>{@code --program} is a JSON file, or the name of a bundled example program
 * ({@code coffee-shop}, {@code clothing-shop}, {@code bring-a-friend}, {@code coalition}).
 * An events file is read twice, streaming: first every line is checked, and if any is bad
 * each is reported with its line number and nothing is replayed (exit code 2); with
 * {@code --skip-bad} bad lines, and events the library refuses, are reported on stderr and
 * skipped. Without it, an event the library refuses stops the run (exit code 3). Exit code 1
 * is a usage error.
 */
public final class LoyaltySim {
    private static final String USAGE = "usage: LoyaltySim --program FILE|NAME (--events FILE [--skip-bad] | --generate N"
            + " --months M --seed S [--start INSTANT]) [--json] [--balances FILE] [--html FILE]";

    private LoyaltySim() {
    }

    /**
     * Runs the simulator and exits with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        int code = run(args, System.out, System.err, System.console() != null);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs the simulator.
     *
     * @param args the command line
     * @param out where the report goes
     * @param err where problems (and the progress, if asked) go
     * @param progress whether to show progress on {@code err}
     * @return the exit code: 0 done, 1 usage, 2 bad input, 3 an event the library refused
     */
    public static int run(String[] args, PrintStream out, PrintStream err, boolean progress) {
        String program = null;
        String events = null;
        String balances = null;
        String html = null;
        boolean json = false;
        boolean skipBad = false;
        Integer generate = null;
        Integer months = null;
        Long seed = null;
        Instant start = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--program" -> program = value(args, ++i);
                    case "--events" -> events = value(args, ++i);
                    case "--balances" -> balances = value(args, ++i);
                    case "--html" -> html = value(args, ++i);
                    case "--json" -> json = true;
                    case "--skip-bad" -> skipBad = true;
                    case "--generate" -> generate = Integer.valueOf(value(args, ++i));
                    case "--months" -> months = Integer.valueOf(value(args, ++i));
                    case "--seed" -> seed = Long.valueOf(value(args, ++i));
                    case "--start" -> start = Instant.parse(value(args, ++i));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (program == null || (events == null) == (generate == null)
                    || (generate != null && (months == null || seed == null))) {
                throw new IllegalArgumentException("give --program, and either --events or --generate with --months and --seed");
            }
        } catch (RuntimeException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 1;
        }

        ProgramDefinition definition;
        try {
            definition = Files.exists(Path.of(program)) ? ProgramJson.read(Path.of(program)) : Programs.load(program);
        } catch (ProgramDefinitionException e) {
            err.println(program + ": " + e.getMessage());
            return 2;
        } catch (IOException | IllegalArgumentException e) {
            err.println("cannot read program " + program + ": " + e.getMessage());
            return 1;
        }

        Simulation sim = new Simulation(definition, Instant.EPOCH);
        if (html != null) {
            sim.keepTimeline();
        }
        int code;
        try {
            if (events != null) {
                code = replay(sim, Path.of(events), skipBad, err, progress);
            } else {
                code = generated(sim, new Generator(generate, months, seed,
                        start != null ? start : java.time.LocalDate.of(2026, 1, 1).atStartOfDay(definition.zone()).toInstant(),
                        definition.zone()), err, progress);
            }
        } catch (UncheckedIOException e) {
            err.println("cannot read " + events + ": " + e.getCause().getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 1;
        }
        if (code != 0) {
            return code;
        }
        ProgramKpis kpis = sim.kpis();
        out.print(json ? KpiReport.json(kpis) + System.lineSeparator() : KpiReport.text(kpis));
        if (balances != null) {
            try (Writer w = Files.newBufferedWriter(Path.of(balances), StandardCharsets.UTF_8)) {
                sim.writeBalances(w);
            } catch (IOException e) {
                err.println("cannot write " + balances + ": " + e.getMessage());
                return 1;
            }
        }
        if (html != null) {
            try (Writer w = Files.newBufferedWriter(Path.of(html), StandardCharsets.UTF_8)) {
                HtmlReport.write(w, definition, kpis, sim.months());
            } catch (IOException e) {
                err.println("cannot write " + html + ": " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static int replay(Simulation sim, Path file, boolean skipBad, PrintStream err, boolean progress) {
        EventReader.Format format = EventReader.Format.of(file.getFileName().toString());
        if (!skipBad) {
            long bad = 0;
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (Iterator<EventReader.Line> it = new EventReader(in, format); it.hasNext(); ) {
                    EventReader.Line line = it.next();
                    if (line.error().isPresent()) {
                        bad++;
                        err.println(file.getFileName() + ": " + line.error().get().getMessage());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (bad > 0) {
                err.println(bad + " bad line(s); nothing was replayed (use --skip-bad to skip them)");
                return 2;
            }
        }
        long skipped = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (Iterator<EventReader.Line> it = new EventReader(in, format); it.hasNext(); ) {
                EventReader.Line line = it.next();
                if (line.error().isPresent()) {
                    skipped++;
                    err.println(file.getFileName() + ": " + line.error().get().getMessage() + " (skipped)");
                    continue;
                }
                try {
                    sim.apply(line.event().orElseThrow());
                } catch (LoyaltyException e) {
                    err.println(file.getFileName() + ": line " + line.number() + ": refused: " + e.getMessage()
                            + (skipBad ? " (skipped)" : ""));
                    if (!skipBad) {
                        return 3;
                    }
                    skipped++;
                }
                progress(sim, err, progress);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (progress) {
            err.println();
        }
        if (skipped > 0) {
            err.println(skipped + " line(s) skipped");
        }
        return 0;
    }

    private static int generated(Simulation sim, Generator generator, PrintStream err, boolean progress) {
        while (generator.hasNext()) {
            SimEvent event = generator.next();
            try {
                sim.apply(event);
            } catch (LoyaltyException e) {
                // A generated member may ask for points the policy does not allow; that is the simulation, not an error.
                err.println("refused: " + event + ": " + e.getMessage());
            }
            progress(sim, err, progress);
        }
        if (progress) {
            err.println();
        }
        return 0;
    }

    private static void progress(Simulation sim, PrintStream err, boolean progress) {
        if (progress && sim.events() % 10_000 == 0) {
            err.print("\r" + sim.events() + " events replayed");
            err.flush();
        }
    }
}
