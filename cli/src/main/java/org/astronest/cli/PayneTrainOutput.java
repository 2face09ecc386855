package org.astronest.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.astronest.cli.io.AtomicFiles;
import org.astronest.cli.io.Csv;
import org.astronest.forwardmodels.payne.SpectralNetwork;
import org.astronest.forwardmodels.payne.training.Adam;
import org.astronest.forwardmodels.payne.training.CrossValidation;
import org.astronest.forwardmodels.payne.training.DifferenceScheme;
import org.astronest.forwardmodels.payne.training.GradientPrior;
import org.astronest.forwardmodels.payne.training.GradientSpectra;
import org.astronest.forwardmodels.payne.training.Lbfgs;
import org.astronest.forwardmodels.payne.training.NetworkTrainer;
import org.astronest.forwardmodels.payne.training.TrainingSet;

/** The files {@code payne train} writes besides the model: gradients.csv, cross_validation.csv, result.json. */
final class PayneTrainOutput {

    private PayneTrainOutput() {
    }

    /** pixel, wavelength (if known), then per label the model's gradient spectrum and, with a prior, the ab initio one. */
    static void writeGradients(Path f, SpectralNetwork trained, TrainingSet set, GradientPrior prior)
            throws IOException {
        List<String> names = set.labelNames();
        int nl = names.size();
        int np = set.pixelCount();
        double[] ref = prior != null ? prior.reference() : GradientPrior.defaultReference(names);
        double[] st = prior != null ? prior.steps() : GradientPrior.defaultSteps(names);
        DifferenceScheme scheme = prior != null ? prior.options().scheme() : DifferenceScheme.CENTRAL;
        int[] all = new int[nl];
        for (int k = 0; k < nl; k++) {
            all[k] = k;
        }
        double[] g = GradientSpectra.of(trained, ref, st, all, scheme);
        double[] wl = set.wavelength();
        AtomicFiles.write(f, out -> {
            StringBuilder h = new StringBuilder("pixel");
            if (wl != null) {
                h.append(",wavelength");
            }
            for (String n : names) {
                h.append(",model_").append(n);
            }
            if (prior != null) {
                for (String n : prior.labelNames()) {
                    h.append(",abinitio_").append(n);
                }
            }
            out.write(h.toString());
            out.newLine();
            for (int p = 0; p < np; p++) {
                StringBuilder b = new StringBuilder(Integer.toString(p));
                if (wl != null) {
                    b.append(',').append(Csv.number(wl[p]));
                }
                for (int k = 0; k < nl; k++) {
                    b.append(',').append(Csv.number(g[k * np + p]));
                }
                if (prior != null) {
                    for (int q = 0; q < prior.size(); q++) {
                        b.append(',').append(Csv.number(prior.abInitio(q, p)));
                    }
                }
                out.write(b.toString());
                out.newLine();
            }
        });
    }

    /** One row per D_scale: scatter and bias per label, gradient correlation per prior label, precision ratio to the first row. */
    static void writeCrossValidation(Path f, List<CrossValidation.Row> cv, TrainingSet set,
                                             GradientPrior prior) throws IOException {
        List<String> names = set.labelNames();
        List<String> pl = prior == null ? List.of() : prior.labelNames();
        AtomicFiles.write(f, out -> {
            StringBuilder h = new StringBuilder("d_scale,stars");
            for (String n : names) {
                h.append(",scatter_").append(n);
            }
            for (String n : names) {
                h.append(",bias_").append(n);
            }
            for (String n : names) {
                h.append(",ratio_").append(n);
            }
            for (String n : pl) {
                h.append(",gradient_correlation_").append(n);
            }
            out.write(h.toString());
            out.newLine();
            CrossValidation.Row base = cv.get(0);
            for (CrossValidation.Row r : cv) {
                StringBuilder b = new StringBuilder(Csv.number(r.dScale())).append(',').append(r.fits().starCount());
                for (double v : r.scatter()) {
                    b.append(',').append(Csv.number(v));
                }
                for (double v : r.bias()) {
                    b.append(',').append(Csv.number(v));
                }
                for (double v : CrossValidation.precisionRatio(r, base)) {
                    b.append(',').append(Csv.number(v));
                }
                double[] c = r.gradientCorrelation();
                for (int g = 0; g < pl.size(); g++) {
                    b.append(',').append(g < c.length ? Csv.number(c[g]) : "");
                }
                out.write(b.toString());
                out.newLine();
            }
        });
    }

