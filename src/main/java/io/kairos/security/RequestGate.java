package io.kairos.security;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * What any web page in the user's browser could otherwise do to a Kairos, with authentication on or off, checked
 * before anything else reads the request (the REST layer, the agent WebSocket, static files):
 * <ul>
 * <li>a request that changes something, and any WebSocket handshake, whose {@code Origin} is not this Kairos itself
 * is refused: a browser names the page that sent it, and no page of another origin has business posting here or
 * opening an agent connection (API clients, agents and scripts send no foreign Origin);</li>
 * <li>on a loopback-only bind, a request whose {@code Host} is not a loopback name is refused: that is a page of
 * another site whose DNS name was pointed at 127.0.0.1 (DNS rebinding), reading and posting as if it were this
 * origin.</li>
 * </ul>
 */
@ApplicationScoped
public class RequestGate {

    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    void register(@Observes Filters filters, AuthMode mode) {
        filters.register(rc -> {
            String host = authority(rc);
            if (mode.loopbackOnly() && !loopbackHost(host)) {
                refuse(rc, 421, "Misdirected Request", "this Kairos listens on loopback only and answers only requests for"
                        + " localhost, 127.0.0.1 or [::1], not for '" + host + "' (a DNS name pointed at this machine by"
                        + " another site is how DNS rebinding attacks start)");
                return;
            }
            String origin = rc.request().getHeader(HttpHeaders.ORIGIN);
            boolean checked = !HttpProblem.safe(rc.request().method().name()) || isWebSocket(rc);
            if (checked && origin != null && !sameOrigin(origin, host)) {
                refuse(rc, 403, "Forbidden", "a page of " + origin + " may not send this request to Kairos at " + host
                        + ": cross-origin requests that change something are refused");
                return;
            }
            rc.next();
        }, 200);
    }

    /**
     * What the request was sent to, as a Host header would say it: HTTP/1.1's Host, or HTTP/2's :authority (Java's
     * HTTP client upgrades to h2c, and then sends no Host header).
     */
    private static String authority(RoutingContext rc) {
        HostAndPort a = rc.request().authority();
        if (a == null) {
            return null;
        }
        String host = a.host().contains(":") && !a.host().startsWith("[") ? "[" + a.host() + "]" : a.host();
        return a.port() >= 0 ? host + ":" + a.port() : host;
    }

    static boolean loopbackHost(String host) {
        if (host == null) {
            return false;
        }
        return LOOPBACK_NAMES.contains(hostName(host).toLowerCase(Locale.ROOT));
    }

    /** The name part of a Host header: without its port, brackets of an IPv6 literal kept. */
    private static String hostName(String host) {
        String h = host.strip();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.lastIndexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    /** An Origin is this Kairos when its host and port are the ones the request was sent to. */
    static boolean sameOrigin(String origin, String host) {
        if (host == null || origin.equals("null")) {
            return false;
        }
        try {
            URI o = URI.create(origin.strip());
            if (o.getHost() == null) {
                return false;
            }
            int port = o.getPort() >= 0 ? o.getPort() : "https".equalsIgnoreCase(o.getScheme()) ? 443 : 80;
            String authority = o.getHost().toLowerCase(Locale.ROOT) + ":" + port;
            String h = host.strip().toLowerCase(Locale.ROOT);
            return authority.equals(h) || authority.equals(h + ":" + port);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isWebSocket(RoutingContext rc) {
        return "websocket".equalsIgnoreCase(rc.request().getHeader(HttpHeaders.UPGRADE));
    }

    private static void refuse(RoutingContext rc, int status, String title, String detail) {
        HttpProblem.send(rc.response(), status, title, detail, null);
    }
}
