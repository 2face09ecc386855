package org.astronest.inference.parameters;

import java.util.List;
import org.astronest.priors.Parameter;

/**
 * A group of model parameters declared together and the sampled parameters behind them: the block's sampled
 * parameters have ordinary scalar priors (which every sampler handles: unit-cube transforms for nested sampling,
 * densities for the ensemble, bijections for NUTS), and a deterministic map turns them, with the model values
 * declared before the block, into the block's model values, such that the implied prior on the model values is the
 * one the block declares (uniform on an ordered region, Dirichlet on a simplex, ...). The map's vector-Jacobian
 * product carries likelihood gradients back to the sampled parameters.
 *
 * <p>A new constrained type is one implementation plus one method in {@link ParameterSpace.Builder}.
 */
public interface ParameterBlock {

    /** The sampled parameters, with their priors, in order. */
    List<Parameter> sampled();

    /** The model parameters' names, in order. */
    List<String> modelNames();

    /** Whether the model values are the sampled values themselves (plain scalars and vectors). */
    default boolean identity() {
        return false;
    }

    /**
     * Writes the block's model values into {@code model} at {@code mo} from its sampled values at {@code raw[ro..]},
     * reading the model values before {@code mo} (already written) when the block depends on them.
     */
    void toModel(double[] raw, int ro, double[] model, int mo);

    /**
     * Vector-Jacobian product: given d lnL / d(model values) in {@code gModel}, adds d lnL / d(sampled values) into
     * {@code gRaw} at {@code ro}, and adds the contributions through model values declared before the block into
     * {@code gModel} before {@code mo}. Called in reverse declaration order.
     */
    void pullBack(double[] raw, int ro, double[] model, int mo, double[] gModel, double[] gRaw);

    /** Index of a model name within the model vector, resolved when the space is built (for dependent blocks). */
    default void resolve(java.util.function.ToIntFunction<String> indexOf) {
    }
}
