package org.astronest.forwardmodels.radex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Molecular data of one species in the LAMDA format (Schöier et al. 2005, A&amp;A 432, 369): energy levels,
 * radiative transitions and collision rate tables. Immutable; levels and lines are numbered from 1 as in the file.
 *
 * <p>Read it with {@link LamdaReader#read(java.nio.file.Path)}. The arrays handed out are copies; the solver reads
 * the package-private fields directly.
 */
public final class Molecule {

    private final String name;
    private final String source;
    private final double molecularWeight;
    final double[] energy;     // level energies in cm^-1, index 0..nlev-1
    final double[] weight;     // statistical weights
    private final String[] quantumNumbers;
    final int[] lineUpper;     // 0-based level index
    final int[] lineLower;
    final double[] einsteinA;  // s^-1
    final double[] freqGHz;    // as printed in the file
    final double[] eUpK;       // as printed in the file
    private final List<CollisionPartner> partners;

    Molecule(String name, String source, double molecularWeight, double[] energy, double[] weight,
             String[] quantumNumbers, int[] lineUpper, int[] lineLower, double[] einsteinA, double[] freqGHz,
             double[] eUpK, List<CollisionPartner> partners) {
        this.name = name;
        this.source = source;
        this.molecularWeight = molecularWeight;
        this.energy = energy;
        this.weight = weight;
        this.quantumNumbers = quantumNumbers;
        this.lineUpper = lineUpper;
        this.lineLower = lineLower;
        this.einsteinA = einsteinA;
        this.freqGHz = freqGHz;
        this.eUpK = eUpK;
        this.partners = Collections.unmodifiableList(new ArrayList<>(partners));
    }

    /** The molecule name line of the file (trimmed). */
    public String name() {
        return name;
    }

    /** Where it was read from (file name), for messages. */
    public String source() {
        return source;
    }

    public double molecularWeight() {
        return molecularWeight;
    }

    public int levelCount() {
        return energy.length;
    }

    public int lineCount() {
        return lineUpper.length;
    }

    /** Energy of level {@code level} (1-based) in cm^-1. */
    public double levelEnergy(int level) {
        return energy[level - 1];
    }

    /** Statistical weight of level {@code level} (1-based). */
    public double levelWeight(int level) {
        return weight[level - 1];
    }

    /** Quantum numbers of level {@code level} (1-based) as written in the file, without quotes. */
    public String quantumNumbers(int level) {
        return quantumNumbers[level - 1];
    }

    /** Upper level (1-based) of line {@code line} (1-based). */
    public int upper(int line) {
        return lineUpper[line - 1] + 1;
    }

    /** Lower level (1-based) of line {@code line} (1-based). */
    public int lower(int line) {
        return lineLower[line - 1] + 1;
    }

    public double einsteinA(int line) {
        return einsteinA[line - 1];
    }

    /** Line frequency in GHz as given in the file (RADEX uses it only for printing and the frequency filter). */
    public double frequencyGHz(int line) {
        return freqGHz[line - 1];
    }

    /** Upper level energy in K as given in the file. */
    public double eUpK(int line) {
        return eUpK[line - 1];
    }

    public List<CollisionPartner> partners() {
        return partners;
    }

    /** Whether the file has collision data for partner {@code id} (1=H2 ... 7=H+). */
    public boolean hasPartner(int id) {
        for (CollisionPartner p : partners) {
            if (p.id() == id) {
                return true;
            }
        }
        return false;
    }

    /**
     * The 1-based line whose upper and lower levels carry the quantum numbers {@code up} and {@code low}, compared
     * after trimming and, when both are integers, numerically (so {@code "3"} matches {@code " 03 "}); -1 if none.
     */
    public int findLine(String up, String low) {
        for (int k = 0; k < lineUpper.length; k++) {
            if (sameQn(quantumNumbers[lineUpper[k]], up) && sameQn(quantumNumbers[lineLower[k]], low)) {
                return k + 1;
            }
        }
        return -1;
    }

    static boolean sameQn(String a, String b) {
        String x = a.trim();
        String y = b.trim();
        if (x.equals(y)) {
            return true;
        }
        if (x.matches("\\d+") && y.matches("\\d+")) {
            return Integer.parseInt(x) == Integer.parseInt(y);
        }
        return false;
    }

    /** Quantum-number label of a line for people, e.g. {@code 3 -- 2}. */
    public String lineLabel(int line) {
        return quantumNumbers(upper(line)) + "-" + quantumNumbers(lower(line));
    }

    @Override
    public String toString() {
        return "Molecule[" + name + ", " + levelCount() + " levels, " + lineCount() + " lines, partners "
                + Arrays.toString(partners.stream().mapToInt(CollisionPartner::id).toArray()) + ", from " + source + "]";
    }
}
