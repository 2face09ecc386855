package org.astronest.emulators;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.astronest.data.SharedData;

/** Rows of the shared {@code emulchem/golden/*.csv} reference files (computed in float64 from the same networks). */
final class Golden {

    record ChemRow(String species, double[] inputs, double abundance) {
    }

    record RadRow(String species, int transitionIndex, double temperature, double density, double column,
            double width, double intensity) {
    }

    private Golden() {
    }

    static EmulatorCatalog catalog() {
        return new EmulatorCatalog(SharedData.resolve("emulchem"));
    }

    static List<ChemRow> chem() throws IOException {
        List<ChemRow> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(SharedData.resolve("emulchem/golden/chem.csv"));
        if (!lines.get(0).equals("species,radfield,zeta,density,av,temperature,metallicity,abundance")) {
            throw new IllegalStateException("unexpected header of golden/chem.csv: " + lines.get(0));
        }
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            double[] x = new double[6];
            for (int i = 0; i < 6; i++) {
                x[i] = Double.parseDouble(f[i + 1]);
            }
            rows.add(new ChemRow(f[0], x, Double.parseDouble(f[7])));
        }
        return rows;
    }

    static List<RadRow> rad() throws IOException {
        List<RadRow> rows = new ArrayList<>();
        Path p = SharedData.resolve("emulchem/golden/rad.csv");
        List<String> lines = Files.readAllLines(p);
        if (!lines.get(0).equals("species,transition_index,temperature,density,column_density,line_width,intensity")) {
            throw new IllegalStateException("unexpected header of golden/rad.csv: " + lines.get(0));
        }
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            rows.add(new RadRow(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6])));
        }
        return rows;
    }
}
