package org.astronest.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code astronest bench ...}: sampler benchmarks on the analytic problem catalogue, printing JSON. Each sampler has
 * its own subcommand class ({@link BenchNestedCommand} for {@code bench nested}, {@link BenchEnsembleCommand} for
 * {@code bench ensemble}, {@link BenchGradientCommand} for {@code bench gradient}, {@link BenchNmfCommand} for
 * {@code bench nmf}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark samplers on the analytic problems (JSON on standard output).",
        subcommands = {BenchNestedCommand.class, BenchEnsembleCommand.class, BenchGradientCommand.class,
                BenchNmfCommand.class})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new Main.UsageException("give a subcommand: nested, ensemble, gradient or nmf (see 'astronest bench --help')");
    }
}
