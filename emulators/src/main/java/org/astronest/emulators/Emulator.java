package org.astronest.emulators;

/**
 * A scalar emulator: a {@link DenseNetwork} evaluated by a {@link NetworkKernel}, with its input and output
 * {@link Scaler}s and its valid {@link Domain}. Input: the physical values in the domain's order (inputs flagged
 * log10 are logged here). Output: {@code transform((y_net - x_min) / x_scale)}, where the transform is
 * {@code exp} for emulchem's chemistry nets (they predict ln abundance) and the identity otherwise.
 *
 * <p>Inputs outside the domain raise an {@link IllegalArgumentException} naming the input, its value and the range;
 * a likelihood built on an emulator checks {@link #inDomain} first and returns -infinity there (the emulators only
 * interpolate their training set, thesis seed 001 section 2.6). Immutable and thread-safe.
 */
public final class Emulator {

    /** What is applied to the unscaled network output. */
    public enum Output {
        IDENTITY, EXP
    }

    private final String name;
    private final NetworkKernel kernel;
    private final Scaler inScaler;
    private final Scaler outScaler;
    private final Domain domain;
    private final Output output;
    private final int nin;
    private final boolean[] log10;
    private final ThreadLocal<double[]> scratch;
    private final ThreadLocal<double[]> single;
    private final ThreadLocal<double[]> blockOut = ThreadLocal.withInitial(() -> new double[64]);
    private final ThreadLocal<double[]> blockGradient;

    public Emulator(String name, NetworkKernel kernel, Scaler inScaler, Scaler outScaler, Domain domain,
            Output output) {
        this.name = name;
        this.kernel = kernel;
        this.inScaler = inScaler;
        this.outScaler = outScaler;
        this.domain = domain;
        this.output = output;
        this.nin = kernel.network().inputs();
        if (inScaler.size() != nin || domain.size() != nin || outScaler.size() != 1) {
            throw new IllegalArgumentException("emulator " + name + ": network takes " + nin + " inputs, input scaler "
                    + inScaler.size() + ", domain " + domain.size() + ", output scaler " + outScaler.size());
        }
        log10 = new boolean[nin];
        for (int i = 0; i < nin; i++) {
            log10[i] = domain.get(i).log10();
        }
        scratch = ThreadLocal.withInitial(() -> new double[nin * 64]);
        single = ThreadLocal.withInitial(() -> new double[nin]);
        blockGradient = ThreadLocal.withInitial(() -> new double[nin * 64]);
    }

    public String name() {
        return name;
    }

    public Domain domain() {
        return domain;
    }

    public NetworkKernel kernel() {
        return kernel;
    }

    public Scaler inputScaler() {
        return inScaler;
    }

    public Scaler outputScaler() {
        return outScaler;
    }

    public Output output() {
        return output;
    }

    public int inputs() {
        return nin;
    }

    /** The same emulator on another backend (same network, scalers and domain). */
    public Emulator on(Backend backend) {
        if (backend == kernel.backend()) {
            return this;
        }
        return new Emulator(name, backend.compile(kernel.network()), inScaler, outScaler, domain, output);
    }

    /** True when x lies in the valid domain. */
    public boolean inDomain(double... x) {
        return x.length == nin && domain.contains(x, 0);
    }

    /** Evaluates one point; out-of-range input raises an error naming the input, value and range. */
    public double evaluate(double... x) {
        if (x.length != nin) {
            throw new IllegalArgumentException("emulator " + name + " takes " + nin + " inputs, got " + x.length);
        }
        domain.check(x, 0);
        return evaluateUnchecked(x);
    }

    /** Evaluates one point without the domain check (extrapolates outside it; for callers that checked). */
    public double evaluateUnchecked(double[] x) {
        double[] s = single.get();
        scaleInto(x, 0, s, 0);
        return finish(kernel.evaluate(s));
    }

