package org.astronest.forwardmodels.payne;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.astronest.emulators.npz.NpyArray;
import org.astronest.emulators.npz.NpzFile;

/**
 * Loads a Payne-family network from its {@code .npz} file and recognises its family from the arrays it holds.
 *
 * <p>Detection (documented in docs/payne.md):
 * <ul>
 *   <li>{@code w_array_0} 3-D: per-pixel sigmoid network (binspec). 5 labels: binspec's normalized-spectrum network
 *       with labels {@code Teff, logg, FeH, MgFe, vmacro}.</li>
 *   <li>{@code w_array_0..2} 2-D: The Payne's two leaky-ReLU layers. 25 labels: The Payne's APOGEE labels; 4 labels
 *       with {@code x_min[1] > 1e15} (a linear column density): the CCLya "The Payne" layout network
 *       ({@code sigma_int, N_HI, v_exp, T}).</li>
 *   <li>{@code w_array_0..3} 2-D: CCLya-Payne v1.1 (LReLU, LReLU, sigmoid, linear) with labels
 *       {@code sigma_int, logN_HI, v_exp, logT} when it has 4 labels.</li>
 *   <li>{@code quadratic_theta}: The Cannon's per-pixel quadratic model ({@link QuadraticSpectralModel}, written by
 *       {@code payne train --model quadratic}), labels {@code label0, label1, ...}.</li>
 *   <li>anything else with {@code w_array_k}: a dense stack with leaky-ReLU hidden layers and a linear output,
 *       labels {@code label0, label1, ...}.</li>
 * </ul>
 */
public final class PayneNetworks {

    /** The Payne's 25 APOGEE labels (shared/payne/README.md, the_payne_apogee_aux). */
    public static final List<String> THE_PAYNE_LABELS = List.of("Teff", "logg", "Vturb", "CH", "NH", "OH", "NaH",
            "MgH", "AlH", "SiH", "PH", "SH", "KH", "CaH", "TiH", "VH", "CrH", "MnH", "FeH", "CoH", "NiH", "CuH", "GeH",
            "C12C13", "Vmacro");
    /** binspec's normalized-spectrum network labels (issue 11). */
    public static final List<String> BINSPEC_LABELS = List.of("Teff", "logg", "FeH", "MgFe", "vmacro");
    /** CCLya-Payne v1.1 labels (reproduction.json). */
    public static final List<String> CCLYA_LABELS = List.of("sigma_int", "logN_HI", "v_exp", "logT");
    /** CCLya network in The Payne's layout (payne_architecture_reference.json; linear N_HI and T). */
    public static final List<String> CCLYA_2HL_LABELS = List.of("sigma_int", "N_HI", "v_exp", "T");

    /** Network families. */
    public enum Family {
        /** binspec normalized spectra (per-pixel, 5 labels). */
        BINSPEC_NORMALIZED(true),
        /** other per-pixel sigmoid networks. */
        PER_PIXEL(true),
        /** The Payne's 25-label APOGEE network (2 LReLU hidden layers). */
        THE_PAYNE(true),
        /** CCLya profile network in The Payne's layout (velocity-space profiles: no radial velocity by default). */
        CCLYA_2HL(false),
        /** CCLya-Payne v1.1 (fitted with the CCLya likelihood: v_lya shift, unit sum, analytic amplitude). */
        CCLYA_V11(false),
        /** any other dense stack. */
        DENSE(true),
        /** The Cannon's per-pixel quadratic model ({@link QuadraticSpectralModel}). */
        QUADRATIC(true);

        private final boolean defaultRv;

        Family(boolean defaultRv) {
            this.defaultRv = defaultRv;
        }

        /** Whether a radial velocity is fitted by default (stellar spectra: yes; Lyman-alpha profiles: no). */
        public boolean defaultRv() {
            return defaultRv;
        }
    }

    /** A network with its family and default label names. */
    public record Loaded(SpectralNetwork network, Family family, List<String> labelNames, Path file) {
        public Loaded {
            labelNames = List.copyOf(labelNames);
            if (labelNames.size() != network.labelCount()) {
                throw new IllegalArgumentException(file + ": " + labelNames.size() + " label names " + labelNames
                        + " for a network of " + network.labelCount() + " labels");
            }
        }

        /** The same network with other label names. */
        public Loaded withLabelNames(List<String> names) {
            return new Loaded(network, family, names, file);
        }
    }

    private PayneNetworks() {
    }

    /** Loads and recognises a network; {@code activations} (nullable) overrides the detected dense activations. */
    public static Loaded load(Path file, List<Activation> activations) {
        NpzFile npz = NpzFile.read(file);
        if (npz.contains(QuadraticSpectralModel.THETA)) {
            if (activations != null) {
                throw new IllegalArgumentException(file + " is a quadratic (Cannon-form) model; --activations applies "
                        + "only to dense networks");
            }
            QuadraticSpectralModel q = QuadraticSpectralModel.fromNpz(npz);
            return new Loaded(q, Family.QUADRATIC, generic(q.labelCount()), file);
        }
        if (!npz.contains("w_array_0") || !npz.contains("x_min") || !npz.contains("x_max")) {
            throw new IllegalArgumentException(file + ": not a Payne-style network (needs w_array_0, b_array_0, ..., "
                    + "x_min, x_max, or quadratic_theta, x_min, x_max; holds " + npz.names() + ")");
        }
        NpyArray w0 = npz.get("w_array_0");
        if (w0.ndim() == 3) {
            if (activations != null) {
                throw new IllegalArgumentException(file + " is a per-pixel (sigmoid) network; --activations applies "
                        + "only to dense networks");
            }
            PerPixelSpectralNetwork n = PerPixelSpectralNetwork.fromNpz(npz);
            boolean binspec = n.labelCount() == 5;
            return new Loaded(n, binspec ? Family.BINSPEC_NORMALIZED : Family.PER_PIXEL,
                    binspec ? BINSPEC_LABELS : generic(n.labelCount()), file);
        }
        DenseSpectralNetwork n = DenseSpectralNetwork.fromNpz(npz, activations);
        int layers = DenseSpectralNetwork.layerCount(npz);
        int nl = n.labelCount();
        if (layers == 3 && nl == 25) {
            return new Loaded(n, Family.THE_PAYNE, THE_PAYNE_LABELS, file);
        }
        if (layers == 3 && nl == 4 && n.xMin()[1] > 1e15) {
            return new Loaded(n, Family.CCLYA_2HL, CCLYA_2HL_LABELS, file);
        }
        if (layers == 4 && nl == 4) {
            return new Loaded(n, Family.CCLYA_V11, CCLYA_LABELS, file);
        }
        return new Loaded(n, Family.DENSE, generic(nl), file);
    }

    /** {@code label0, label1, ...}. */
    static List<String> generic(int n) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add("label" + i);
        }
        return l;
    }
}
