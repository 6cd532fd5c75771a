package io.kairos.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Addresses of the console's pages, built in one place so every page links the same way. */
final class Links {

    private Links() {
    }

    static String job(String name) {
        return "/jobs/" + encode(name);
    }

    static String run(long id) {
        return "/runs/" + id;
    }

    static String dag(String job) {
        return "/dag?job=" + encode(job);
    }

    /** A path segment or query value: job names are plain, agent ids may carry anything a hostname can. */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
