package org.astronest.forwardmodels.molecular;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The line and species bookkeeping shared by the {@link LineTransfer} implementations. */
abstract class LineList implements LineTransfer {

    protected final List<String> lines;
    protected final List<String> species;
    protected final int[] speciesOfLine;

    /** @param speciesPerLine the species of each line, in line order */
    protected LineList(List<String> lineNames, List<String> speciesPerLine) {
        this.lines = List.copyOf(lineNames);
        this.speciesOfLine = new int[lineNames.size()];
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < speciesOfLine.length; i++) {
            speciesOfLine[i] = index.computeIfAbsent(speciesPerLine.get(i), k -> index.size());
        }
        this.species = List.copyOf(new ArrayList<>(index.keySet()));
    }

    @Override
    public List<String> lines() {
        return lines;
    }

    @Override
    public List<String> species() {
        return species;
    }

    @Override
    public int[] speciesOfLine() {
        return speciesOfLine.clone();
    }
}
