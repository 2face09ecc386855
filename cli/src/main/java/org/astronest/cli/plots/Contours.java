package org.astronest.cli.plots;

import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Marching squares (Lorensen and Cline's marching cubes reduced to 2-D; W. E. Lorensen, H. E. Cline, SIGGRAPH 1987)
 * on a regular grid of values: each cell's four corners above/below the level select one of 16 cases; crossing points
 * on the cell edges are placed by linear interpolation; the two saddle cases are resolved with the mean of the four
 * corners. Segments are joined into polylines through their shared edge crossings.
 */
public final class Contours {

    private Contours() {
    }

    /** A contour polyline; {@code closed} when its end joins its start. */
    public record Line(double[] x, double[] y, boolean closed) {
        public int size() {
            return x.length;
        }
    }

    /** All lines of one level, and the region they enclose (even-odd rule). */
    public record Level(double value, List<Line> lines) {

        /** The enclosed region as a path (closed lines only; even-odd fill handles holes). */
        public Path2D.Double region() {
            Path2D.Double p = new Path2D.Double(Path2D.WIND_EVEN_ODD);
            for (Line l : lines) {
                if (!l.closed || l.size() < 3) {
                    continue;
                }
                p.moveTo(l.x[0], l.y[0]);
                for (int i = 1; i < l.size(); i++) {
                    p.lineTo(l.x[i], l.y[i]);
                }
                p.closePath();
            }
            return p;
        }
    }

    /**
     * Contours of {@code g} (row-major, {@code g[iy * nx + ix]} at ({@code xc[ix]}, {@code yc[iy]})) at {@code level}.
     */
    public static Level trace(double[] g, int nx, int ny, double[] xc, double[] yc, double level) {
        // edge ids: horizontal edge from (ix,iy) to (ix+1,iy) -> 2*(iy*nx+ix); vertical (ix,iy)-(ix,iy+1) -> +1
        Map<Integer, double[]> point = new HashMap<>();
        Map<Integer, int[]> links = new HashMap<>();
        for (int iy = 0; iy < ny - 1; iy++) {
            for (int ix = 0; ix < nx - 1; ix++) {
                double a = g[iy * nx + ix];
                double b = g[iy * nx + ix + 1];
                double c = g[(iy + 1) * nx + ix + 1];
                double d = g[(iy + 1) * nx + ix];
                int code = (a >= level ? 1 : 0) | (b >= level ? 2 : 0) | (c >= level ? 4 : 0) | (d >= level ? 8 : 0);
                if (code == 0 || code == 15) {
                    continue;
                }
                int bottom = 2 * (iy * nx + ix);
                int top = 2 * ((iy + 1) * nx + ix);
                int left = 2 * (iy * nx + ix) + 1;
                int right = 2 * (iy * nx + ix + 1) + 1;
                switch (code) {
                    case 1, 14 -> link(links, left, bottom);
                    case 2, 13 -> link(links, bottom, right);
                    case 3, 12 -> link(links, left, right);
                    case 4, 11 -> link(links, right, top);
                    case 6, 9 -> link(links, bottom, top);
                    case 7, 8 -> link(links, left, top);
                    case 5, 10 -> {
                        boolean centreAbove = (a + b + c + d) / 4 >= level;
                        // code 5: a and c above. Centre above joins them: cut off the corners b and d.
                        if ((code == 5) == centreAbove) {
                            link(links, bottom, right);
                            link(links, left, top);
                        } else {
                            link(links, left, bottom);
                            link(links, right, top);
                        }
                    }
                    default -> throw new IllegalStateException("case " + code);
                }
                for (int e : new int[] {bottom, top, left, right}) {
                    if (links.containsKey(e) && !point.containsKey(e)) {
                        point.put(e, crossing(e, g, nx, xc, yc, level));
                    }
                }
            }
        }
        List<Line> lines = new ArrayList<>();
        Map<Integer, Boolean> used = new HashMap<>();
        // open lines start at an edge with one link; then closed loops
        for (int pass = 0; pass < 2; pass++) {
            for (Map.Entry<Integer, int[]> en : links.entrySet()) {
                int start = en.getKey();
                if (used.containsKey(start)) {
                    continue;
                }
                int[] l = en.getValue();
                boolean endpoint = l[1] < 0;
                if (pass == 0 && !endpoint) {
                    continue;
                }
                List<double[]> pts = new ArrayList<>();
                int prev = -1;
                int cur = start;
                boolean closed = false;
                while (true) {
                    used.put(cur, Boolean.TRUE);
                    pts.add(point.get(cur));
                    int[] nb = links.get(cur);
                    int next = nb[0] != prev ? nb[0] : nb[1];
                    if (nb[0] == nb[1]) {
                        next = nb[0];
                    }
                    if (next < 0) {
                        break;
                    }
                    if (next == start) {
                        closed = true;
                        break;
                    }
                    if (used.containsKey(next)) {
                        break;
                    }
                    prev = cur;
                    cur = next;
                }
                double[] xs = new double[pts.size()];
                double[] ys = new double[pts.size()];
                for (int i = 0; i < xs.length; i++) {
                    xs[i] = pts.get(i)[0];
                    ys[i] = pts.get(i)[1];
                }
                lines.add(new Line(xs, ys, closed));
            }
        }
        return new Level(level, lines);
    }

    private static void link(Map<Integer, int[]> links, int e1, int e2) {
        add(links, e1, e2);
        add(links, e2, e1);
    }

    private static void add(Map<Integer, int[]> links, int e, int other) {
        int[] l = links.computeIfAbsent(e, k -> new int[] {-1, -1});
        if (l[0] < 0) {
            l[0] = other;
        } else {
            l[1] = other;
        }
    }

    private static double[] crossing(int e, double[] g, int nx, double[] xc, double[] yc, double level) {
        int cell = e >> 1;
        int ix = cell % nx;
        int iy = cell / nx;
        boolean vertical = (e & 1) == 1;
        int ix2 = vertical ? ix : ix + 1;
        int iy2 = vertical ? iy + 1 : iy;
        double v1 = g[iy * nx + ix];
        double v2 = g[iy2 * nx + ix2];
        double t = v2 == v1 ? 0.5 : (level - v1) / (v2 - v1);
        t = Math.max(0, Math.min(1, t));
        return new double[] {xc[ix] + t * (xc[ix2] - xc[ix]), yc[iy] + t * (yc[iy2] - yc[iy])};
    }
}
