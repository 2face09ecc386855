package org.astronest.inference.mcmc;

import java.util.Map;
import java.util.Set;
import org.astronest.inference.CheckpointStore;
import org.astronest.inference.Sampler;
import org.astronest.inference.SamplerKind;

/** The ensemble sampler in the {@link org.astronest.inference.Samplers} registry. */
public final class EnsembleKind implements SamplerKind {

    @Override
    public String name() {
        return EnsembleSampler.NAME;
    }

    @Override
    public Set<String> keys() {
        return Set.copyOf(EnsembleSampler.Options.CONFIG_KEYS);
    }

    @Override
    public Sampler create(Map<String, Object> config, CheckpointStore checkpoint, boolean resume) {
        EnsembleSampler.Options o = EnsembleSampler.Options.fromConfig(config);
        return EnsembleSampler.of(o.withCheckpoint(checkpoint, o.checkpointSeconds()).withResume(resume));
    }

    @Override
    public Map<String, Object> toConfig(Sampler sampler, int dimension) {
        return ((EnsembleSampler) sampler).options().toConfig(dimension);
    }

    /** A finished ensemble run keeps its checkpoint: {@code --resume} with more steps extends it. */
    @Override
    public boolean keepsCheckpoint() {
        return true;
    }
}
