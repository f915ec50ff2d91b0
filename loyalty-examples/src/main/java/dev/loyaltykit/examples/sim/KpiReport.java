package dev.loyaltykit.examples.sim;

import dev.loyaltykit.rules.ProgramKpis;
import dev.loyaltykit.rules.campaign.CampaignStats;
import java.util.ArrayList;
import java.util.List;

/**
 * Formats {@link ProgramKpis} as a text table or as JSON.
 */
public final class KpiReport {
    private KpiReport() {
    }

    private static List<String[]> rows(ProgramKpis k) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"period", k.first() + " .. " + k.last()});
        rows.add(new String[] {"members enrolled", Long.toString(k.membersEnrolled())});
        rows.add(new String[] {"members active", Long.toString(k.membersActive())});
        rows.add(new String[] {"repeat buyers", Long.toString(k.repeatBuyers())});
        rows.add(new String[] {"repeat-purchase rate", k.repeatPurchaseRate().toPlainString()});
        rows.add(new String[] {"orders", Long.toString(k.orders())});
        rows.add(new String[] {"spend", k.spend().toString()});
        rows.add(new String[] {"average order", k.averageOrder().toString()});
        rows.add(new String[] {"points issued", Long.toString(k.pointsIssued())});
        rows.add(new String[] {"points redeemed", Long.toString(k.pointsRedeemed())});
        rows.add(new String[] {"points expired", Long.toString(k.pointsExpired())});
        rows.add(new String[] {"points adjusted", Long.toString(k.pointsAdjusted())});
        rows.add(new String[] {"redemption rate", k.redemptionRate().toPlainString()});
        rows.add(new String[] {"breakage", k.breakage().toPlainString()});
        rows.add(new String[] {"liability (points)", Long.toString(k.liabilityPoints())});
        rows.add(new String[] {"liability (money)", k.liabilityMoney().toString()});
        for (CampaignStats c : k.campaigns()) {
            rows.add(new String[] {"campaign " + c.campaign(), "targeted " + c.targeted() + ", converted " + c.converted()
                    + ", control " + c.control() + ", control converted " + c.controlConverted() + ", unreachable "
                    + c.unreachable()});
        }
        return rows;
    }

    /**
     * A two-column text table.
     *
     * @param k the KPIs
     * @return the table, one row a line
     */
    public static String text(ProgramKpis k) {
        List<String[]> rows = rows(k);
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            sb.append(String.format("%-" + width + "s  %s%n", r[0], r[1]));
        }
        return sb.toString();
    }

    /**
     * A JSON object with the KPIs: counts as numbers, money and rates as strings.
     *
     * @param k the KPIs
     * @return the JSON, one line
     */
    public static String json(ProgramKpis k) {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"first\":\"").append(k.first()).append("\",\"last\":\"").append(k.last()).append('"');
        num(sb, "membersEnrolled", k.membersEnrolled());
        num(sb, "membersActive", k.membersActive());
        num(sb, "repeatBuyers", k.repeatBuyers());
        str(sb, "repeatPurchaseRate", k.repeatPurchaseRate().toPlainString());
        num(sb, "orders", k.orders());
        str(sb, "spend", k.spend().amount().toPlainString());
        str(sb, "averageOrder", k.averageOrder().amount().toPlainString());
        str(sb, "currency", k.spend().currency().getCurrencyCode());
        num(sb, "pointsIssued", k.pointsIssued());
        num(sb, "pointsRedeemed", k.pointsRedeemed());
        num(sb, "pointsExpired", k.pointsExpired());
        num(sb, "pointsAdjusted", k.pointsAdjusted());
        str(sb, "redemptionRate", k.redemptionRate().toPlainString());
        str(sb, "breakage", k.breakage().toPlainString());
        num(sb, "liabilityPoints", k.liabilityPoints());
        str(sb, "liabilityMoney", k.liabilityMoney().amount().toPlainString());
        sb.append(",\"campaigns\":[");
        for (int i = 0; i < k.campaigns().size(); i++) {
            CampaignStats c = k.campaigns().get(i);
            sb.append(i == 0 ? "" : ",").append("{\"campaign\":\"").append(c.campaign().replace("\"", "\\\"")).append('"');
            num(sb, "targeted", c.targeted());
            num(sb, "converted", c.converted());
            num(sb, "control", c.control());
            num(sb, "controlConverted", c.controlConverted());
            num(sb, "unreachable", c.unreachable());
            sb.append('}');
        }
        return sb.append("]}").toString();
    }

    private static void num(StringBuilder sb, String name, long value) {
        sb.append(",\"").append(name).append("\":").append(value);
    }

    private static void str(StringBuilder sb, String name, String value) {
        sb.append(",\"").append(name).append("\":\"").append(value).append('"');
    }
}
