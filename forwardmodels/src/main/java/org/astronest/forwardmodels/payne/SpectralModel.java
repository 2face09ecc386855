package org.astronest.forwardmodels.payne;

/**
 * A network spectrum seen at the observed pixels: theta = (labels..., rv [km/s] when fitted). The network predicts
 * the rest-frame spectrum on its own wavelength grid; with a radial velocity, or when the observed grid differs from
 * the model grid, the spectrum is resampled by {@link Doppler} (linear interpolation, edge values outside the grid,
 * as {@code numpy.interp} in The Payne). Without a velocity and with identical grids the network output is used as is.
 *
 * <p>Immutable and thread-safe; evaluations use a {@link Scratch} per thread.
 */
public final class SpectralModel {

    private final SpectralNetwork network;
    private final double[] modelGrid; // null when identity
    private final double[] obsGrid;   // null when identity
    private final boolean fitRv;
    private final int nObs;

    /**
     * @param network   the network
     * @param modelGrid wavelengths of the network's pixels (increasing), or null when the observed pixels are the
     *                  network's pixels and no velocity is fitted
     * @param obsGrid   observed wavelengths (increasing), or null for the model grid
     * @param fitRv     whether theta carries a radial velocity after the labels
     */
    public SpectralModel(SpectralNetwork network, double[] modelGrid, double[] obsGrid, boolean fitRv) {
        this.network = network;
        this.fitRv = fitRv;
        if (modelGrid != null && modelGrid.length != network.pixelCount()) {
            throw new IllegalArgumentException("model wavelength grid has " + modelGrid.length
                    + " values but the network predicts " + network.pixelCount() + " pixels");
        }
        if (modelGrid == null && (fitRv || obsGrid != null)) {
            throw new IllegalArgumentException(fitRv ? "a radial-velocity fit needs the network's wavelength grid "
                    + "(--wavelength)" : "observed wavelengths given but not the network's wavelength grid");
        }
        if (modelGrid != null) {
            Doppler.requireIncreasing(modelGrid, "model wavelength");
        }
        if (obsGrid != null) {
            Doppler.requireIncreasing(obsGrid, "observed wavelength");
        }
        boolean identity = !fitRv && (modelGrid == null || obsGrid == null || java.util.Arrays.equals(modelGrid,
                obsGrid));
        this.modelGrid = identity ? null : modelGrid.clone();
        this.obsGrid = identity ? null : (obsGrid != null ? obsGrid.clone() : modelGrid.clone());
        this.nObs = identity ? network.pixelCount() : this.obsGrid.length;
    }

    public SpectralNetwork network() {
        return network;
    }

    public boolean fitsRv() {
        return fitRv;
    }

    /** Number of observed pixels. */
    public int pixelCount() {
        return nObs;
    }

    /** Labels plus one when a velocity is fitted. */
    public int parameterCount() {
        return network.labelCount() + (fitRv ? 1 : 0);
    }

    /** Per-thread scratch memory. */
    public static final class Scratch {
        final SpectralNetwork.Workspace ws;
        final double[] f;
        final double[] jac;
        final double[] slope;
        final double[] jacObs;
        final int capacity;
        final double[] batchOut;
        final double[] packed;
        final double[] res;

        Scratch(SpectralModel m, int batch) {
            this.capacity = batch;
            this.ws = m.network.workspace(batch);
            int np = m.network.pixelCount();
            int nl = m.network.labelCount();
            this.f = new double[np];
            this.jac = new double[np * nl];
            this.slope = new double[m.nObs];
            this.jacObs = new double[m.nObs * nl];
            this.batchOut = new double[batch * np];
            this.packed = new double[batch * nl];
            this.res = new double[m.nObs];
        }
    }

    /** Scratch for evaluations of up to {@code batch} thetas at once. */
    public Scratch scratch(int batch) {
        return new Scratch(this, batch);
    }

    /** The model at the observed pixels. */
    public void model(double[] theta, double[] out, Scratch s) {
        if (modelGrid == null) {
            network.predict(theta, out, s.ws);
            return;
        }
        network.predict(theta, s.f, s.ws);
        double d = fitRv ? Doppler.factor(theta[network.labelCount()]) : 1.0;
        Doppler.interpolate(modelGrid, s.f, obsGrid, d, 0.0, Double.NaN, out, null);
    }

    /**
     * Models of {@code n} thetas (each of {@link #parameterCount()} values, one after another) into {@code out}
     * ({@code n * pixelCount()} values), through the network's batched evaluation.
     */
    public void modelBatch(double[] thetas, int n, double[] out, Scratch s) {
        int nl = network.labelCount();
        int npar = parameterCount();
        int np = network.pixelCount();
        if (n > s.capacity) {
            throw new IllegalArgumentException("batch of " + n + " exceeds the scratch capacity " + s.capacity);
        }
        double[] labels = s.batchOut;
        double[] packed = s.packed;
        for (int i = 0; i < n; i++) {
            System.arraycopy(thetas, i * npar, packed, i * nl, nl);
        }
        if (modelGrid == null) {
            network.predictBatch(packed, n, out, s.ws);
            return;
        }
        network.predictBatch(packed, n, labels, s.ws);
        double[] one = s.f;
        double[] res = s.res;
        for (int i = 0; i < n; i++) {
            System.arraycopy(labels, i * np, one, 0, np);
            double d = fitRv ? Doppler.factor(thetas[i * npar + nl]) : 1.0;
            Doppler.interpolate(modelGrid, one, obsGrid, d, 0.0, Double.NaN, res, null);
            System.arraycopy(res, 0, out, i * nObs, nObs);
        }
    }

    /**
     * The observed-pixel model for a rest-frame network spectrum {@code rest} shifted by {@code rv} (km/s); used to
     * scan velocities without re-evaluating the network.
     */
    public void shift(double[] rest, double rv, double[] out) {
        if (modelGrid == null) {
            System.arraycopy(rest, 0, out, 0, nObs);
            return;
        }
        Doppler.interpolate(modelGrid, rest, obsGrid, Doppler.factor(rv), 0.0, Double.NaN, out, null);
    }

    /** The model and {@code jac[i * parameterCount() + k] = d model_i / d theta_k}. */
    public void modelWithJacobian(double[] theta, double[] out, double[] jac, Scratch s) {
        int nl = network.labelCount();
        int npar = parameterCount();
        if (modelGrid == null) {
            network.predictWithJacobian(theta, out, jac, s.ws);
            return;
        }
        network.predictWithJacobian(theta, s.f, s.jac, s.ws);
        double v = fitRv ? theta[nl] : 0.0;
        double d = Doppler.factor(v);
        Doppler.interpolate(modelGrid, s.f, obsGrid, d, 0.0, Double.NaN, out, s.slope);
        Doppler.interpolateColumns(modelGrid, s.jac, nl, obsGrid, d, 0.0, Double.NaN, s.jacObs);
        double dd = fitRv ? Doppler.factorDerivative(v) : 0.0;
        for (int i = 0; i < nObs; i++) {
            System.arraycopy(s.jacObs, i * nl, jac, i * npar, nl);
            if (fitRv) {
                jac[i * npar + nl] = s.slope[i] * obsGrid[i] * dd;
            }
        }
    }
}
