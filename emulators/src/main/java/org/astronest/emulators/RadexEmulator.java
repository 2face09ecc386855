package org.astronest.emulators;

/**
 * emulchem's RADEX emulator for one line: (T, n, N, dv) -> integrated intensity in K km/s. The network sees
 * (T, n, log10(N/dv)) and predicts the intensity per unit line width, so the result is the unscaled output times dv
 * ({@code emulchem/FORMAT.md}).
 */
public final class RadexEmulator {

    private final LineId line;
    private final Emulator emulator;

    public RadexEmulator(LineId line, Emulator emulator) {
        if (emulator.inputs() != 3 || !emulator.domain().get(2).log10()) {
            throw new IllegalArgumentException("RADEX emulator for " + line + " needs inputs (T, n, N/dv)");
        }
        this.line = line;
        this.emulator = emulator;
    }

    public LineId line() {
        return line;
    }

    public Emulator emulator() {
        return emulator;
    }

    /** Integrated intensity (K km/s); out-of-range input raises an error naming the input, value and range. */
    public double intensity(double temperature, double density, double columnDensity, double lineWidth) {
        checkPositive("N", columnDensity, "cm^-2");
        checkPositive("dv", lineWidth, "km/s");
        return emulator.evaluate(temperature, density, columnDensity / lineWidth) * lineWidth;
    }

    /** True when (T, n, N/dv) lies in the valid domain and N, dv are positive. */
    public boolean inDomain(double temperature, double density, double columnDensity, double lineWidth) {
        return lineWidth > 0 && columnDensity > 0
                && emulator.inDomain(temperature, density, columnDensity / lineWidth);
    }

    /**
     * Batched: {@code n} rows of (T, n, N, dv) into {@code out[0..n)}, checked. Uses a temporary (T, n, N/dv) array
     * of n rows; likelihood code with its own buffers calls {@link Emulator#evaluateUnchecked(double[], int, double[])}.
     */
    public void intensity(double[] flatInputs, int n, double[] out) {
        double[] x = new double[3 * n];
        for (int i = 0; i < n; i++) {
            double dv = flatInputs[4 * i + 3];
            double col = flatInputs[4 * i + 2];
            checkPositive("N", col, "cm^-2");
            checkPositive("dv", dv, "km/s");
            x[3 * i] = flatInputs[4 * i];
            x[3 * i + 1] = flatInputs[4 * i + 1];
            x[3 * i + 2] = col / dv;
        }
        emulator.evaluate(x, n, out);
        for (int i = 0; i < n; i++) {
            out[i] *= flatInputs[4 * i + 3];
        }
    }

    /** The same emulator on another backend. */
    public RadexEmulator on(Backend backend) {
        return new RadexEmulator(line, emulator.on(backend));
    }

    private static void checkPositive(String name, double v, String unit) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a positive finite number (" + unit + "), got " + v);
        }
    }
}
