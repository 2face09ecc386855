package org.astronest.inference.mcmc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Factory of the built-in moves and a parser of the move syntax used by configs and the command line. */
public final class Moves {

    /** Names accepted by {@link #parse(String)}. */
    public static final List<String> NAMES = List.of("stretch", "de");

    private Moves() {
    }

    /** The stretch move with a = 2 (emcee's default move). */
    public static Move stretch() {
        return StretchMove.defaults();
    }

    /** The differential-evolution move with its defaults. */
    public static Move de() {
        return DifferentialEvolutionMove.defaults();
    }

    /**
     * Parses {@code name} or a weighted list {@code name:weight,name:weight} of the names {@code stretch} and
     * {@code de} (e.g. {@code stretch:0.8,de:0.2}); a missing weight counts as 1.
     *
     * @throws IllegalArgumentException naming the bad element and the accepted names
     */
    public static Move parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("moves: empty; use one of " + NAMES + " or e.g. stretch:0.8,de:0.2");
        }
        List<Move> moves = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            String[] nw = p.split(":", -1);
            if (nw.length > 2) {
                throw new IllegalArgumentException("moves: cannot read '" + p + "'; expected name or name:weight");
            }
            String name = nw[0].trim().toLowerCase(Locale.ROOT);
            Move m = switch (name) {
                case "stretch" -> stretch();
                case "de" -> de();
                default -> throw new IllegalArgumentException("moves: unknown move '" + nw[0].trim() + "'; choose from "
                        + NAMES);
            };
            double w = 1;
            if (nw.length == 2) {
                try {
                    w = Double.parseDouble(nw[1].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("moves: weight of '" + name + "' is not a number: '" + nw[1].trim()
                            + "'");
                }
                if (!(w > 0) || Double.isInfinite(w)) {
                    throw new IllegalArgumentException("moves: weight of '" + name + "' must be > 0, got " + nw[1].trim());
                }
            }
            moves.add(m);
            weights.add(w);
        }
        if (moves.size() == 1) {
            return moves.get(0);
        }
        return new MixtureMove(moves, weights.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * The {@link #parse} syntax of a move: {@code stretch}, {@code de}, or {@code stretch:0.8,de:0.2} for a mixture
     * (the weights as given, so that parsing the result gives an equal move).
     *
     * @throws IllegalArgumentException for a move {@link #parse} cannot produce (e.g. a stretch move with a != 2)
     */
    public static String spec(Move move) {
        if (move.equals(stretch())) {
            return "stretch";
        }
        if (move.equals(de())) {
            return "de";
        }
        if (move instanceof MixtureMove m) {
            StringBuilder b = new StringBuilder();
            double[] w = m.givenWeights();
            for (int i = 0; i < w.length; i++) {
                Move part = m.moves().get(i);
                if (part instanceof MixtureMove) {
                    throw new IllegalArgumentException("moves: a nested mixture has no config form: " + move.describe());
                }
                b.append(i == 0 ? "" : ",").append(spec(part)).append(':').append(number(w[i]));
            }
            return b.toString();
        }
        throw new IllegalArgumentException("moves: " + move.describe() + " has no config form; the config reads "
                + NAMES + " with their default settings, or a weighted list of them");
    }

    /** Shortest decimal that parses back to w exactly ("1" rather than "1.0"). */
    private static String number(double w) {
        if (w == Math.rint(w) && Math.abs(w) < 1e15) {
            return Long.toString((long) w);
        }
        return Double.toString(w);
    }
}