    static ObjectNode result(PayneTrainJob job, TrainingSet set, GradientPrior prior, NetworkTrainer.Result nr,
                                     SpectralNetwork trained, double seconds, List<CrossValidation.Row> cv,
                                     double cvSeconds) {
        boolean network = job.network() != null;
        NetworkTrainer.Options no = job.network();
        ObjectNode j = org.astronest.cli.io.RunDirectory.json().createObjectNode();
        j.put("command", "payne train");
        j.put("model", network ? "network" : "quadratic");
        j.put("modelFile", PayneTrainCommand.MODEL);
        j.put("describe", trained.describe());
        ArrayNode ln = j.putArray("labels");
        set.labelNames().forEach(ln::add);
        j.put("stars", set.starCount());
        j.put("pixels", set.pixelCount());
        ObjectNode box = j.putObject("box");
        double[] lo = trained.xMin();
        double[] hi = trained.xMax();
        for (int k = 0; k < set.labelCount(); k++) {
            ArrayNode b = box.putArray(set.labelNames().get(k));
            b.add(lo[k]);
            b.add(hi[k]);
        }
        j.put("labelsFile", job.labels().getFileName().toString());
        j.put("spectraFile", job.spectra().getFileName().toString());
        j.put("seed", job.seed());
        if (network) {
            ObjectNode o = j.putObject("network");
            o.put("hidden", no.hidden());
            o.put("optimizer", no.optimizer().id());
            if (no.optimizer() instanceof Adam a) {
                o.put("learningRate", a.learningRate());
            }
            if (no.optimizer() instanceof Lbfgs l) {
                o.put("memory", l.memory());
            }
            o.put("iterations", nr.iterations());
            o.put("bestIteration", nr.bestIteration());
            o.put("validationFraction", no.validationFraction());
            o.put("trainStars", nr.trainStars());
            o.put("validStars", nr.validStars());
            o.put("trainChi2PerValue", nr.trainChi2());
            putNumber(o, "validChi2PerValue", nr.validChi2());
            o.put("penalty", nr.penalty());
            o.put("resumedFromIteration", nr.resumedFrom());
        }
        j.put("trainingSeconds", seconds);
        if (prior != null) {
            ObjectNode p = j.putObject("prior");
            p.put("gradientsFile", job.gradients().getFileName().toString());
            p.put("dScale", prior.dScale());
            p.put("penalty", prior.options().shape().id());
            p.put("difference", prior.options().scheme().id());
            p.put("gradientFloor", prior.options().floorFraction());
            ArrayNode out = p.putArray("outsideTrainingBox");
            PayneTrainJob.outsideBox(prior, set).forEach(out::add);
            ArrayNode pl = p.putArray("labels");
            prior.labelNames().forEach(pl::add);
            ObjectNode ref = p.putObject("reference");
            ObjectNode st = p.putObject("steps");
            for (int k = 0; k < set.labelCount(); k++) {
                ref.put(set.labelNames().get(k), prior.reference()[k]);
                st.put(set.labelNames().get(k), prior.steps()[k]);
            }
            ObjectNode gc = j.putObject("gradientCorrelation");
            double[] c = GradientSpectra.correlations(trained, prior);
            for (int g = 0; g < c.length; g++) {
                putNumber(gc, prior.labelNames().get(g), c[g]);
            }
        }
        if (cv != null) {
            ObjectNode c = j.putObject("crossValidation");
            c.put("folds", job.folds());
            c.put("seconds", cvSeconds);
            c.put("file", PayneTrainCommand.CROSS_VALIDATION);
            ArrayNode rows = c.putArray("rows");
            for (CrossValidation.Row r : cv) {
                ObjectNode row = rows.addObject();
                row.put("dScale", r.dScale());
                ObjectNode sc = row.putObject("scatter");
                ObjectNode bi = row.putObject("bias");
                ObjectNode ra = row.putObject("ratioToFirst");
                double[] ratio = CrossValidation.precisionRatio(r, cv.get(0));
                for (int k = 0; k < set.labelCount(); k++) {
                    putNumber(sc, set.labelNames().get(k), r.scatter()[k]);
                    putNumber(bi, set.labelNames().get(k), r.bias()[k]);
                    putNumber(ra, set.labelNames().get(k), ratio[k]);
                }
                if (prior != null) {
                    ObjectNode gc = row.putObject("gradientCorrelation");
                    for (int g = 0; g < prior.size(); g++) {
                        putNumber(gc, prior.labelNames().get(g), r.gradientCorrelation()[g]);
                    }
                }
            }
        }
        return j;
    }

    /** A D_scale for messages: {@code 10} rather than {@code 10.0}. */
    static String text(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static void putNumber(ObjectNode o, String k, double v) {
        if (Double.isFinite(v)) {
            o.put(k, v);
        } else {
            o.putNull(k);
        }
    }
}
