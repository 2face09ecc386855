package org.astronest.inference.hmc;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * A family of metrics and how warm-up estimates one from draws: {@link #DIAGONAL} (Stan's {@code diag_e}, the
 * default) or {@link #DENSE} ({@code dense_e}). A new form is one implementation plus one line in {@link #ALL}.
 */
public interface MetricForm {

    /** The name in configs ({@code sampler.metric}). */
    String name();

    /** The unit metric (Stan's starting point). */
    Metric identity(int d);

    /** The metric with inverse {@code inverse} as {@link Metric#inverse()} stores it. */
    Metric fromInverse(int d, double[] inverse);

    /** An estimator of the inverse metric from warm-up draws. */
    Estimator estimator(int d);

    /** Running estimate of the posterior (co)variance over a warm-up window (Welford's algorithm). */
    interface Estimator {
        void add(double[] y);

        long count();

        /**
         * The regularised metric of the draws added since the last {@link #restart}: Stan's shrinkage towards
         * 1e-3 x identity, {@code (n / (n + 5)) S + 1e-3 (5 / (n + 5)) I} (Stan's {@code var_adaptation} and
         * {@code covar_adaptation}).
         */
        Metric estimate();

        void restart();

        void write(DataOutputStream out) throws IOException;

        void read(DataInputStream in) throws IOException;
    }

    MetricForm DIAGONAL = new DiagonalMetric.Form();
    MetricForm DENSE = new DenseMetric.Form();
    List<MetricForm> ALL = List.of(DIAGONAL, DENSE);

    /** The form named {@code name} ({@code diag} or {@code dense}; Stan's {@code diag_e} and {@code dense_e} too). */
    static MetricForm parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith("_e")) {
            n = n.substring(0, n.length() - 2);
        }
        for (MetricForm f : ALL) {
            if (f.name().equals(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + name + "'; choose diag or dense");
    }
}
