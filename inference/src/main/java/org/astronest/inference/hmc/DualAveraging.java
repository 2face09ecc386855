package org.astronest.inference.hmc;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Step-size adaptation by Nesterov's dual averaging (Hoffman &amp; Gelman 2014, sec. 3.2, Algorithm 5), with Stan's
 * constants: target acceptance statistic delta (default 0.8), gamma = 0.05, kappa = 0.75, t0 = 10, and
 * mu = ln(10 epsilon) reset whenever the metric changes.
 */
final class DualAveraging {

    static final double GAMMA = 0.05;
    static final double KAPPA = 0.75;
    static final double T0 = 10;

    private final double delta;
    private long counter;
    private double sBar;
    private double xBar;
    private double mu;

    DualAveraging(double delta) {
        this.delta = delta;
    }

    /** Starts afresh around {@code stepSize} (mu = ln(10 stepSize)). */
    void restart(double stepSize) {
        counter = 0;
        sBar = 0;
        xBar = 0;
        mu = Math.log(10 * stepSize);
    }

    /** The next step size after a transition with acceptance statistic {@code acceptStat}. */
    double learn(double acceptStat) {
        counter++;
        double a = Math.min(1, acceptStat);
        double eta = 1 / (counter + T0);
        sBar = (1 - eta) * sBar + eta * (delta - a);
        double x = mu - sBar * Math.sqrt(counter) / GAMMA;
        double xEta = Math.pow(counter, -KAPPA);
        xBar = (1 - xEta) * xBar + xEta * x;
        return Math.exp(x);
    }

    /** The final step size: the running average exp(x-bar). */
    double finalStepSize() {
        return Math.exp(xBar);
    }

    void write(DataOutputStream out) throws IOException {
        out.writeLong(counter);
        out.writeDouble(sBar);
        out.writeDouble(xBar);
        out.writeDouble(mu);
    }

    void read(DataInputStream in) throws IOException {
        counter = in.readLong();
        sBar = in.readDouble();
        xBar = in.readDouble();
        mu = in.readDouble();
    }
}
