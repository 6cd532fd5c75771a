package io.kairos.dag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A layered drawing of a DAG, left to right, in the manner of Graphviz' {@code dot} (Sugiyama):
 * each job sits one layer right of its furthest parent, an edge spanning several layers passes
 * through a placeholder in each layer between, and a few sweeps of the barycenter heuristic order
 * each layer to cut crossings. Coordinates are SVG user units (pixels); the page draws boxes of
 * {@link #NODE_WIDTH} x {@link #NODE_HEIGHT} at the returned corners.
 */
public final class Layout {

    public static final int NODE_WIDTH = 180;
    public static final int NODE_HEIGHT = 44;
    private static final int GAP_X = 70;
    private static final int GAP_Y = 18;
    private static final int MARGIN = 12;
    private static final int SWEEPS = 8;

    private Layout() {
    }

    /** A box's top-left corner. */
    public record Box(String name, int x, int y) {
    }

    /** An edge as an SVG path ({@code d} attribute), from the parent's right side to the child's left. */
    public record Line(String from, String to, String path) {
    }

    public record Drawing(int width, int height, List<Box> boxes, List<Line> lines) {
    }

    /** One vertex of the layered graph: a job or a placeholder on a long edge. */
    private static final class Vertex {
        final String job;
        final int layer;
        final List<Vertex> up = new ArrayList<>();
        final List<Vertex> down = new ArrayList<>();
        double key;
        int slot;

        Vertex(String job, int layer) {
            this.job = job;
            this.layer = layer;
        }
    }

    /**
     * Unconnected parts of the graph are drawn one below the other, each laid out alone, so boxes of
     * different pipelines never interleave.
     *
     * @param jobs in topological order (parents first); @param edges between those jobs
     */
    public static Drawing of(List<String> jobs, List<JobGraph.Edge> edges) {
        Map<String, String> root = new HashMap<>();
        jobs.forEach(j -> root.put(j, j));
        for (JobGraph.Edge e : edges) {
            if (root.containsKey(e.from()) && root.containsKey(e.to())) {
                root.put(find(root, e.from()), find(root, e.to()));
            }
        }
        Map<String, List<String>> partJobs = new java.util.LinkedHashMap<>();
        jobs.forEach(j -> partJobs.computeIfAbsent(find(root, j), k -> new ArrayList<>()).add(j));
        Map<String, List<JobGraph.Edge>> partEdges = new HashMap<>();
        edges.stream().filter(e -> root.containsKey(e.from()) && root.containsKey(e.to()))
                .forEach(e -> partEdges.computeIfAbsent(find(root, e.from()), k -> new ArrayList<>()).add(e));
        List<Box> boxes = new ArrayList<>();
        List<Line> lines = new ArrayList<>();
        int width = 0;
        int top = 0;
        for (Map.Entry<String, List<String>> part : partJobs.entrySet()) {
            Drawing d = component(part.getValue(), partEdges.getOrDefault(part.getKey(), List.of()), top);
            boxes.addAll(d.boxes());
            lines.addAll(d.lines());
            width = Math.max(width, d.width());
            top += d.height();
        }
        return new Drawing(width, top, boxes, lines);
    }

    private static String find(Map<String, String> root, String j) {
        String r = root.get(j);
        return r.equals(j) ? j : find(root, r);
    }

    /** One connected part, its top edge at {@code top}; the drawing's height is the part's own. */
    private static Drawing component(List<String> jobs, List<JobGraph.Edge> edges, int top) {
        Map<String, List<String>> parents = new HashMap<>();
        edges.forEach(e -> parents.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from()));
        Map<String, Vertex> vertices = new HashMap<>();
        List<List<Vertex>> layers = new ArrayList<>();
        for (String job : jobs) {
            int layer = 0;
            for (String p : parents.getOrDefault(job, List.of())) {
                Vertex pv = vertices.get(p);
                if (pv != null) {
                    layer = Math.max(layer, pv.layer + 1);
                }
            }
            Vertex v = new Vertex(job, layer);
            vertices.put(job, v);
            layer(layers, layer).add(v);
        }
        // each edge as a chain of segments between adjacent layers
        List<List<Vertex>> chains = new ArrayList<>();
        for (JobGraph.Edge e : edges) {
            Vertex from = vertices.get(e.from());
            Vertex to = vertices.get(e.to());
            if (from == null || to == null || to.layer <= from.layer) {
                continue;
            }
            List<Vertex> chain = new ArrayList<>(List.of(from));
            for (int l = from.layer + 1; l < to.layer; l++) {
                Vertex dummy = new Vertex(null, l);
                layer(layers, l).add(dummy);
                chain.add(dummy);
            }
            chain.add(to);
            for (int i = 1; i < chain.size(); i++) {
                chain.get(i - 1).down.add(chain.get(i));
                chain.get(i).up.add(chain.get(i - 1));
            }
            chains.add(chain);
        }
        order(layers);
        int tallest = layers.stream().mapToInt(List::size).max().orElse(0);
        List<Box> boxes = new ArrayList<>();
        Map<Vertex, int[]> at = new HashMap<>();
        for (int l = 0; l < layers.size(); l++) {
            List<Vertex> layer = layers.get(l);
            // a short layer is centred against the tallest one
            int offset = (tallest - layer.size()) * (NODE_HEIGHT + GAP_Y) / 2;
            for (int i = 0; i < layer.size(); i++) {
                Vertex v = layer.get(i);
                int x = MARGIN + l * (NODE_WIDTH + GAP_X);
                int y = top + MARGIN + offset + i * (NODE_HEIGHT + GAP_Y);
                at.put(v, new int[] {x, y});
                if (v.job != null) {
                    boxes.add(new Box(v.job, x, y));
                }
            }
        }
        List<Line> lines = new ArrayList<>();
        for (List<Vertex> chain : chains) {
            lines.add(new Line(chain.get(0).job, chain.get(chain.size() - 1).job, path(chain, at)));
        }
        int width = 2 * MARGIN + Math.max(0, layers.size() * (NODE_WIDTH + GAP_X) - GAP_X);
        int height = 2 * MARGIN + Math.max(0, tallest * (NODE_HEIGHT + GAP_Y) - GAP_Y);
        return new Drawing(width, height, boxes, lines);
    }

    private static List<Vertex> layer(List<List<Vertex>> layers, int l) {
        while (layers.size() <= l) {
            layers.add(new ArrayList<>());
        }
        return layers.get(l);
    }

    /** Barycenter sweeps, down then up: each vertex moves toward the mean position of its neighbours in the layer before. */
    private static void order(List<List<Vertex>> layers) {
        layers.forEach(Layout::number);
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            boolean down = sweep % 2 == 0;
            for (int k = 1; k < layers.size(); k++) {
                List<Vertex> layer = layers.get(down ? k : layers.size() - 1 - k);
                for (Vertex v : layer) {
                    List<Vertex> n = down ? v.up : v.down;
                    v.key = n.isEmpty() ? v.slot : n.stream().mapToInt(u -> u.slot).average().orElse(v.slot);
                }
                layer.sort(Comparator.comparingDouble(v -> v.key));
                number(layer);
            }
        }
    }

    private static void number(List<Vertex> layer) {
        for (int i = 0; i < layer.size(); i++) {
            layer.get(i).slot = i;
        }
    }

    /** Curves between layers, straight through placeholders. */
    private static String path(List<Vertex> chain, Map<Vertex, int[]> at) {
        StringBuilder d = new StringBuilder();
        int[] first = at.get(chain.get(0));
        double x = first[0] + NODE_WIDTH;
        double y = first[1] + NODE_HEIGHT / 2.0;
        d.append(String.format(Locale.ROOT, "M%.1f %.1f", x, y));
        for (int i = 1; i < chain.size(); i++) {
            Vertex v = chain.get(i);
            int[] p = at.get(v);
            double nx = p[0];
            double ny = p[1] + NODE_HEIGHT / 2.0;
            double bend = (nx - x) / 2;
            d.append(String.format(Locale.ROOT, " C%.1f %.1f %.1f %.1f %.1f %.1f", x + bend, y, nx - bend, ny, nx, ny));
            if (v.job == null) {
                nx += NODE_WIDTH;
                d.append(String.format(Locale.ROOT, " L%.1f %.1f", nx, ny));
            }
            x = nx;
            y = ny;
        }
        return d.toString();
    }
}
