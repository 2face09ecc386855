package org.astronest.inference;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The immutable result of a sampler run: weighted samples, evidence (nested sampling), per-parameter summaries (with
 * R-hat and ESS for MCMC), likelihood calls, wall time, effective sample size, provenance, sampler-specific
 * diagnostics (JSON-friendly values), and the chains (MCMC) or the nested run sequence when the sampler gives them.
 */
public final class RunResult {

    private final String sampler;
    private final WeightedSamples samples;
    private final Evidence evidence;
    private final Summary summary;
    private final long likelihoodCalls;
    private final double wallSeconds;
    private final double effectiveSampleSize;
    private final Provenance provenance;
    private final Map<String, Object> diagnostics;
    private final Chains chains;
    private final NestedRun nestedRun;
    private final java.util.List<ColumnInfo> columns;
    private final ObservedData observed;

    private RunResult(Builder b) {
        this.sampler = Objects.requireNonNull(b.sampler, "sampler");
        this.samples = Objects.requireNonNull(b.samples, "samples");
        this.evidence = b.evidence;
        this.summary = b.summary != null ? b.summary : Summary.of(b.samples);
        this.likelihoodCalls = b.likelihoodCalls;
        this.wallSeconds = b.wallSeconds;
        this.effectiveSampleSize = Double.isNaN(b.effectiveSampleSize) ? b.samples.effectiveSampleSize()
                : b.effectiveSampleSize;
        this.provenance = b.provenance;
        this.diagnostics = Collections.unmodifiableMap(new LinkedHashMap<>(b.diagnostics));
        this.chains = b.chains;
        this.nestedRun = b.nestedRun;
        this.columns = ColumnInfo.forNames(b.samples.names(), b.columns);
        this.observed = b.observed;
    }

    public static Builder builder(String sampler, WeightedSamples samples) {
        return new Builder(sampler, samples);
    }

    public String sampler() {
        return sampler;
    }

    public WeightedSamples samples() {
        return samples;
    }

    public Optional<Evidence> evidence() {
        return Optional.ofNullable(evidence);
    }

    public Summary summary() {
        return summary;
    }

    public long likelihoodCalls() {
        return likelihoodCalls;
    }

    public double wallSeconds() {
        return wallSeconds;
    }

    /** Kish ESS of the weights (nested sampling) or the smallest bulk ESS (MCMC), as the sampler states. */
    public double effectiveSampleSize() {
        return effectiveSampleSize;
    }

    /** Provenance, or null for a result built without one. */
    public Provenance provenance() {
        return provenance;
    }

    /** The seed of the run, when known. */
    public Optional<Long> seed() {
        return provenance == null ? Optional.empty() : Optional.ofNullable(provenance.seed());
    }

    public Map<String, Object> diagnostics() {
        return diagnostics;
    }

    public Optional<Chains> chains() {
        return Optional.ofNullable(chains);
    }

    public Optional<NestedRun> nestedRun() {
        return Optional.ofNullable(nestedRun);
    }

    /**
     * One entry per column of the samples, in their order: label, unit, log axis, prior support, role and truth
     * (a bare entry for a column the sampler did not describe).
     */
    public java.util.List<ColumnInfo> columns() {
        return columns;
    }

    /** The data the model was fitted to, when the model states it (line intensities, ...). */
    public Optional<ObservedData> observed() {
        return Optional.ofNullable(observed);
    }

    /** A builder initialised from this result (e.g. to attach provenance of a config). */
    public Builder toBuilder() {
        return toBuilder(samples);
    }

    /**
     * A builder initialised from this result with {@code newSamples} in place of its samples (same rows and columns,
     * e.g. with their log-likelihoods restated); the summary is kept.
     */
    public Builder toBuilder(WeightedSamples newSamples) {
        Builder b = new Builder(sampler, newSamples);
        b.evidence = evidence;
        b.summary = summary;
        b.likelihoodCalls = likelihoodCalls;
        b.wallSeconds = wallSeconds;
        b.effectiveSampleSize = effectiveSampleSize;
        b.provenance = provenance;
        b.diagnostics.putAll(diagnostics);
        b.chains = chains;
        b.nestedRun = nestedRun;
        b.columns = columns;
        b.observed = observed;
        return b;
    }

    /** Builder of {@link RunResult}; the summary defaults to the weighted summary of the samples. */
    public static final class Builder {
        private final String sampler;
        private final WeightedSamples samples;
        private Evidence evidence;
        private Summary summary;
        private long likelihoodCalls;
        private double wallSeconds;
        private double effectiveSampleSize = Double.NaN;
        private Provenance provenance;
        private final Map<String, Object> diagnostics = new LinkedHashMap<>();
        private Chains chains;
        private NestedRun nestedRun;
        private java.util.List<ColumnInfo> columns = java.util.List.of();
        private ObservedData observed;

        private Builder(String sampler, WeightedSamples samples) {
            this.sampler = sampler;
            this.samples = samples;
        }

        public Builder evidence(Evidence e) {
            this.evidence = e;
            return this;
        }

        public Builder summary(Summary s) {
            this.summary = s;
            return this;
        }

        public Builder likelihoodCalls(long n) {
            this.likelihoodCalls = n;
            return this;
        }

        public Builder wallSeconds(double s) {
            this.wallSeconds = s;
            return this;
        }

        public Builder effectiveSampleSize(double ess) {
            this.effectiveSampleSize = ess;
            return this;
        }

        public Builder provenance(Provenance p) {
            this.provenance = p;
            return this;
        }

        public Builder diagnostic(String key, Object value) {
            this.diagnostics.put(key, value);
            return this;
        }

        public Builder chains(Chains c) {
            this.chains = c;
            return this;
        }

        public Builder nestedRun(NestedRun r) {
            this.nestedRun = r;
            return this;
        }

        /** What the columns are ({@link ColumnInfo}); columns not named here get a bare entry. */
        public Builder columns(java.util.List<ColumnInfo> c) {
            this.columns = java.util.List.copyOf(c);
            return this;
        }

        /** The data the model was fitted to (null for none). */
        public Builder observed(ObservedData o) {
            this.observed = o;
            return this;
        }

        public RunResult build() {
            return new RunResult(this);
        }
    }
}
