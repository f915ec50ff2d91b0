package dev.loyaltykit.rules.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loyaltykit.rules.accrual.AccrualResult;
import dev.loyaltykit.rules.accrual.LineAward;
import dev.loyaltykit.rules.accrual.LineEarning;
import dev.loyaltykit.rules.accrual.Outcome;
import dev.loyaltykit.rules.accrual.RuleResult;
import dev.loyaltykit.core.Money;
import java.io.IOException;
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
     * @return compact JSON
     */
    public static String write(AccrualResult result, java.time.Instant placedAt) {
        try {
            return MAPPER.writeValueAsString(new Memo(result, placedAt));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an accrual result is always writable", e);
        }
    }

    /**
     * A result as the memo's JSON, streamed rather than built as a tree of nodes (a map per
     * object) and then serialised; written through the mapper so that its recycled buffers hold
     * the text until the one final string.
     */
    private static final class Memo extends JsonSerializable.Base {
        private final AccrualResult result;
        private final java.time.Instant placedAt;

        Memo(AccrualResult result, java.time.Instant placedAt) {
            this.result = result;
            this.placedAt = placedAt;
        }

        @Override
        public void serialize(JsonGenerator g, SerializerProvider serializers) throws IOException {
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

        @Override
        public void serializeWithType(JsonGenerator g, SerializerProvider serializers, TypeSerializer typeSer)
                throws IOException {
            serialize(g, serializers);
        }
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
