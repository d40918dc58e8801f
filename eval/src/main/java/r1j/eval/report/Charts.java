package r1j.eval.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import r1j.eval.metrics.RunSummary;
import r1j.eval.run.SampleRecord;

/** The report's charts, drawn by JFreeChart onto JFreeSVG's SVG canvas and returned as {@code <svg>} markup. */
final class Charts {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final int WIDTH = 560;
    private static final int HEIGHT = 320;
    private static final Color[] PALETTE = {new Color(0x2b6cb0), new Color(0xdd6b20), new Color(0x38a169),
            new Color(0xc53030), new Color(0x6b46c1), new Color(0x718096)};

    private Charts() {}

    /** Accuracy (mean over rounds) against temperature, one series per model, error bars one standard deviation. */
    static String accuracyByTemperature(List<RunSummary> runs, List<String> models) {
        Map<String, XYIntervalSeries> byModel = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            RunSummary r = runs.get(i);
            XYIntervalSeries s = byModel.computeIfAbsent(models.get(i), XYIntervalSeries::new);
            double t = r.sampling().temperature();
            double m = r.accuracyMean();
            double sd = Double.isNaN(r.accuracyStd()) ? 0 : r.accuracyStd();
            s.add(t, t, t, m, Math.max(0, m - sd), Math.min(1, m + sd));
        }
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        byModel.values().forEach(data::addSeries);
        NumberAxis x = new NumberAxis("temperature");
        NumberAxis y = new NumberAxis("accuracy (mean ± std over rounds)");
        y.setRange(0, 1.05);
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(true);
        renderer.setErrorStroke(new BasicStroke(1.5f));
        renderer.setCapLength(8);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        double lo = runs.stream().mapToDouble(r -> r.sampling().temperature()).min().orElse(0);
        double hi = runs.stream().mapToDouble(r -> r.sampling().temperature()).max().orElse(1);
        x.setRange(lo - 0.1, hi + 0.1);
        return svg(style(new JFreeChart("Accuracy vs temperature", titleFont(), plot, true)));
    }

    /** Accuracy against the share sent to the centre: the score rule, the cascade, and the random baseline. */
    static String routingCurve(r1j.eval.routing.RoutingCurve c) {
        org.jfree.data.xy.XYSeriesCollection data = new org.jfree.data.xy.XYSeriesCollection();
        org.jfree.data.xy.XYSeries score = new org.jfree.data.xy.XYSeries("score rule", true, true);
        c.score().forEach(p -> score.addOrUpdate(p.centreShare(), p.accuracy()));
        org.jfree.data.xy.XYSeries cascade = new org.jfree.data.xy.XYSeries("score + cascade", true, true);
        c.cascade().forEach(p -> cascade.addOrUpdate(p.centreShare(), p.accuracy()));
        org.jfree.data.xy.XYSeries random = new org.jfree.data.xy.XYSeries("random router (expectation)");
        random.add(0, c.edgeAccuracy());
        random.add(1, c.centreAccuracy());
        data.addSeries(score);
        data.addSeries(cascade);
        data.addSeries(random);
        JFreeChart chart = ChartFactory.createXYLineChart("Accuracy vs share sent to the centre",
                "share of requests sent to the centre", "accuracy", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        ((NumberAxis) plot.getDomainAxis()).setRange(-0.02, 1.02);
        ((NumberAxis) plot.getRangeAxis()).setRange(0, 1.05);
        org.jfree.chart.renderer.xy.XYLineAndShapeRenderer renderer =
                new org.jfree.chart.renderer.xy.XYLineAndShapeRenderer(true, true);
        plot.setRenderer(renderer);
        return svg(style(chart));
    }

    /** End-to-end latency and time to first token, seconds. */
    static String latencyHistogram(List<SampleRecord> samples) {
        HistogramDataset data = new HistogramDataset();
        double[] e2e = samples.stream().mapToDouble(r -> r.e2eMs() / 1000).toArray();
        double[] ttft = samples.stream().mapToDouble(r -> r.ttftMs() / 1000).toArray();
        if (e2e.length > 0) {
            data.addSeries("end to end", e2e, 20);
            data.addSeries("time to first token", ttft, 20);
        }
        return histogram("Latency per sample", "seconds", "samples", data);
    }

    /** Completion tokens per sample, split into the reasoning and the answer part. */
    static String tokensHistogram(List<SampleRecord> samples) {
        HistogramDataset data = new HistogramDataset();
        double[] reasoning = samples.stream().filter(r -> r.reasoningTokens() >= 0).mapToDouble(SampleRecord::reasoningTokens).toArray();
        double[] answer = samples.stream().filter(r -> r.answerTokens() >= 0).mapToDouble(SampleRecord::answerTokens).toArray();
        if (reasoning.length > 0) {
            data.addSeries("reasoning", reasoning, 20);
            data.addSeries("answer part", answer, 20);
        }
        return histogram("Tokens per answer", "tokens", "samples", data);
    }

    /** Mean tokens per answer of each run of a sweep, split into reasoning and answer part. */
    static String tokensByRun(List<RunSummary> runs) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (RunSummary r : runs) {
            if (r.tokens().completionMean() < 0) continue;
            data.addValue(r.tokens().reasoningMean(), "reasoning", r.label());
            data.addValue(r.tokens().answerMean(), "answer part", r.label());
        }
        JFreeChart chart = ChartFactory.createStackedBarChart("Tokens per answer by run", "run", "mean tokens",
                data, PlotOrientation.HORIZONTAL, true, false, false);
        BarRenderer renderer = (BarRenderer) chart.getCategoryPlot().getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, PALETTE[0]);
        renderer.setSeriesPaint(1, PALETTE[1]);
        return svg(style(chart));
    }

    /** Questions by how many distinct answers their samples gave, split by whether the majority was right. */
    static String clusterSizes(List<RunSummary.QuestionResult> questions) {
        Map<Integer, int[]> counts = new TreeMap<>();
        for (RunSummary.QuestionResult q : questions) {
            if (q.samples() == 0) continue;
            int[] c = counts.computeIfAbsent(q.clusters().size(), k -> new int[2]);
            c[q.majorityCorrect() ? 0 : 1]++;
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        counts.forEach((clusters, c) -> {
            data.addValue(c[0], "majority correct", Integer.toString(clusters));
            data.addValue(c[1], "majority wrong", Integer.toString(clusters));
        });
        JFreeChart chart = ChartFactory.createStackedBarChart("Distinct answers per question", "answer clusters",
                "questions", data, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, PALETTE[2]);
        renderer.setSeriesPaint(1, PALETTE[3]);
        ((NumberAxis) plot.getRangeAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return svg(style(chart));
    }

    private static String histogram(String title, String xLabel, String yLabel, HistogramDataset data) {
        JFreeChart chart = ChartFactory.createHistogram(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true,
                false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setForegroundAlpha(0.7f);
        XYBarRenderer renderer = (XYBarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        ((NumberAxis) plot.getRangeAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return svg(style(chart));
    }

    private static JFreeChart style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(titleFont());
        var plot = chart.getPlot();
        plot.setBackgroundPaint(new Color(0xf7fafc));
        plot.setOutlineVisible(false);
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(new Color(0xcbd5e0));
            xy.setRangeGridlinePaint(new Color(0xcbd5e0));
            for (int s = 0; s < PALETTE.length; s++) xy.getRenderer().setSeriesPaint(s, PALETTE[s]);
        } else if (plot instanceof CategoryPlot cat) {
            cat.setRangeGridlinePaint(new Color(0xcbd5e0));
        }
        return chart;
    }

    private static Font titleFont() {
        return new Font("SansSerif", Font.BOLD, 14);
    }

    private static String svg(JFreeChart chart) {
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
        return g.getSVGElement();
    }
}
