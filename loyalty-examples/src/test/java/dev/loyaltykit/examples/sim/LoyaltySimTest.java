package dev.loyaltykit.examples.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoyaltySimTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static String resource(String name) {
        try {
            return Path.of(LoyaltySimTest.class.getResource("/sim/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Run sim(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LoyaltySim.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void csvEvents_giveTheKpisComputedByHand() throws IOException {
        Path balances = dir.resolve("balances.csv");
        Run run = sim("--program", resource("program.json"), "--events", resource("events.csv"), "--json",
                "--balances", balances.toString());
        System.out.println(run.out() + run.err());

        // o1 1000 -> 50; o2 400 -> 20, refunded -> -20; o3 200 with up to 100 points: the balance
        // (50) binds, earn 5% of 150 = 7; o4 600 paid with the 7 held and captured, earn 5% of 593
        // = 29; a review +10; the runDue on 25 Feb expires the 29 (30 days after 20 Jan).
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains(
                "\"first\":\"2026-01\",\"last\":\"2026-02\"",
                "\"membersEnrolled\":2",
                // m2's only order was refunded: the library still counts it as an order and m2 as active
                "\"membersActive\":2",
                "\"orders\":4",
                "\"repeatBuyers\":1",
                "\"spend\":\"1743.00\"",
                "\"pointsIssued\":96",
                "\"pointsRedeemed\":57",
                "\"pointsExpired\":29",
                "\"liabilityPoints\":10",
                "\"liabilityMoney\":\"10.00\"");
        assertThat(Files.readAllLines(balances)).containsExactly(
                "member,available,held,pending,debt,lifetimeEarned,lifetimeRedeemed,lifetimeExpired",
                "m1,0,0,0,0,86,57,29",
                "m2,10,0,0,0,10,0,0");
    }

    @Test
    void textReport_isATable() {
        Run run = sim("--program", resource("program.json"), "--events", resource("events.csv"));
        assertThat(run.code()).isZero();
        assertThat(run.out()).containsPattern("points issued\\s+96")
                .containsPattern("liability \\(money\\)\\s+10.00 RUB");
    }

    @Test
    void badLines_areReportedWithTheirNumbers_andNothingIsReplayed() throws IOException {
        Path balances = dir.resolve("balances.csv");
        Run run = sim("--program", resource("program.json"), "--events", resource("events.jsonl"),
                "--balances", balances.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("events.jsonl: line 3: not valid JSON")
                .contains("events.jsonl: line 4: member 'zz' has not enrolled")
                .contains("2 bad line(s); nothing was replayed");
        assertThat(run.out()).isEmpty();
        assertThat(balances).doesNotExist();
    }

    @Test
    void skipBad_reportsAndSkipsBadLines() throws IOException {
        Path balances = dir.resolve("balances.csv");
        Run run = sim("--program", resource("program.json"), "--events", resource("events.jsonl"), "--skip-bad",
                "--balances", balances.toString());
        assertThat(run.code()).isZero();
        assertThat(run.err()).contains("line 3: not valid JSON").contains("line 4: member 'zz' has not enrolled")
                .contains("2 line(s) skipped");
        // o1 1000 -> 50, o4 200 -> 10
        assertThat(Files.readAllLines(balances)).containsExactly(
                "member,available,held,pending,debt,lifetimeEarned,lifetimeRedeemed,lifetimeExpired",
                "m1,60,0,0,0,60,0,0");
    }

    @Test
    void generation_isDeterministicForASeed() throws IOException {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        Path c = dir.resolve("c.csv");
        Run first = sim("--program", "coffee-shop", "--generate", "40", "--months", "4", "--seed", "7", "--json",
                "--balances", a.toString());
        Run second = sim("--program", "coffee-shop", "--generate", "40", "--months", "4", "--seed", "7", "--json",
                "--balances", b.toString());
        Run other = sim("--program", "coffee-shop", "--generate", "40", "--months", "4", "--seed", "8", "--json",
                "--balances", c.toString());
        System.out.println(first.out() + first.err());
        assertThat(first.code()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(Files.readString(b)).isEqualTo(Files.readString(a));
        assertThat(Files.readString(c)).isNotEqualTo(Files.readString(a));
        assertThat(first.out()).contains("\"membersEnrolled\":40");
        assertThat(Files.readAllLines(a)).hasSize(41);
    }

    @Test
    void htmlReport_hasTheChartsAsNonEmptyImages() throws IOException {
        Path html = dir.resolve("report.html");
        Run run = sim("--program", "clothing-shop", "--generate", "30", "--months", "3", "--seed", "1",
                "--html", html.toString());
        assertThat(run.code()).isZero();
        String page = Files.readString(html);
        assertThat(page).contains("<h2>Points issued, redeemed and expired per month</h2>",
                "<h2>Outstanding liability (points)</h2>", "<h2>Members per tier</h2>");
        java.util.regex.Matcher images = java.util.regex.Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]*)\"")
                .matcher(page);
        int count = 0;
        while (images.find()) {
            byte[] png = java.util.Base64.getDecoder().decode(images.group(1));
            assertThat(png.length).isGreaterThan(1000);
            assertThat(java.util.Arrays.copyOf(png, 4)).containsExactly(0x89, 'P', 'N', 'G');
            count++;
        }
        assertThat(count).isEqualTo(3);
    }

    @Test
    void timeline_hasOneSnapshotPerMonth_withHandComputedFigures() throws IOException {
        dev.loyaltykit.rules.ProgramDefinition program = dev.loyaltykit.rules.json.ProgramJson.read(
                Path.of(resource("program.json")));
        Simulation sim = new Simulation(program, java.time.Instant.EPOCH);
        sim.keepTimeline();
        try (java.io.BufferedReader in = Files.newBufferedReader(Path.of(resource("events.csv")))) {
            new EventReader(in, EventReader.Format.CSV).forEachRemaining(l -> sim.apply(l.event().orElseThrow()));
        }
        // January: issued 50 + 20 + 7 + 29 - 20 = 86, redeemed 57, 29 left; February: +10, 29 expired.
        assertThat(sim.months()).extracting(MonthSnapshot::pointsIssued, MonthSnapshot::pointsRedeemed,
                MonthSnapshot::pointsExpired, MonthSnapshot::liabilityPoints).containsExactly(
                org.assertj.core.groups.Tuple.tuple(86L, 57L, 0L, 29L),
                org.assertj.core.groups.Tuple.tuple(10L, 0L, 29L, 10L));
    }

    @Test
    void anEventTheLibraryRefuses_stopsTheRunWithItsLineNumber_orIsSkipped() throws IOException {
        // o1 earns 50; the hold of 80 points on line 4 asks for more than the balance.
        Run stopped = sim("--program", resource("program.json"), "--events", resource("events-refused.csv"));
        assertThat(stopped.code()).isEqualTo(3);
        assertThat(stopped.err()).contains("events-refused.csv: line 4: refused:");
        assertThat(stopped.out()).isEmpty();

        Path balances = dir.resolve("balances.csv");
        Run skipped = sim("--program", resource("program.json"), "--events", resource("events-refused.csv"),
                "--skip-bad", "--balances", balances.toString());
        assertThat(skipped.code()).isZero();
        assertThat(skipped.err()).contains("line 4: refused:").contains("(skipped)").contains("1 line(s) skipped");
        // 50 + 5% of 300 = 65
        assertThat(Files.readAllLines(balances)).contains("m1,65,0,0,0,65,0,0");
    }

    @Test
    void usageErrors_exitWithOne() {
        Run run = sim("--program", "coffee-shop");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("usage: LoyaltySim");
    }
}