    /** Evaluates rows of a 2-D array; out-of-range input raises an error naming the row, input, value and range. */
    public double[] evaluate(double[][] inputs) {
        double[] flat = new double[inputs.length * nin];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].length != nin) {
                throw new IllegalArgumentException("row " + i + " has " + inputs[i].length + " inputs, emulator "
                        + name + " takes " + nin);
            }
            System.arraycopy(inputs[i], 0, flat, i * nin, nin);
        }
        double[] out = new double[inputs.length];
        evaluate(flat, inputs.length, out);
        return out;
    }

    /** Batched, checked: {@code n} points row-major in {@code flatInputs} into {@code out[0..n)}. */
    public void evaluate(double[] flatInputs, int n, double[] out) {
        for (int i = 0; i < n; i++) {
            try {
                domain.check(flatInputs, i * nin);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("point " + i + ": " + e.getMessage(), e);
            }
        }
        evaluateUnchecked(flatInputs, n, out);
    }

    /** Batched without the domain check; the hot path of likelihoods (allocation-free, blocks of 64 points). */
    public void evaluateUnchecked(double[] flatInputs, int n, double[] out) {
        double[] s = scratch.get();
        int block = s.length / nin;
        for (int start = 0; start < n; start += block) {
            int nb = Math.min(block, n - start);
            for (int j = 0; j < nb; j++) {
                scaleInto(flatInputs, (start + j) * nin, s, j * nin);
            }
            kernelBatch(s, nb, out, start);
        }
        for (int i = 0; i < n; i++) {
            out[i] = finish(out[i]);
        }
    }

    /**
     * Batched values and gradients without the domain check: {@code out[i]} exactly as
     * {@link #evaluateUnchecked(double[], int, double[])} gives it and {@code gradient[i * inputs + k]} = d out[i] /
     * d x_k in physical units, the network's input gradient ({@link NetworkKernel#evaluateWithGradient}) carried
     * through the input scaler, the log10 of flagged inputs (d log10 x / dx = 1 / (x ln 10)), the output scaler and
     * the exp of chemistry outputs (d e^y = e^y dy).
     */
    public void evaluateWithGradientUnchecked(double[] flatInputs, int n, double[] out, double[] gradient) {
        double[] s = scratch.get();
        double[] g = blockGradient.get();
        double[] o = blockOut.get();
        int block = s.length / nin;
        double outScale = outScaler.scale()[0];
        for (int start = 0; start < n; start += block) {
            int nb = Math.min(block, n - start);
            for (int j = 0; j < nb; j++) {
                scaleInto(flatInputs, (start + j) * nin, s, j * nin);
            }
            kernel.evaluateWithGradient(s, nb, o, g);
            for (int j = 0; j < nb; j++) {
                int i = start + j;
                double v = finish(o[j]);
                out[i] = v;
                double dNet = (output == Output.EXP ? v : 1.0) / outScale;
                for (int k = 0; k < nin; k++) {
                    double x = flatInputs[i * nin + k];
                    double dIn = inScaler.scale()[k] * (log10[k] ? 1 / (x * LN10) : 1.0);
                    gradient[i * nin + k] = g[j * nin + k] * dNet * dIn;
                }
            }
        }
    }

    private static final double LN10 = Math.log(10);

    private void kernelBatch(double[] s, int nb, double[] out, int start) {
        if (start == 0) {
            kernel.evaluate(s, nb, out);
        } else {
            double[] tmp = blockOut.get();
            kernel.evaluate(s, nb, tmp);
            System.arraycopy(tmp, 0, out, start, nb);
        }
    }

    private void scaleInto(double[] x, int off, double[] s, int soff) {
        for (int i = 0; i < nin; i++) {
            double v = x[off + i];
            s[soff + i] = inScaler.forward(i, log10[i] ? Math.log10(v) : v);
        }
    }

    private double finish(double yNet) {
        double y = outScaler.inverse(0, yNet);
        double v = output == Output.EXP ? Math.exp(y) : y;
        if (!Double.isFinite(v)) {
            // finite weights and in-domain inputs do not give this; a damaged network or scaler file does (it
            // printed Infinity as a line intensity)
            throw new IllegalStateException("emulator " + name + " gave a non-finite output (" + v + " from network "
                    + "output " + yNet + "): its network or scaler file may be damaged");
        }
        return v;
    }

    @Override
    public String toString() {
        return "Emulator[" + name + ", " + kernel.backend() + "]";
    }
}
