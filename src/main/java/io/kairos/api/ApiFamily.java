package io.kairos.api;

/** Which of Kairos' faces a path belongs to: it decides how an unauthenticated caller is answered. */
public enum ApiFamily {
    KAIROS, CHRONOS, LIVY, MARATHON, CONSOLE;

    public static ApiFamily of(String path) {
        if (path.startsWith("/api/")) {
            return KAIROS;
        }
        if (path.startsWith("/v1/scheduler") || path.startsWith("/scheduler")) {
            return CHRONOS;
        }
        if (path.equals("/batches") || path.startsWith("/batches/")) {
            return LIVY;
        }
        if (path.startsWith("/v2/")) {
            return MARATHON;
        }
        return CONSOLE;
    }

    /** Chronos', Livy's and Marathon's clients authenticate with HTTP basic auth. */
    public boolean basicAuth() {
        return this == CHRONOS || this == LIVY || this == MARATHON;
    }

    public String challenge() {
        return basicAuth() ? "Basic realm=\"kairos\"" : this == KAIROS ? "Bearer realm=\"kairos\"" : null;
    }
}
