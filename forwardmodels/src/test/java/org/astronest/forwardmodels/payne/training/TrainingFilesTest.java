package org.astronest.forwardmodels.payne.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.astronest.emulators.npz.NpyArray;
import org.astronest.emulators.npz.NpzWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training-set formats (docs/payne.md) and the checks of {@link TrainingSet}, each error naming what is wrong. */
class TrainingFilesTest {

    @Test
    void readsLabelsSpectraAndGradients(@TempDir Path tmp) throws Exception {
        Path lab = Files.writeString(tmp.resolve("labels.csv"), "id,Teff,logg,FeH\nstar1,4800,2.5,0.1\n"
                + "\"star 2\",5000,3.0,-0.2\nstar3,4600,2.0,0.0\n");
        Path spec = tmp.resolve("spectra.npz");
        new NpzWriter().add("flux", NpyArray.DType.FLOAT64, new int[] {3, 2}, new double[] {1, 0.9, 0.8, Double.NaN,
            0.95, 0.85})
                .add("error", NpyArray.DType.FLOAT64, new int[] {3, 2}, new double[] {0.01, 0.02, 0.01, 0, 0.1, 0.1})
                .add("wavelength", NpyArray.DType.FLOAT64, new int[] {2}, new double[] {5000, 5001}).write(spec);
        TrainingSet set = TrainingFiles.read(lab, spec);
        assertEquals(List.of("Teff", "logg", "FeH"), set.labelNames());
        assertEquals(3, set.starCount());
        assertEquals(2, set.pixelCount());
        assertArrayEquals(new double[] {5000, 3.0, -0.2}, set.labelsOf(1), 0.0);
        assertEquals(1e4, set.ivar(0, 0), 1e-9);
        assertEquals(2500, set.ivar(0, 1), 1e-9);
        assertEquals(0, set.ivar(1, 1), 0.0, "error 0 -> ivar 0");
        assertEquals(0, set.flux(1, 1), 0.0, "NaN flux under ivar 0 is stored as 0");
        assertArrayEquals(new double[] {4600, 2.0, -0.2}, set.xMin(), 0.0);
        assertArrayEquals(new double[] {5000, 1001}, new double[] {set.xMax()[0], set.wavelength()[1] - 4000}, 0.0);
        Path grad = Files.writeString(tmp.resolve("g.csv"), "pixel,FeH,Teff\n0,0.01,-0.02\n1,0.03,0.0\n");
        TrainingFiles.Gradients g = TrainingFiles.readGradients(grad, set.labelNames(), 2);
        assertEquals(List.of("FeH", "Teff"), g.labels());
        assertArrayEquals(new double[] {0.01, 0.03, -0.02, 0.0}, g.values(), 0.0);
    }

    @Test
    void ivarArraysAreTakenAsGiven(@TempDir Path tmp) throws Exception {
        Path lab = Files.writeString(tmp.resolve("l.csv"), "a\n1\n2\n");
        Path spec = tmp.resolve("s.npz");
        new NpzWriter().add("spectra", NpyArray.DType.FLOAT64, new int[] {2, 1}, new double[] {1, 2})
                .add("ivar", NpyArray.DType.FLOAT64, new int[] {2, 1}, new double[] {4, 9}).write(spec);
        TrainingSet set = TrainingFiles.read(lab, spec);
        assertEquals(9, set.ivar(1, 0), 0.0);
        assertNull(set.wavelength());
    }

    @Test
    void badInputsNameTheFileAndTheValue(@TempDir Path tmp) throws Exception {
        Path spec = tmp.resolve("s.npz");
        new NpzWriter().add("flux", NpyArray.DType.FLOAT64, new int[] {2, 1}, new double[] {1, 2})
                .add("ivar", NpyArray.DType.FLOAT64, new int[] {2, 1}, new double[] {4, 9}).write(spec);
        assertMessage(tmp, "a,b\n1,2\nx,3\n", spec, "line 3, column 'a': not a number: 'x'");
        assertMessage(tmp, "a,b\n1,2\n1,3,4\n", spec, "line 3: 3 fields, the header has 2");
        assertMessage(tmp, "a,a\n1,2\n1,3\n", spec, "column 'a' appears twice");
        assertMessage(tmp, "1,2\n1,3\n", spec, "the first line must be a header of names");
        assertMessage(tmp, "a,b\n1,2\n1,3\n", spec, "label a has the same value 1.0 for every star");
        assertMessage(tmp, "a\n1\n2\n3\n", spec, "'flux' has 2 rows but the labels file has 3 stars");
        assertMessage(tmp, "a,b\n1,Infinity\n2,3\n", spec, "column 'b': Infinity is not finite");
        Path nothing = tmp.resolve("none.csv");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingFiles.read(nothing, spec));
        assertTrue(e.getMessage().contains("labels: no such file: " + nothing), e.getMessage());
        Path noIvar = tmp.resolve("n.npz");
        new NpzWriter().add("flux", NpyArray.DType.FLOAT64, new int[] {2, 1}, new double[] {1, 2}).write(noIvar);
        Path lab = Files.writeString(tmp.resolve("ok.csv"), "a\n1\n2\n");
        e = assertThrows(IllegalArgumentException.class, () -> TrainingFiles.read(lab, noIvar));
        assertTrue(e.getMessage().contains("needs 'ivar' (inverse variances) or 'error'"), e.getMessage());
        Path negIvar = tmp.resolve("neg.npz");
        new NpzWriter().add("flux", NpyArray.DType.FLOAT64, new int[] {2, 1}, new double[] {1, 2})
                .add("ivar", NpyArray.DType.FLOAT64, new int[] {2, 1}, new double[] {4, -1}).write(negIvar);
        e = assertThrows(IllegalArgumentException.class, () -> TrainingFiles.read(lab, negIvar));
        assertTrue(e.getMessage().contains("star 1 pixel 0 has inverse variance -1.0; must be finite and >= 0"),
                e.getMessage());
        Path grad = Files.writeString(tmp.resolve("g.csv"), "pixel,Zn\n0,0.1\n1,0.2\n");
        e = assertThrows(IllegalArgumentException.class, () -> TrainingFiles.readGradients(grad, List.of("a"), 2));
        assertTrue(e.getMessage().contains("column 'Zn' is not a training label [a]"), e.getMessage());
        Path grad2 = Files.writeString(tmp.resolve("g2.csv"), "a\n0.1\n0.2\n0.3\n");
        e = assertThrows(IllegalArgumentException.class, () -> TrainingFiles.readGradients(grad2, List.of("a"), 2));
        assertTrue(e.getMessage().contains("3 rows, but the spectra have 2 pixels"), e.getMessage());
    }

    private static void assertMessage(Path tmp, String labels, Path spec, String fragment) throws Exception {
        Path lab = Files.writeString(tmp.resolve("bad.csv"), labels);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingFiles.read(lab, spec));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
