package dev.loyaltykit.examples.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an events file line by line (never the whole file), in CSV with a header row or in
 * JSON Lines, and checks each event against what came before: instants never go back, members
 * enrol once and before they act, refunds and captures name an order seen before.
 *
 * <p>Fields (CSV columns named by the header, or JSON object members):
 * <table>
 *   <caption>Event fields</caption>
 *   <tr><th>type</th><th>required</th><th>optional</th></tr>
 *   <tr><td>{@code enrol}</td><td>{@code at}, {@code member}</td><td>{@code phone}, {@code birthday}</td></tr>
 *   <tr><td>{@code purchase}</td><td>{@code at}, {@code member}, {@code order}, {@code amount}</td>
 *       <td>{@code category} (default {@code general}), {@code points} (pay with at most so many)</td></tr>
 *   <tr><td>{@code refund}</td><td>{@code at}, {@code member}, {@code order}</td><td></td></tr>
 *   <tr><td>{@code action}</td><td>{@code at}, {@code member}, {@code action}, {@code key}</td><td></td></tr>
 *   <tr><td>{@code hold}</td><td>{@code at}, {@code member}, {@code order}, {@code amount}, {@code points}</td>
 *       <td>{@code category}</td></tr>
 *   <tr><td>{@code capture}</td><td>{@code at}, {@code member}, {@code order}, {@code points}</td><td></td></tr>
 *   <tr><td>{@code runDue}</td><td>{@code at}</td><td></td></tr>
 * </table>
 * {@code at} is an ISO-8601 instant ({@code 2026-01-05T10:00:00Z}), {@code amount} a decimal,
 * {@code points} a whole number, {@code birthday} an ISO date. CSV cells are split on commas
 * and trimmed (no quoting); an empty cell is an absent field; blank lines are ignored.
 */
