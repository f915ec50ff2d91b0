package dev.loyaltykit.rules.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loyaltykit.rules.accrual.AccrualResult;
import dev.loyaltykit.rules.accrual.LineAward;
import dev.loyaltykit.rules.accrual.LineEarning;
import dev.loyaltykit.rules.accrual.Outcome;
import dev.loyaltykit.rules.accrual.RuleResult;
import dev.loyaltykit.core.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link AccrualResult} into a ledger receipt's memo and reads it back, so a replayed
 * purchase returns its first explanation and a refund knows each line's earn base. Internal:
 * the memo's format is not API.
 */
public final class MemoCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MemoCodec() {
    }

    /**
     * Encodes a result with the time of the order (or action) it is for.
     *
     * @param result the result
     * @param placedAt when the order was placed
     * @return compact JSON, written by hand into one builder (a purchase writes one with every
     *     rule's explanation; through Jackson's generator it was a third of an in-memory purchase)
     */
    public static String write(AccrualResult result, java.time.Instant placedAt) {
        StringBuilder out = BUILDER.get();
        if (out.capacity() > MAX_KEPT_CAPACITY) {
            out = new StringBuilder(1024);
            BUILDER.set(out);
        }
        out.setLength(0);
        out.append("{\"placedAt\":");
        string(out, placedAt.toString());
        out.append(",\"points\":").append(result.points());
        out.append(",\"capReduction\":").append(result.programCapReduction());
        out.append(",\"rules\":[");
        List<RuleResult> rules = result.rules();
        for (int r = 0; r < rules.size(); r++) {
            RuleResult rule = rules.get(r);
            out.append(r == 0 ? "{\"id\":" : ",{\"id\":");
            string(out, rule.ruleId());
            out.append(",\"type\":");
            string(out, rule.type());
            out.append(",\"points\":").append(rule.points());
            out.append(",\"outcome\":");
            string(out, rule.outcome().name());
            out.append(",\"detail\":");
            string(out, rule.detail());
            out.append(",\"lines\":[");
            List<LineAward> awards = rule.lines();
            for (int a = 0; a < awards.size(); a++) {
                LineAward award = awards.get(a);
                out.append(a == 0 ? "{\"line\":" : ",{\"line\":");
                string(out, award.lineId());
                out.append(",\"base\":");
                decimal(out, award.base());
                out.append(",\"points\":");
                decimal(out, award.points());
                out.append('}');
            }
            out.append("]}");
        }
        out.append("],\"lines\":[");
        List<LineEarning> lines = result.lines();
        for (int l = 0; l < lines.size(); l++) {
            LineEarning line = lines.get(l);
            out.append(l == 0 ? "{\"line\":" : ",{\"line\":");
            string(out, line.lineId());
            out.append(",\"quantity\":");
            decimal(out, line.quantity());
            out.append(",\"base\":");
            decimal(out, line.base());
            out.append('}');
        }
        return out.append("]}").toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** A decimal's plain text as a JSON string (it has nothing to escape). */
    private static void decimal(StringBuilder out, BigDecimal value) {
        Decimals.appendPlain(out.append('"'), value).append('"');
    }

    /**
     * Each thread's builder, kept between memos (as Jackson keeps its buffers): only the final
     * string is allocated. One grown past {@link #MAX_KEPT_CAPACITY} (a huge program) is not kept.
     */
    private static final ThreadLocal<StringBuilder> BUILDER = ThreadLocal.withInitial(() -> new StringBuilder(1024));
    private static final int MAX_KEPT_CAPACITY = 1 << 16;

    /**
     * A JSON string as Jackson's generator writes it by default: quote and backslash escaped,
     * backspace, tab, newline, form feed and carriage return by their one-letter escapes, other
     * characters below U+0020 as a Unicode escape with upper-case hex digits, the rest as they are.
     */
    private static void string(StringBuilder out, String value) {
        out.append('"');
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(value, start, i).append('\\');
            switch (c) {
                case '"', '\\' -> out.append(c);
                case '\b' -> out.append('b');
                case '\t' -> out.append('t');
                case '\n' -> out.append('n');
                case '\f' -> out.append('f');
                case '\r' -> out.append('r');
                default -> out.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
            start = i + 1;
        }
        out.append(value, start, value.length()).append('"');
    }

    /**
     * Reads the order time of a memo written by {@link #write(AccrualResult, java.time.Instant)}.
     *
     * @param memo the memo
     * @return the order time
     */
    public static java.time.Instant readPlacedAt(String memo) {
        try {
            return java.time.Instant.parse(MAPPER.readTree(memo).path("placedAt").asText());
        } catch (JsonProcessingException | java.time.format.DateTimeParseException e) {
            throw new IllegalStateException("receipt memo has no order time", e);
        }
    }

    /**
     * Decodes a result written by {@link #write(AccrualResult, java.time.Instant)}.
     *
     * @param memo the memo
     * @return the result
     * @throws IllegalStateException if the memo is not such a result
     */
    public static AccrualResult read(String memo) {
        JsonNode root;
        try {
            root = MAPPER.readTree(memo);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("receipt memo is not an accrual result", e);
        }
        List<RuleResult> rules = new ArrayList<>();
        for (JsonNode n : root.path("rules")) {
            List<LineAward> awards = new ArrayList<>();
            for (JsonNode a : n.path("lines")) {
                awards.add(new LineAward(a.path("line").asText(), new BigDecimal(a.path("base").asText()),
                        new BigDecimal(a.path("points").asText())));
            }
            rules.add(new RuleResult(n.path("id").asText(), n.path("type").asText(), n.path("points").asLong(),
                    Outcome.valueOf(n.path("outcome").asText()), n.path("detail").asText(), awards));
        }
        List<LineEarning> lines = new ArrayList<>();
        for (JsonNode l : root.path("lines")) {
            lines.add(new LineEarning(l.path("line").asText(), new BigDecimal(l.path("quantity").asText()),
                    new BigDecimal(l.path("base").asText())));
        }
        return new AccrualResult(root.path("points").asLong(), rules, lines, root.path("capReduction").asLong());
    }

    /**
     * Encodes how a points discount spreads over an order's lines, with each line's quantity.
     *
     * @param allocation the discount per line id
     * @param quantities the quantity per line id
     * @return compact JSON
     */
    public static String writeAllocation(Map<String, Money> allocation, Map<String, BigDecimal> quantities) {
        return writeAllocation(allocation, quantities, java.util.Optional.empty());
    }

    /**
     * Encodes an allocation with the partner the points are spent at.
     *
     * @param allocation the discount per line id
     * @param quantities the quantity per line id
     * @param partner the partner of the order, if any
     * @return compact JSON
     */
    public static String writeAllocation(Map<String, Money> allocation, Map<String, BigDecimal> quantities,
            java.util.Optional<dev.loyaltykit.core.PartnerId> partner) {
        ObjectNode root = MAPPER.createObjectNode();
        partner.ifPresent(p -> root.put("partner", p.value()));
        ArrayNode lines = root.putArray("allocation");
        allocation.forEach((line, money) -> lines.addObject().put("line", line)
                .put("amount", money.amount().toPlainString()).put("currency", money.currency().getCurrencyCode())
                .put("quantity", quantities.getOrDefault(line, BigDecimal.ONE).toPlainString()));
        return root.toString();
    }

    /**
     * Reads the partner of an allocation memo.
     *
     * @param memo the memo
     * @return the partner, if the order had one
     */
    public static java.util.Optional<dev.loyaltykit.core.PartnerId> readPartner(String memo) {
        try {
            JsonNode p = MAPPER.readTree(memo).get("partner");
            return p == null ? java.util.Optional.empty() : java.util.Optional.of(dev.loyaltykit.core.PartnerId.of(p.asText()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("receipt memo is not an allocation", e);
        }
    }

    /**
     * Decodes an allocation written by {@link #writeAllocation(Map, Map)}.
     *
     * @param memo the memo
     * @param quantities filled with the quantity per line id
     * @return the discount per line id
     * @throws IllegalStateException if the memo is not an allocation
     */
    public static Map<String, Money> readAllocation(String memo, Map<String, BigDecimal> quantities) {
        JsonNode root;
        try {
            root = MAPPER.readTree(memo);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("receipt memo is not an allocation", e);
        }
        Map<String, Money> out = new LinkedHashMap<>();
        for (JsonNode n : root.path("allocation")) {
            String line = n.path("line").asText();
            out.put(line, Money.of(new BigDecimal(n.path("amount").asText()),
                    Currency.getInstance(n.path("currency").asText())));
            quantities.put(line, new BigDecimal(n.path("quantity").asText()));
        }
        return out;
    }
}
