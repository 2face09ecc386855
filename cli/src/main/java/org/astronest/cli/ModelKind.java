package org.astronest.cli;

import java.util.List;
import org.astronest.cli.config.RunConfig;

/**
 * One kind of model a run config names under {@code model: {type: ...}}. It reads its own config sections (errors
 * name the key path), owns its defaults and checks, and builds the model; the physics stays in
 * {@code forwardmodels}. A new kind is one class plus one line in {@link Models}.
 */
public interface ModelKind {

    /** The {@code model.type} values this kind reads. */
    List<String> types();

    /** The model a config describes. */
    ConfigModel create(RunConfig config);
}
