package dev.loyaltykit.examples.sim;

import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.ProgramKpis;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * A self-contained HTML page: the KPI table and three charts drawn with JFreeChart as PNG
 * images embedded as {@code data:} URIs (points issued, redeemed and expired per month;
 * outstanding liability; members per tier).
 */
public final class HtmlReport {
    /** The chart titles, in the order they appear. */
    public static final List<String> TITLES = List.of("Points issued, redeemed and expired per month",
            "Outstanding liability (points)", "Members per tier");

    private HtmlReport() {
    }

    /**
     * Writes the page.
     *
     * @param out where to write
     * @param definition the program
     * @param kpis the KPIs of the whole run
     * @param months the month-end snapshots
     * @throws IOException if writing fails
     */
    public static void write(Writer out, ProgramDefinition definition, ProgramKpis kpis, List<MonthSnapshot> months)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset points = new DefaultCategoryDataset();
        DefaultCategoryDataset liability = new DefaultCategoryDataset();
        DefaultCategoryDataset tiers = new DefaultCategoryDataset();
        Set<String> tierNames = new LinkedHashSet<>();
        months.forEach(m -> tierNames.addAll(m.membersPerTier().keySet()));
        for (MonthSnapshot m : months) {
            String month = m.month().toString();
            points.addValue(m.pointsIssued(), "issued", month);
            points.addValue(m.pointsRedeemed(), "redeemed", month);
            points.addValue(m.pointsExpired(), "expired", month);
            liability.addValue(m.liabilityPoints(), "liability", month);
            for (String tier : tierNames) {
                tiers.addValue(m.membersPerTier().getOrDefault(tier, 0L), tier, month);
            }
        }
        JFreeChart[] charts = {
            ChartFactory.createBarChart(TITLES.get(0), "month", "points", points, PlotOrientation.VERTICAL, true, false,
                    false),
            ChartFactory.createLineChart(TITLES.get(1), "month", "points", liability, PlotOrientation.VERTICAL, false,
                    false, false),
            ChartFactory.createStackedAreaChart(TITLES.get(2), "month", "members", tiers, PlotOrientation.VERTICAL, true,
                    false, false),
        };
        out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(definition.name())
                + " - simulation</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                + "td{border:1px solid #ccc;padding:2px 8px}img{display:block;margin:1em 0}</style></head><body>\n");
        out.write("<h1>" + esc(definition.name()) + ": simulation " + kpis.first() + " .. " + kpis.last() + "</h1>\n<table>\n");
        for (String line : KpiReport.text(kpis).split("\\R")) {
            int split = line.indexOf("  ");
            if (split > 0) {
                out.write("<tr><td>" + esc(line.substring(0, split).trim()) + "</td><td>"
                        + esc(line.substring(split).trim()) + "</td></tr>\n");
            }
        }
        out.write("</table>\n");
        for (int i = 0; i < charts.length; i++) {
            charts[i].setBackgroundPaint(Color.WHITE);
            charts[i].getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ChartUtils.writeChartAsPNG(png, charts[i], 900, 400);
            out.write("<h2>" + esc(TITLES.get(i)) + "</h2>\n<img alt=\"" + esc(TITLES.get(i))
                    + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray())
                    + "\">\n");
        }
        out.write("</body></html>\n");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
