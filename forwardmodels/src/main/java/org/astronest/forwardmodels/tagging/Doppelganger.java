package org.astronest.forwardmodels.tagging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Doppelganger rates (thesis, seed 001 sec. 5.4.2): for each cluster, the fraction of (member, field star) pairs whose
 * distance is at most the median distance between two members of that cluster; the global rate is the average over
 * clusters weighted by their sizes. Every field star is paired with every member (the limit of the thesis' many random
 * pairs, with no sampling noise of its own). Optional {@link Cut}s keep only pairs with similar covariates (the thesis:
 * extinction |dA_K| &lt; 0.05 and radial velocity |dv| &lt; 5 km/s), so a representation cannot win by reading
 * extinction or velocity from the spectra.
 *
 * <p>Distances use the first N dimensions of a representation whose dimensions are ordered by importance
 * ({@link Rsca.Metric}); one pass gives the rates for every N = 1..D (Table 5.1). The error of a global rate is the
 * delete-one-cluster jackknife of the weighted average (Quenouille-Tukey; the clusters are the independent units).
 */
public final class Doppelganger {

    private Doppelganger() {
    }

    /** Keep a (member, field star) pair only when |cluster[m] - field[f]| &lt; maxDifference. */
    public record Cut(String name, double[] field, double[] cluster, double maxDifference) {
        public Cut {
            if (!(maxDifference > 0)) {
                throw new IllegalArgumentException(name + " cut must be > 0, got " + maxDifference);
            }
        }
    }

    /** One cluster's rate with N dimensions: its size, median member-member distance, pairs and close pairs. */
    public record ClusterRate(int label, int size, double medianIntra, long pairs, long closer) {

        /** closer / pairs (NaN without pairs). */
        public double rate() {
            return pairs == 0 ? Double.NaN : (double) closer / pairs;
        }
    }

    /** The rates with N dimensions: per cluster, the size-weighted global rate and its jackknife error. */
    public record Rates(int dimensions, List<ClusterRate> clusters, double global, double error) {
    }

    /**
     * Rates with the first 1..D dimensions of one representation ({@code result[N - 1]} uses N): field and member
     * coordinates (n x D), the members' cluster labels, and cuts (may be empty).
     */
    public static Rates[] rates(double[][] field, double[][] members, int[] labels, List<Cut> cuts) {
        check(field, members, labels, cuts);
        return perCluster(field[0].length, labels, (label, idx) -> cluster(label, idx, field, members, cuts));
    }

    /**
     * Leave-one-cluster-out rates (sec. 5.4.2's cross-validation): each cluster's rate in the metric fitted without it
     * ({@link Rsca#metric} on the compressed field and the other clusters' members).
     */
    public static Rates[] leaveOneClusterOut(double[][] field, double[][] members, int[] labels, Spread spread,
            List<Cut> cuts) {
        check(field, members, labels, cuts);
        return perCluster(field[0].length, labels, (label, idx) -> {
            int[] rest = restOf(labels, label);
            double[][] restMembers = new double[rest.length][];
            int[] restLabels = new int[rest.length];
            for (int t = 0; t < rest.length; t++) {
                restMembers[t] = members[rest[t]];
                restLabels[t] = labels[rest[t]];
            }
            Rsca.Metric m = Rsca.metric(field, restMembers, restLabels, spread);
            double[][] f = m.transform(field);
            double[][] own = m.transform(members);
            return cluster(label, idx, f, own, cuts);
        });
    }

    /**
     * The rates of every cluster ({@code rate} of its label and member indices gives one rate per number of kept
     * dimensions, 1..d), combined per number of dimensions.
     */
    private static Rates[] perCluster(int d, int[] labels, BiFunction<Integer, int[], ClusterRate[]> rate) {
        List<List<ClusterRate>> per = new ArrayList<>();
        for (int n = 0; n < d; n++) {
            per.add(new ArrayList<>());
        }
        for (Map.Entry<Integer, int[]> g : Rsca.groups(labels).entrySet()) {
            ClusterRate[] r = rate.apply(g.getKey(), g.getValue());
            for (int n = 0; n < d; n++) {
                per.get(n).add(r[n]);
            }
        }
        return combine(per);
    }

