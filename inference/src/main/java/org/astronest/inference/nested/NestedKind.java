package org.astronest.inference.nested;

import java.util.Map;
import java.util.Set;
import org.astronest.inference.CheckpointStore;
import org.astronest.inference.Sampler;
import org.astronest.inference.SamplerKind;

/** The nested sampler in the {@link org.astronest.inference.Samplers} registry. */
public final class NestedKind implements SamplerKind {

    @Override
    public String name() {
        return "nested";
    }

    @Override
    public Set<String> keys() {
        return NestedSampler.Options.CONFIG_KEYS;
    }

    @Override
    public Sampler create(Map<String, Object> config, CheckpointStore checkpoint, boolean resume) {
        NestedSampler.Options o = NestedSampler.Options.fromConfig(config);
        return NestedSampler.of(o.withCheckpoint(checkpoint, o.checkpointSeconds()).withResume(resume));
    }

    @Override
    public Map<String, Object> toConfig(Sampler sampler, int dimension) {
        return ((NestedSampler) sampler).options().toConfig();
    }
}
