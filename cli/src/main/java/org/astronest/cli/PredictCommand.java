package org.astronest.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.astronest.cli.config.ConfigLoader;
import org.astronest.cli.config.RunConfig;
import org.astronest.cli.io.RunDirectory;
import org.astronest.forwardmodels.molecular.LineObservation;
import org.astronest.priors.PriorSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code astronest predict CONFIG --set T=150 n=5e5 ...}: the model intensities of a config's lines at one point. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Print the model intensities (K km/s) of a line-fit config at one parameter set.")
public final class PredictCommand implements Callable<Integer> {

    @Parameters(paramLabel = "CONFIG", description = "A line-fit config (YAML).")
    Path config;

    @Option(names = "--set", arity = "1..*", paramLabel = "NAME=VALUE", required = true,
            description = "Parameter values; every free parameter of the config is needed (fixed ones are taken "
                    + "from the config).")
    List<String> set = new ArrayList<>();

    @Option(names = "--json", description = "Print JSON: parameters, lines (line, intensity, observed, sigma, "
            + "residual), logLikelihood.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        RunConfig c = ConfigLoader.load(config);
        String type = c.model().get("type").text();
        if (!type.startsWith("chemistry-")) {
            throw new Main.UsageException("predict needs a line-fit config (model.type chemistry-dependent or "
                    + "chemistry-independent), got model.type '" + type + "'");
        }
        LineModels.Setup s = LineModels.setup(c);
        PriorSet priors = c.priors(s.type(), LineModels.defaults(s));
        Map<String, Double> values = new LinkedHashMap<>();
        for (String kv : set) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new Main.UsageException("--set expects NAME=VALUE, got '" + kv + "'");
            }
            String name = kv.substring(0, eq).trim();
            if (!priors.contains(name)) {
                throw new Main.UsageException("--set: unknown parameter '" + name + "'; known: " + priors.names());
            }
            try {
                values.put(name, Double.parseDouble(kv.substring(eq + 1).trim()));
            } catch (NumberFormatException e) {
                throw new Main.UsageException("--set " + name + ": not a number: '" + kv.substring(eq + 1) + "'");
            }
        }
        double[] theta = new double[priors.size()];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < priors.size(); i++) {
            var p = priors.get(i);
            if (values.containsKey(p.name())) {
                theta[i] = values.get(p.name());
            } else if (p.prior().isFixed()) {
                theta[i] = p.prior().fromUnit(0.5);
            } else {
                missing.add(p.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new Main.UsageException("--set: missing value(s) for " + missing);
        }
        double[] pred = s.model().predict(theta);
        if (Double.isNaN(pred[0])) {
            throw new Main.UsageException("the point " + values + " lies outside the model's valid domain");
        }
        double logL = s.fit().logLikelihood(theta);
        List<LineObservation> obs = s.fit().likelihood().observations();
        if (json) {
            ObjectNode o = RunDirectory.json().createObjectNode();
            ObjectNode ps = o.putObject("parameters");
            for (int i = 0; i < priors.size(); i++) {
                ps.put(priors.get(i).name(), theta[i]);
            }
            ArrayNode ls = o.putArray("lines");
            for (int l = 0; l < pred.length; l++) {
                LineObservation ob = obs.get(l);
                ObjectNode n = ls.addObject();
                n.put("line", ob.line());
                n.put("intensity", pred[l]);
                n.put("observed", ob.intensity());
                n.put("sigma", ob.observationalSigma());
                n.put("residual", (ob.intensity() - pred[l]) / ob.observationalSigma());
            }
            o.put("logLikelihood", logL);
            w.println(RunDirectory.json().writeValueAsString(o));
        } else {
            w.printf(Locale.ROOT, "%-12s %14s %14s %10s %9s%n", "line", "model K km/s", "observed", "sigma",
                    "(o-m)/s");
            for (int l = 0; l < pred.length; l++) {
                LineObservation ob = obs.get(l);
                w.printf(Locale.ROOT, "%-12s %14.4f %14.4f %10.4f %9.3f%n", ob.line(), pred[l], ob.intensity(),
                        ob.observationalSigma(), (ob.intensity() - pred[l]) / ob.observationalSigma());
            }
            w.printf(Locale.ROOT, "ln L = %.6f%n", logL);
        }
        return 0;
    }
}