    private static int[] restOf(int[] labels, int label) {
        return java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] != label).toArray();
    }

    private static ClusterRate[] cluster(int label, int[] idx, double[][] field, double[][] members, List<Cut> cuts) {
        int d = field[0].length;
        ClusterRate[] out = new ClusterRate[d];
        int m = idx.length;
        if (m < 2) {
            for (int n = 0; n < d; n++) {
                out[n] = new ClusterRate(label, m, Double.NaN, 0, 0);
            }
            return out;
        }
        // median member-member squared distance with the first N dimensions, for every N
        int pairs = m * (m - 1) / 2;
        double[][] intra = new double[d][pairs];
        int p = 0;
        for (int a = 0; a < m; a++) {
            for (int b = a + 1; b < m; b++) {
                double s = 0;
                for (int n = 0; n < d; n++) {
                    double t = members[idx[a]][n] - members[idx[b]][n];
                    s += t * t;
                    intra[n][p] = s;
                }
                p++;
            }
        }
        double[] median2 = new double[d];
        for (int n = 0; n < d; n++) {
            median2[n] = Spread.median(intra[n]);
        }
        long total = 0;
        long[] closer = new long[d];
        for (int a : idx) {
            double[] x = members[a];
            for (int f = 0; f < field.length; f++) {
                if (!kept(cuts, a, f)) {
                    continue;
                }
                total++;
                double[] y = field[f];
                double s = 0;
                for (int n = 0; n < d; n++) {
                    double t = x[n] - y[n];
                    s += t * t;
                    if (s <= median2[n]) {
                        closer[n]++;
                    }
                }
            }
        }
        for (int n = 0; n < d; n++) {
            out[n] = new ClusterRate(label, m, Math.sqrt(median2[n]), total, closer[n]);
        }
        return out;
    }

    private static boolean kept(List<Cut> cuts, int member, int field) {
        for (Cut c : cuts) {
            if (!(Math.abs(c.cluster()[member] - c.field()[field]) < c.maxDifference())) {
                return false;
            }
        }
        return true;
    }

    private static Rates[] combine(List<List<ClusterRate>> per) {
        Rates[] out = new Rates[per.size()];
        for (int n = 0; n < out.length; n++) {
            List<ClusterRate> cs = per.get(n);
            double[] w = new double[cs.size()];
            double[] r = new double[cs.size()];
            for (int j = 0; j < cs.size(); j++) {
                boolean ok = cs.get(j).pairs() > 0;
                w[j] = ok ? cs.get(j).size() : 0;
                r[j] = ok ? cs.get(j).rate() : 0;
            }
            out[n] = new Rates(n + 1, List.copyOf(cs), weighted(w, r, -1), jackknife(w, r));
        }
        return out;
    }

    private static double weighted(double[] w, double[] r, int skip) {
        double s = 0;
        double ws = 0;
        for (int j = 0; j < w.length; j++) {
            if (j != skip) {
                s += w[j] * r[j];
                ws += w[j];
            }
        }
        return ws > 0 ? s / ws : Double.NaN;
    }

    private static double jackknife(double[] w, double[] r) {
        int k = (int) Arrays.stream(w).filter(x -> x > 0).count();
        if (k < 2) {
            return Double.NaN;
        }
        double[] th = new double[w.length];
        double mean = 0;
        for (int j = 0; j < w.length; j++) {
            if (w[j] > 0) {
                th[j] = weighted(w, r, j);
                mean += th[j] / k;
            }
        }
        double s = 0;
        for (int j = 0; j < w.length; j++) {
            if (w[j] > 0) {
                s += (th[j] - mean) * (th[j] - mean);
            }
        }
        return Math.sqrt((k - 1.0) / k * s);
    }

    private static void check(double[][] field, double[][] members, int[] labels, List<Cut> cuts) {
        if (field.length == 0 || members.length == 0) {
            throw new IllegalArgumentException("need field stars and cluster members, got " + field.length + " and "
                    + members.length);
        }
        if (labels.length != members.length) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries for " + members.length
                    + " cluster members");
        }
        for (Cut c : cuts) {
            if (c.field().length != field.length || c.cluster().length != members.length) {
                throw new IllegalArgumentException(c.name() + " cut has " + c.field().length + " field and "
                        + c.cluster().length + " member values for " + field.length + " and " + members.length
                        + " stars");
            }
        }
    }
}
