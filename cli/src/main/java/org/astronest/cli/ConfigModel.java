package org.astronest.cli;

/**
 * What a run config's {@code model:} section describes: a {@link RunModel}, whose posterior a sampler draws, or a
 * {@link FitModel}, fitted by its own method (EM, an optimiser). {@link ModelKind}s make them.
 */
public sealed interface ConfigModel permits RunModel, FitModel {

    /** The model type as written in configs (with the problem's name where there is one). */
    String type();
}
