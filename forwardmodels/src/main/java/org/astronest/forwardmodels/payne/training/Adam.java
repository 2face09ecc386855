package org.astronest.forwardmodels.payne.training;

/**
 * Adam (Kingma &amp; Ba 2015, "Adam: a method for stochastic optimization", ICLR, Algorithm 1) on the full-batch
 * gradient of a pixel: {@code m = b1 m + (1-b1) g}, {@code v = b2 v + (1-b2) g^2},
 * {@code x -= lr (m/(1-b1^t)) / (sqrt(v/(1-b2^t)) + eps)}. The Payne trains its networks with Adam.
 *
 * @param learningRate step size; default 1e-3 (Kingma &amp; Ba's alpha = 0.001)
 * @param beta1        first-moment decay; 0.9 (Kingma &amp; Ba's default)
 * @param beta2        second-moment decay; 0.999 (Kingma &amp; Ba's default)
 * @param epsilon      1e-8 (Kingma &amp; Ba's default)
 */
public record Adam(double learningRate, double beta1, double beta2, double epsilon) implements PixelOptimizer {

    /** Default learning rate: Kingma &amp; Ba's alpha = 0.001. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;

    public Adam {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("Adam learning rate must be > 0, got " + learningRate);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("Adam epsilon must be > 0, got " + epsilon);
        }
    }

    /** Learning rate {@link #DEFAULT_LEARNING_RATE}, Kingma &amp; Ba's betas and epsilon. */
    public static Adam defaults() {
        return new Adam(DEFAULT_LEARNING_RATE, 0.9, 0.999, 1e-8);
    }

    public Adam withLearningRate(double lr) {
        return new Adam(lr, beta1, beta2, epsilon);
    }

    @Override
    public String id() {
        return "adam";
    }

    @Override
    public int stateSize(int n) {
        return 2 * n;
    }

    @Override
    public double[][] newScratch(int n) {
        return new double[][] {new double[n]};
    }

    @Override
    public double step(Objective f, double[] x, double[] state, int off, int iteration, double[][] scratch) {
        int n = x.length;
        double[] g = scratch[0];
        double value = f.valueAndGradient(x, g);
        double c1 = 1.0 / (1.0 - Math.pow(beta1, iteration));
        double c2 = 1.0 / (1.0 - Math.pow(beta2, iteration));
        int vo = off + n;
        for (int i = 0; i < n; i++) {
            double gi = g[i];
            double m = beta1 * state[off + i] + (1 - beta1) * gi;
            double v = beta2 * state[vo + i] + (1 - beta2) * gi * gi;
            state[off + i] = m;
            state[vo + i] = v;
            x[i] -= learningRate * (m * c1) / (Math.sqrt(v * c2) + epsilon);
        }
        return value;
    }
}
