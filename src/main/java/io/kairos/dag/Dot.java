package io.kairos.dag;

import java.util.List;

/** Renders the job graph as Graphviz DOT text. */
public final class Dot {

    private Dot() {
    }

    /** A job as the graph shows it. {@code schedule} is a one-line summary or null for none. */
    public record Node(String name, String lastState, String schedule, boolean enabled, boolean softError) {
    }

    public static String render(List<Node> nodes, List<JobGraph.Edge> edges) {
        StringBuilder out = new StringBuilder("digraph kairos {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n");
        for (Node n : nodes) {
            StringBuilder label = new StringBuilder(n.name());
            if (n.schedule() != null) {
                label.append('\n').append(n.schedule());
            }
            label.append('\n').append(n.lastState() == null ? "never ran" : n.lastState());
            out.append("  ").append(quote(n.name())).append(" [label=").append(quote(label.toString()));
            String color = color(n.lastState());
            if (color != null) {
                out.append(", color=").append(color);
            }
            if (!n.enabled()) {
                out.append(", style=\"rounded,dashed\"");
            }
            if (n.softError()) {
                out.append(", peripheries=2");
            }
            out.append("];\n");
        }
        for (JobGraph.Edge e : edges) {
            out.append("  ").append(quote(e.from())).append(" -> ").append(quote(e.to())).append(";\n");
        }
        return out.append("}\n").toString();
    }

    private static String color(String state) {
        if (state == null) {
            return null;
        }
        return switch (state) {
            case "SUCCEEDED" -> "green";
            case "FAILED", "TIMED_OUT" -> "red";
            case "RUNNING", "STAGING" -> "blue";
            default -> null;
        };
    }

    /** A DOT quoted string: job names are plain, but a label carries a schedule with any characters. */
    static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
