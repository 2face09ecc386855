/**
 * Native RADEX: non-LTE escape-probability line radiative transfer (van der Tak, Black, Schöier, Jansen &amp; van
 * Dishoeck 2007, A&amp;A 468, 627), classic version 30nov2011, with a tolerant LAMDA reader (Schöier et al. 2005,
 * A&amp;A 432, 369).
 *
 * <p>Attribution: RADEX is by F. van der Tak and co-authors, Apache License 2.0 (https://github.com/fvdtak/radex).
 * This package is an independent implementation written from the published algorithm and its description in
 * {@code ../shared/radex/ALGORITHM.md}; it reuses RADEX's constants and numerical conventions so that results agree
 * with RADEX to print precision. When publishing results, cite van der Tak et al. (2007), LAMDA (Schöier et al.
 * 2005) and the collision-rate references given in each molecular data file. See {@code docs/radex.md}.
 *
 * <p>Entry points: {@link org.astronest.forwardmodels.radex.Radex}, {@link
 * org.astronest.forwardmodels.radex.RadexSolver}, {@link org.astronest.forwardmodels.radex.RadexLineModel}.
 */
package org.astronest.forwardmodels.radex;
