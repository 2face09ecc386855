package org.astronest.validation.nmf;

import java.util.ArrayList;
import java.util.List;
import org.astronest.forwardmodels.nmf.LineGrid;
import org.astronest.forwardmodels.nmf.PhysicalNmf;
import org.astronest.inference.InferenceProblem;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;

/**
 * The physical NMF with K components as an {@link InferenceProblem}: component k has a temperature and a density,
 * shared by every pixel; its emission is the {@link LineGrid}'s; the abundances are marginalised in
 * {@link PhysicalNmf}. (The adapter lives here because forwardmodels does not depend on inference.)
 *
 * <p>Prior: log10 n_k uniform on the grid's n range, independent; log10 T uniform on the grid's T range for each
 * component, the components labelled in increasing T. The likelihood does not change when components are swapped, so
 * an unordered prior has K! copies of every mode; ordering removes them (label switching) without changing the
 * evidence: the ordered prior is the unordered one folded onto T_1 &lt; ... &lt; T_K, density K! / width^K there.
 * The sampler draws the ordered temperatures from K uniforms {@code uT_k} by the sequential order-statistics
 * transform x_k = x_{k-1} + (hi - x_{k-1}) (1 - (1 - u_k)^(1 / (K - k + 1))) (x_0 = lo), whose image of the uniform
 * cube is exactly that ordered density (the sorted-uniform prior of PolyChord, Handley, Hobson &amp; Lasenby 2015,
 * MNRAS 453, 4384, appendix A2). Sampled columns: {@code uT1..uTK}, {@code logn1..lognK}; derived: {@code logT1..logTK}.
 */
public final class PhysicalNmfProblem {

    private PhysicalNmfProblem() {
    }

    /** The temperature column of component k (1-based). */
    public static String logT(int k) {
        return "logT" + k;
    }

    /** The density column of component k (1-based). */
    public static String logN(int k) {
        return "logn" + k;
    }

    /** Ordered values in [lo, hi] from K uniforms (the class comment's transform). */
    public static double[] ordered(double[] u, int from, int k, double lo, double hi) {
        double[] x = new double[k];
        double prev = lo;
        for (int j = 0; j < k; j++) {
            prev = prev + (hi - prev) * (1 - Math.pow(1 - u[from + j], 1.0 / (k - j)));
            x[j] = Math.min(hi, prev);
        }
        return x;
    }

    /** The problem for {@code k} components. */
    public static InferenceProblem of(PhysicalNmf likelihood, LineGrid grid, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("components must be >= 1, got " + k);
        }
        LineGrid.Range r = grid.range();
        List<Parameter> ps = new ArrayList<>();
        for (int j = 1; j <= k; j++) {
            ps.add(Parameter.of("uT" + j, Priors.uniform(0, 1)).withLabel("u_{T," + j + "}"));
        }
        for (int j = 1; j <= k; j++) {
            ps.add(Parameter.of(logN(j), Priors.uniform(r.logNMin(), r.logNMax()))
                    .withLabel("log_{10} n_" + j).withUnit("cm^-3"));
        }
        PriorSet priors = PriorSet.of(ps);
        List<String> derived = new ArrayList<>();
        for (int j = 1; j <= k; j++) {
            derived.add(logT(j));
        }
        return InferenceProblem.of(priors, theta -> {
            double[] lt = ordered(theta, 0, k, r.logTMin(), r.logTMax());
            double[] ln = new double[k];
            System.arraycopy(theta, k, ln, 0, k);
            return likelihood.logMarginal(grid.emission(lt, ln));
        }).withDerived(derived, theta -> ordered(theta, 0, k, r.logTMin(), r.logTMax()));
    }
}
