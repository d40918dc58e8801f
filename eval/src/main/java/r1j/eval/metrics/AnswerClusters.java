package r1j.eval.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Groups one question's sampled answers by equivalence: each answer joins the first cluster whose first answer it
 * equals (in the grader's sense), else starts a new one. Clusters are ordered by size, ties by first appearance, so
 * the first cluster is the majority vote. Samples with no extracted answer join no cluster.
 */
public final class AnswerClusters {
    /** One cluster: its first answer, how many samples gave it, and whether it is correct. */
    public record Cluster(String answer, int count, boolean correct) {}

    private AnswerClusters() {}

    /** A sampled answer: the extracted text (null when nothing was extracted) and its grade. */
    public record Answer(String text, boolean correct) {}

    public static List<Cluster> of(List<Answer> answers, BiPredicate<String, String> same) {
        List<String> heads = new ArrayList<>();
        List<Boolean> headCorrect = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (Answer a : answers) {
            if (a.text() == null) continue;
            int found = -1;
            for (int c = 0; c < heads.size() && found < 0; c++) {
                if (heads.get(c).equals(a.text()) || same.test(a.text(), heads.get(c))) found = c;
            }
            if (found >= 0) {
                counts.set(found, counts.get(found) + 1);
            } else {
                heads.add(a.text());
                headCorrect.add(a.correct());
                counts.add(1);
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < heads.size(); c++) order.add(c);
        order.sort(Comparator.comparingInt((Integer c) -> -counts.get(c)).thenComparingInt(c -> c));
        return order.stream().map(c -> new Cluster(heads.get(c), counts.get(c), headCorrect.get(c))).toList();
    }
}
