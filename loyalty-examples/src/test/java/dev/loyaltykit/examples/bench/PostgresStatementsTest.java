package dev.loyaltykit.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loyaltykit.examples.bench.PostgresStatements.Phase;
import dev.loyaltykit.examples.bench.PostgresStatements.StatementShare;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statement breakdown runs the benchmark's operations and counts what the server ran for them. */
class PostgresStatementsTest {

    private static StatementShare statement(Phase phase, String start) {
        return phase.statements().stream().filter(s -> s.query().startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no statement " + start + " in " + phase));
    }

    @Test
    void eachPhaseInTurnsWithTheBaseline_withItsOwnStatementsCountedPerOperation() throws SQLException {
        List<Phase> phases = PostgresStatements.run(100, 100, 1);

        assertThat(phases).extracting(Phase::name).containsExactly("TPC-B-like", "recordPurchase", "TPC-B-like",
                "recordPurchases, batches of 10, per order");
        for (Phase p : phases) {
            assertThat(p.operations()).isEqualTo(100);
            assertThat(p.cpuMicros()).as(p.name()).isPositive();
            assertThat(p.wallMicros()).as("one thread's CPU time fits in its wall time: " + p.name())
                    .isGreaterThanOrEqualTo(p.cpuMicros());
            assertThat(p.executionMicros()).as(p.name()).isPositive();
            assertThat(p.statements()).noneMatch(s -> s.query().contains("pg_stat_statements"));
        }
        for (Phase tpcb : List.of(phases.get(0), phases.get(2))) {
            assertThat(tpcb.statements()).as("only pgbench's").allMatch(s -> s.query().contains("pgbench_")
                    || s.query().equals("BEGIN"));
            assertThat(statement(tpcb, "UPDATE pgbench_accounts").calls()).isEqualTo(100);
            assertThat(statement(tpcb, "INSERT INTO pgbench_history").rows()).isEqualTo(100);
        }

        Phase single = phases.get(1);
        assertThat(single.statements()).noneMatch(s -> s.query().contains("pgbench_"));
        assertThat(statement(single, "INSERT INTO lk_operation").calls()).as("one record per purchase").isEqualTo(100);
        assertThat(statement(single, "INSERT INTO lk_lot").rows()).isEqualTo(100);

        Phase batches = phases.get(3);
        StatementShare operations = statement(batches, "INSERT INTO lk_operation");
        assertThat(operations.calls()).as("one multi-row insert per batch").isEqualTo(10);
        assertThat(operations.rows()).isEqualTo(100);
        StatementShare totals = statement(batches, "INSERT INTO lk_system_total");
        assertThat(totals.calls()).isEqualTo(10);
        assertThat(totals.rows()).as("a batch adds to one system-total row").isEqualTo(10);
    }

    @Test
    void badCounts_areRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> PostgresStatements.run(0, 100, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("members and operations must be positive");
        assertThatThrownBy(() -> PostgresStatements.run(100, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PostgresStatements.run(100, 150, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a multiple of 100");
        assertThatThrownBy(() -> PostgresStatements.run(100, 100, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
