package org.astronest.emulators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An affine min-max scaler as saved by emulchem (scikit-learn's {@code MinMaxScaler} attributes {@code scale_} and
 * {@code min_} written as JSON {@code x_scale} and {@code x_min}).
 *
 * <p>Forward (into the net): {@code x_net = x * x_scale + x_min}; inverse (out of the net):
 * {@code y = (y_net - x_min) / x_scale}, exactly the two formulas of {@code emulchem/FORMAT.md}, evaluated in that
 * order so results round like scikit-learn's.
 */
public record Scaler(double[] scale, double[] min) {

    public Scaler {
        if (scale.length != min.length || scale.length == 0) {
            throw new IllegalArgumentException("scaler x_scale and x_min must have the same non-zero length, got "
                    + scale.length + " and " + min.length);
        }
        scale = scale.clone();
        min = min.clone();
    }

    public int size() {
        return scale.length;
    }

    /** x * x_scale + x_min for feature i. */
    public double forward(int i, double x) {
        return x * scale[i] + min[i];
    }

    /** (y - x_min) / x_scale for feature i. */
    public double inverse(int i, double y) {
        return (y - min[i]) / scale[i];
    }

    /** Reads {@code {"x_scale": [...], "x_min": [...]}}; errors name the file. */
    public static Scaler read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IOException("cannot read scaler " + file + ": " + e.getMessage(), e);
        }
        return new Scaler(array(root, "x_scale", file), array(root, "x_min", file));
    }

    private static double[] array(JsonNode root, String key, Path file) throws IOException {
        JsonNode a = root == null ? null : root.get(key);
        if (a == null || !a.isArray()) {
            throw new IOException("scaler " + file + " has no array \"" + key + "\"");
        }
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            if (!a.get(i).isNumber()) {
                throw new IOException("scaler " + file + ": " + key + "[" + i + "] is not a number: " + a.get(i));
            }
            v[i] = a.get(i).doubleValue();
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scaler && Arrays.equals(((Scaler) o).scale, scale) && Arrays.equals(((Scaler) o).min, min);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(scale) + Arrays.hashCode(min);
    }

    @Override
    public String toString() {
        return "Scaler[scale=" + Arrays.toString(scale) + ", min=" + Arrays.toString(min) + "]";
    }
}
