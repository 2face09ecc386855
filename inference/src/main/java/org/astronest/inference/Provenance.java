package org.astronest.inference;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a result came from: seed (null when the generator carried none), sampler and its options, software versions,
 * git commit when known, sha256 of the config when the run came from one, start time (ISO-8601) and wall seconds.
 */
public record Provenance(Long seed, String sampler, Map<String, Object> options, String astronestVersion,
                         String javaVersion, String gitCommit, String configSha256, String startTime,
                         double wallSeconds) {

    public Provenance {
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** Provenance of a sampler run (versions filled in from the runtime; config fields empty). */
    public static Provenance of(Long seed, String sampler, Map<String, Object> options, String startTime,
                                double wallSeconds) {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return new Provenance(seed, sampler, options, v == null ? "unknown" : v, System.getProperty("java.version"),
                null, null, startTime, wallSeconds);
    }

    public Provenance withConfig(String sha256) {
        return new Provenance(seed, sampler, options, astronestVersion, javaVersion, gitCommit, sha256, startTime,
                wallSeconds);
    }

    public Provenance withVersion(String version, String commit) {
        return new Provenance(seed, sampler, options, version, javaVersion, commit, configSha256, startTime,
                wallSeconds);
    }
}
