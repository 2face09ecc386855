package org.astronest.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

/** A model that {@code run} fits by the model's own method (EM, an optimiser) instead of sampling it. */
public non-sealed interface FitModel extends ConfigModel {

    /**
     * Fits the model and writes {@code dir/result.json} (the directory is claimed by the caller).
     *
     * @param seed the config's seed (or {@code --seed})
     * @param out  where the one-line summary goes
     */
    void fit(Path dir, long seed, PrintWriter out) throws java.io.IOException;
}
