package org.astronest.validation.posteriordb;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.statistics.distribution.TDistribution;
import org.astronest.priors.Prior;

/**
 * Half-Student-t prior on [0, inf): the Student-t(nu, 0, scale) density renormalised to the positive half line
 * (density 2 t_nu(x/scale)/scale), as brms/Stan's {@code student_t(nu, 0, scale)} on a positive parameter. Written as a
 * user-defined {@link Prior}: the priors module has no half-t.
 */
public final class HalfStudentT implements Prior {

    private final double nu;
    private final double scale;
    private final TDistribution t;

    public HalfStudentT(double nu, double scale) {
        if (!(nu > 0) || !Double.isFinite(nu)) {
            throw new IllegalArgumentException("half-student-t: nu must be finite and > 0, got " + nu);
        }
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("half-student-t: scale must be finite and > 0, got " + scale);
        }
        this.nu = nu;
        this.scale = scale;
        this.t = TDistribution.of(nu);
    }

    @Override
    public double fromUnit(double u) {
        if (!(u >= 0 && u <= 1)) {
            throw new IllegalArgumentException("unit-cube coordinate must be in [0, 1], got " + u);
        }
        return scale * t.inverseCumulativeProbability(0.5 + 0.5 * u);
    }

    @Override
    public double logDensity(double x) {
        if (!(x >= 0)) {
            return Double.NEGATIVE_INFINITY;
        }
        return Math.log(2) + t.logDensity(x / scale) - Math.log(scale);
    }

    @Override
    public double cdf(double x) {
        return x <= 0 ? 0 : 2 * t.cumulativeProbability(x / scale) - 1;
    }

    @Override
    public double lower() {
        return 0;
    }

    @Override
    public double upper() {
        return Double.POSITIVE_INFINITY;
    }

    @Override
    public String kind() {
        return "half-student-t";
    }

    @Override
    public Map<String, Double> arguments() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("nu", nu);
        m.put("scale", scale);
        return m;
    }
}
