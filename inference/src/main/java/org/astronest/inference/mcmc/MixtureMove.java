package org.astronest.inference.mcmc;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * A weighted mixture of moves: each walker update picks one move with probability proportional to its weight (a
 * mixture of kernels that each leave the target invariant leaves it invariant too; emcee 3 offers the same through
 * its {@code moves=[(move, weight), ...]} argument, though it draws one move per ensemble step).
 */
public final class MixtureMove implements Move {

    private final List<Move> moves;
    private final double[] cumulative;
    private final double[] weights;
    private final double[] given;

    /**
     * @param moves   the moves
     * @param weights positive weights, one per move (normalized here)
     */
    public MixtureMove(List<Move> moves, double[] weights) {
        if (moves.isEmpty() || moves.size() != weights.length) {
            throw new IllegalArgumentException("mixture move: " + moves.size() + " moves but " + weights.length
                    + " weights");
        }
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] > 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("mixture move: weight of " + moves.get(i).describe()
                        + " must be a finite number > 0, got " + weights[i]);
            }
            total += weights[i];
        }
        this.moves = List.copyOf(moves);
        this.given = weights.clone();
        this.weights = new double[weights.length];
        this.cumulative = new double[weights.length];
        double c = 0;
        for (int i = 0; i < weights.length; i++) {
            this.weights[i] = weights[i] / total;
            c += this.weights[i];
            cumulative[i] = c;
        }
        cumulative[weights.length - 1] = 1;
    }

    public List<Move> moves() {
        return moves;
    }

    /** Normalized weights. */
    public double[] weights() {
        return weights.clone();
    }

    /** The weights as given to the constructor (what {@link Moves#spec} writes, so a re-parse is exact). */
    public double[] givenWeights() {
        return given.clone();
    }

    /** Equal when the moves and the normalized weights are: the same kernel, drawing the same random numbers. */
    @Override
    public boolean equals(Object o) {
        return o instanceof MixtureMove m && moves.equals(m.moves) && java.util.Arrays.equals(weights, m.weights);
    }

    @Override
    public int hashCode() {
        return 31 * moves.hashCode() + java.util.Arrays.hashCode(weights);
    }

    @Override
    public double propose(double[] x, double[][] complement, double[] out, UniformRandomProvider rng) {
        double u = rng.nextDouble();
        int k = 0;
        while (u >= cumulative[k] && k < cumulative.length - 1) {
            k++;
        }
        return moves.get(k).propose(x, complement, out, rng);
    }

    @Override
    public String describe() {
        StringBuilder b = new StringBuilder("mixture(");
        for (int i = 0; i < moves.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(moves.get(i).describe()).append(':').append(weights[i]);
        }
        return b.append(')').toString();
    }
}
