#!/usr/bin/env python3
"""Writes a synthetic training set for `astronest payne train` (docs/payne.md, "Training").

The spectra follow the known model of the training tests (forwardmodels SyntheticStars): labels Teff, logg, FeH, NiH;
a normalised spectrum of P pixels with Gaussian absorption lines of Fe and Ni,

    f(l, p) = c(l, p) exp(-sum_lines tau_line(l) exp(-(p - p_line)^2 / (2 w^2))),
    tau_line(l) = d_line 10^[X/H] exp(alpha_line (Teff - 4800)/1000 + gamma_line (logg - 2.5)),
    c(l, p) = 1 + 0.02 ((Teff - 4800)/500) sin(2 pi p / P),

training labels Teff U(4300, 5300), logg U(1.5, 3.5), [Fe/H] N(-0.05, 0.25) and [Ni/H] = [Fe/H] + N(0, sd) with
corr([Fe/H], [Ni/H]) = rho, Gaussian noise of 1/snr. The "ab initio" gradients are the exact centred differences at
the reference star (4800 K, 2.5, 0, 0; steps 200 K, 0.5, 0.2, 0.2) times (1 + err u), u uniform in [-1, 1] per pixel.
Off-sequence test stars (Teff U(4650, 4950), logg U(2.25, 2.75), [Fe/H] U(-0.1, 0.1), [Ni/Fe] U(-0.2, 0.2)) are
written one spectrum per CSV for `payne fit`. The random draws differ from the Java tests' (NumPy's generator).

Writes into --out: labels.csv, spectra.npz (flux, ivar), gradients.csv, test_labels.csv, test_spectrum_K.csv.
"""
import argparse
import os

import numpy as np

REF = np.array([4800.0, 2.5, 0.0, 0.0])
STEPS = np.array([200.0, 0.5, 0.2, 0.2])


def spectra(labels, lines, pixels, width):
    lab = np.atleast_2d(labels)
    p = np.arange(pixels)
    tau = np.zeros((lab.shape[0], pixels))
    for element, centre, depth, alpha, gamma in lines:
        t = depth * 10 ** lab[:, element] * np.exp(alpha * (lab[:, 0] - 4800) / 1000 + gamma * (lab[:, 1] - 2.5))
        tau += t[:, None] * np.exp(-0.5 * ((p - centre) / width) ** 2)[None, :]
    cont = 1 + 0.02 * ((lab[:, :1] - 4800) / 500) * np.sin(2 * np.pi * p / pixels)[None, :]
    return cont * np.exp(-tau)


def main():
    a = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    a.add_argument("--stars", type=int, default=500)
    a.add_argument("--pixels", type=int, default=1000)
    a.add_argument("--fe-lines", type=int, default=27)
    a.add_argument("--ni-lines", type=int, default=1)
    a.add_argument("--width", type=float, default=1.5, help="line sigma in pixels")
    a.add_argument("--snr", type=float, default=40)
    a.add_argument("--rho", type=float, default=0.99, help="corr([Fe/H], [Ni/H]) of the training labels")
    a.add_argument("--abinitio-error", type=float, default=0.3, help="relative error per pixel of the gradients")
    a.add_argument("--ni-amplitude", type=float, default=1.0, help="factor on the Ni ab initio gradient")
    a.add_argument("--test-stars", type=int, default=10)
    a.add_argument("--test-snr", type=float, default=200)
    a.add_argument("--seed", type=int, default=1)
    a.add_argument("--out", required=True)
    o = a.parse_args()
    rng = np.random.default_rng(o.seed)
    lines = []
    for i in range(o.fe_lines + o.ni_lines):
        fe = i < o.fe_lines
        lines.append((2 if fe else 3, rng.uniform(5, o.pixels - 5),
                      rng.uniform(0.05, 0.4) if fe else rng.uniform(0.15, 0.2),
                      rng.uniform(-1.5, 1.5), rng.uniform(-0.3, 0.3)))
    n = o.stars
    sd = 0.25 * np.sqrt(1 / o.rho ** 2 - 1)
    fe = rng.normal(-0.05, 0.25, n)
    x = np.column_stack([rng.uniform(4300, 5300, n), rng.uniform(1.5, 3.5, n), fe, fe + rng.normal(0, sd, n)])
    flux = spectra(x, lines, o.pixels, o.width) + rng.normal(0, 1 / o.snr, (n, o.pixels))
    ivar = np.full_like(flux, o.snr ** 2)
    os.makedirs(o.out, exist_ok=True)
    names = ["Teff", "logg", "FeH", "NiH"]
    np.savetxt(os.path.join(o.out, "labels.csv"), x, delimiter=",", header=",".join(names), comments="",
               fmt="%.10g")
    np.savez(os.path.join(o.out, "spectra.npz"), flux=flux, ivar=ivar)
    grads = []
    for k in range(4):
        xp, xm = REF.copy(), REF.copy()
        xp[k] += STEPS[k] / 2
        xm[k] -= STEPS[k] / 2
        g = spectra(xp, lines, o.pixels, o.width)[0] - spectra(xm, lines, o.pixels, o.width)[0]
        g *= 1 + o.abinitio_error * rng.uniform(-1, 1, o.pixels)
        grads.append(g * (o.ni_amplitude if k == 3 else 1))
    np.savetxt(os.path.join(o.out, "gradients.csv"), np.column_stack([np.arange(o.pixels)] + grads),
               delimiter=",", header="pixel," + ",".join(names), comments="", fmt="%.17g")
    t = o.test_stars
    fe_t = rng.uniform(-0.1, 0.1, t)
    xt = np.column_stack([rng.uniform(4650, 4950, t), rng.uniform(2.25, 2.75, t), fe_t,
                          fe_t + rng.uniform(-0.2, 0.2, t)])
    np.savetxt(os.path.join(o.out, "test_labels.csv"), xt, delimiter=",", header=",".join(names), comments="",
               fmt="%.10g")
    ft = spectra(xt, lines, o.pixels, o.width) + rng.normal(0, 1 / o.test_snr, (t, o.pixels))
    for k in range(t):
        np.savetxt(os.path.join(o.out, "test_spectrum_%d.csv" % k),
                   np.column_stack([ft[k], np.full(o.pixels, 1 / o.test_snr)]), delimiter=",",
                   header="flux,error", comments="", fmt="%.10g")


if __name__ == "__main__":
    main()