public final class EventReader implements Iterator<EventReader.Line> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("at", "type", "member", "phone", "birthday", "order", "amount",
            "category", "points", "action", "key");

    /** The two file formats. */
    public enum Format {
        /** Comma-separated values with a header row naming the columns. */
        CSV,
        /** One JSON object per line. */
        JSON_LINES;

        /**
         * The format a file name suggests: {@code .csv} is CSV, anything else JSON Lines.
         *
         * @param fileName the file name
         * @return the format
         */
        public static Format of(String fileName) {
            return fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? CSV : JSON_LINES;
        }
    }

    /**
     * One non-blank line: its number, and the event or what was wrong with it.
     *
     * @param number the 1-based line number
     * @param event the event, if the line is good
     * @param error what was wrong, if it is not
     */
    public record Line(long number, Optional<SimEvent> event, Optional<BadLineException> error) {
    }

    private final BufferedReader in;
    private final Format format;
    private List<String> header;
    private long number;
    private Line next;
    private Instant last = Instant.MIN;
    private final Set<String> members = new HashSet<>();
    private final Set<String> orders = new HashSet<>();

    /**
     * A reader over a stream of lines.
     *
     * @param in the lines; the caller closes it
     * @param format their format
     */
    public EventReader(BufferedReader in, Format format) {
        this.in = in;
        this.format = format;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = read();
        }
        return next != null;
    }

    @Override
    public Line next() {
        if (!hasNext()) {
            throw new java.util.NoSuchElementException();
        }
        Line line = next;
        next = null;
        return line;
    }

    private Line read() {
        try {
            String text;
            while ((text = in.readLine()) != null) {
                number++;
                if (text.isBlank()) {
                    continue;
                }
                if (format == Format.CSV && header == null) {
                    header = List.of(text.split(",", -1)).stream().map(String::trim).toList();
                    for (String column : header) {
                        if (!FIELDS.contains(column)) {
                            return bad("unknown column '" + column + "' in the header; allowed: " + new java.util.TreeSet<>(FIELDS));
                        }
                    }
                    if (!header.contains("at") || !header.contains("type")) {
                        return bad("the header must name the columns 'at' and 'type', but was: " + text);
                    }
                    continue;
                }
                try {
                    SimEvent event = toEvent(fields(text));
                    check(event);
                    return new Line(number, Optional.of(event), Optional.empty());
                } catch (BadLineException e) {
                    return new Line(number, Optional.empty(), Optional.of(e));
                }
            }
            return null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Line bad(String problem) {
        return new Line(number, Optional.empty(), Optional.of(new BadLineException(number, problem)));
    }

    private Map<String, String> fields(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (format == Format.CSV) {
            String[] cells = text.split(",", -1);
            if (cells.length != header.size()) {
                throw problem("expected " + header.size() + " cells as in the header, but found " + cells.length);
            }
            for (int i = 0; i < cells.length; i++) {
                if (!cells[i].isBlank()) {
                    fields.put(header.get(i), cells[i].trim());
                }
            }
        } else {
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw problem("not valid JSON: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                throw problem("expected a JSON object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!FIELDS.contains(e.getKey())) {
                    throw problem("unknown field '" + e.getKey() + "'; allowed: " + new java.util.TreeSet<>(FIELDS));
                }
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw problem("field '" + e.getKey() + "' must be a string or a number");
                }
                fields.put(e.getKey(), e.getValue().asText());
            }
        }
        return fields;
    }

    private SimEvent toEvent(Map<String, String> f) {
        String type = required(f, "type");
        Instant at = instant(required(f, "at"));
        switch (type) {
            case "enrol":
                allow(f, type, "phone", "birthday");
                return new SimEvent.Enrol(at, required(f, "member"), Optional.ofNullable(f.get("phone")),
                        Optional.ofNullable(f.get("birthday")).map(this::date));
            case "purchase":
                allow(f, type, "order", "amount", "category", "points");
                return new SimEvent.Purchase(at, required(f, "member"), required(f, "order"),
                        amount(required(f, "amount")), f.getOrDefault("category", "general"),
                        f.containsKey("points") ? points(f.get("points")) : 0);
            case "refund":
                allow(f, type, "order");
                return new SimEvent.Refund(at, required(f, "member"), required(f, "order"));
            case "action":
                allow(f, type, "action", "key");
                return new SimEvent.Action(at, required(f, "member"), required(f, "action"), required(f, "key"));
            case "hold":
                allow(f, type, "order", "amount", "category", "points");
                long held = points(required(f, "points"));
                if (held == 0) {
                    throw problem("points of a hold must be positive");
                }
                return new SimEvent.Hold(at, required(f, "member"), required(f, "order"), amount(required(f, "amount")),
                        f.getOrDefault("category", "general"), held);
            case "capture":
                allow(f, type, "order", "points");
                return new SimEvent.Capture(at, required(f, "member"), required(f, "order"), points(required(f, "points")));
            case "runDue":
                allow(f, type);
                return new SimEvent.RunDue(at);
            default:
                throw problem("unknown type '" + type + "'; allowed: [enrol, purchase, refund, action, hold, capture, runDue]");
        }
    }

    private void check(SimEvent event) {
        if (event.at().isBefore(last)) {
            throw problem("time goes back: " + event.at() + " is before the previous event's " + last);
        }
        String member = null;
        if (event instanceof SimEvent.Enrol e) {
            if (members.contains(e.member())) {
                throw problem("member '" + e.member() + "' is already enrolled");
            }
        } else if (event instanceof SimEvent.Purchase p) {
            member = p.member();
            if (!orders.add(p.order())) {
                throw problem("order '" + p.order() + "' was already recorded");
            }
        } else if (event instanceof SimEvent.Hold h) {
            member = h.member();
            if (!orders.add(h.order())) {
                throw problem("order '" + h.order() + "' was already recorded");
            }
        } else if (event instanceof SimEvent.Refund r) {
            member = r.member();
            requireOrder(r.order());
        } else if (event instanceof SimEvent.Capture c) {
            member = c.member();
            requireOrder(c.order());
        } else if (event instanceof SimEvent.Action a) {
            member = a.member();
        }
        if (member != null && !members.contains(member)) {
            throw problem("member '" + member + "' has not enrolled");
        }
        // Only a good line changes what later lines are checked against.
        last = event.at();
        if (event instanceof SimEvent.Enrol e) {
            members.add(e.member());
        }
    }

    private void requireOrder(String order) {
        if (!orders.contains(order)) {
            throw problem("no earlier purchase or hold of order '" + order + "'");
        }
    }

    private void allow(Map<String, String> f, String type, String... extra) {
        Set<String> allowed = new HashSet<>(List.of("at", "type", "member"));
        allowed.addAll(List.of(extra));
        for (String key : f.keySet()) {
            if (!allowed.contains(key)) {
                throw problem("field '" + key + "' does not apply to " + type);
            }
        }
    }

    private String required(Map<String, String> f, String name) {
        String v = f.get(name);
        if (v == null || v.isBlank()) {
            throw problem("required field '" + name + "' is missing");
        }
        return v;
    }

    private Instant instant(String v) {
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw problem("'at' must be an ISO-8601 instant such as 2026-01-05T10:00:00Z, but was '" + v + "'");
        }
    }

    private LocalDate date(String v) {
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw problem("'birthday' must be an ISO date such as 1990-04-10, but was '" + v + "'");
        }
    }

    private BigDecimal amount(String v) {
        try {
            BigDecimal amount = new BigDecimal(v);
            if (amount.signum() <= 0) {
                throw problem("'amount' must be positive, but was " + v);
            }
            return amount;
        } catch (NumberFormatException e) {
            throw problem("'amount' must be a decimal number such as 250.00, but was '" + v + "'");
        }
    }

    private long points(String v) {
        try {
            long points = Long.parseLong(v);
            if (points < 0) {
                throw problem("'points' must not be negative, but was " + v);
            }
            return points;
        } catch (NumberFormatException e) {
            throw problem("'points' must be a whole number, but was '" + v + "'");
        }
    }

    private BadLineException problem(String text) {
        return new BadLineException(number, text);
    }
}
