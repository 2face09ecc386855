package org.astronest.inference.parameters;

import java.util.ArrayList;
import java.util.List;
import org.astronest.priors.Parameter;

/** Scalars and vectors: model values are the sampled values, each with its own prior. */
final class PlainBlock implements ParameterBlock {

    private final List<Parameter> parameters;

    PlainBlock(List<Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
    }

    @Override
    public List<Parameter> sampled() {
        return parameters;
    }

    @Override
    public List<String> modelNames() {
        List<String> n = new ArrayList<>();
        for (Parameter p : parameters) {
            n.add(p.name());
        }
        return n;
    }

    @Override
    public boolean identity() {
        return true;
    }

    @Override
    public void toModel(double[] raw, int ro, double[] model, int mo) {
        System.arraycopy(raw, ro, model, mo, parameters.size());
    }

    @Override
    public void pullBack(double[] raw, int ro, double[] model, int mo, double[] gModel, double[] gRaw) {
        for (int i = 0; i < parameters.size(); i++) {
            gRaw[ro + i] += gModel[mo + i];
        }
    }
}
