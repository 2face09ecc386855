package org.astronest.inference.hmc;

import java.util.Map;
import java.util.Set;
import org.astronest.inference.CheckpointStore;
import org.astronest.inference.Sampler;
import org.astronest.inference.SamplerKind;

/** NUTS in the {@link org.astronest.inference.Samplers} registry ({@code --sampler nuts}, {@code type: nuts}). */
public final class NutsKind implements SamplerKind {

    @Override
    public String name() {
        return NutsSampler.NAME;
    }

    @Override
    public Set<String> keys() {
        return Set.copyOf(NutsConfig.KEYS);
    }

    @Override
    public Sampler create(Map<String, Object> config, CheckpointStore checkpoint, boolean resume) {
        NutsSampler.Options o = NutsSampler.Options.fromConfig(config);
        return NutsSampler.of(o.withCheckpoint(checkpoint, o.checkpointSeconds()).withResume(resume));
    }

    @Override
    public Map<String, Object> toConfig(Sampler sampler, int dimension) {
        return ((NutsSampler) sampler).options().toConfig();
    }
}
