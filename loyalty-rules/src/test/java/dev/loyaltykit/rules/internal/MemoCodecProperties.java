package dev.loyaltykit.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.loyaltykit.rules.accrual.AccrualResult;
import dev.loyaltykit.rules.accrual.LineAward;
import dev.loyaltykit.rules.accrual.LineEarning;
import dev.loyaltykit.rules.accrual.Outcome;
import dev.loyaltykit.rules.accrual.RuleResult;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The memo is written by hand; it must be exactly the text Jackson's generator writes (as it did
 * before), so that memos written before and after read the same, and read back to the result.
 */
class MemoCodecProperties {

    @Property(tries = 500)
    void memo_isWhatJacksonWrites_andReadsBack(@ForAll("results") AccrualResult result, @ForAll("instants") Instant placedAt)
            throws IOException {
        String memo = MemoCodec.write(result, placedAt);

        assertThat(memo).isEqualTo(jackson(result, placedAt));
        assertThat(MemoCodec.read(memo)).isEqualTo(result);
        assertThat(MemoCodec.readPlacedAt(memo)).isEqualTo(placedAt);
    }

    /** The memo as the Jackson streaming generator wrote it up to this change. */
    static String jackson(AccrualResult result, Instant placedAt) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("placedAt", placedAt.toString());
            g.writeNumberField("points", result.points());
            g.writeNumberField("capReduction", result.programCapReduction());
            g.writeArrayFieldStart("rules");
            for (RuleResult r : result.rules()) {
                g.writeStartObject();
                g.writeStringField("id", r.ruleId());
                g.writeStringField("type", r.type());
                g.writeNumberField("points", r.points());
                g.writeStringField("outcome", r.outcome().name());
                g.writeStringField("detail", r.detail());
                g.writeArrayFieldStart("lines");
                for (LineAward a : r.lines()) {
                    g.writeStartObject();
                    g.writeStringField("line", a.lineId());
                    g.writeStringField("base", a.base().toPlainString());
                    g.writeStringField("points", a.points().toPlainString());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("lines");
            for (LineEarning l : result.lines()) {
                g.writeStartObject();
                g.writeStringField("line", l.lineId());
                g.writeStringField("quantity", l.quantity().toPlainString());
                g.writeStringField("base", l.base().toPlainString());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toString();
    }

    /** Any text: control characters, quotes, backslashes, Cyrillic, surrogate pairs. */
    static Arbitrary<String> text() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.strings().withChars("\"\\\b\f\n\r\t\u0000\u001f\u007f\u2028 абв€🎁/").ofMaxLength(12));
    }

    static Arbitrary<BigDecimal> decimals() {
        return Combinators.combine(Arbitraries.bigIntegers().between(BigInteger.valueOf(-10).pow(20), BigInteger.TEN.pow(20)),
                Arbitraries.integers().between(0, 20)).as(BigDecimal::new); // amounts and points: scale 0 or more
    }

    @Provide
    Arbitrary<AccrualResult> results() {
        Arbitrary<LineAward> award = Combinators.combine(text(), decimals(), decimals()).as(LineAward::new);
        Arbitrary<RuleResult> rule = Combinators.combine(text(), text(), Arbitraries.longs(),
                Arbitraries.of(Outcome.class), text(), award.list().ofMaxSize(4)).as(RuleResult::new);
        Arbitrary<LineEarning> line = Combinators.combine(text(), decimals(), decimals()).as(LineEarning::new);
        return Combinators.combine(Arbitraries.longs().greaterOrEqual(0), rule.list().ofMaxSize(5),
                line.list().ofMaxSize(4), Arbitraries.longs().greaterOrEqual(0)).as(AccrualResult::new);
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Combinators.combine(Arbitraries.longs().between(-62_000_000_000L, 253_000_000_000L),
                Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond);
    }
}
