package io.kairos.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether this Kairos asks who is calling ({@code KAIROS_AUTH} = {@code on} | {@code off}). Unset, it is {@code on},
 * except when the HTTP listener binds only the loopback interface (the laptop start): only processes of this machine
 * reach it then, and it says loudly that it runs open. {@code off} on any other bind is refused unless forced
 * ({@code KAIROS_AUTH_FORCE_OPEN=true}): a scheduler on a network must not run open by a forgotten setting.
 */
public record AuthMode(boolean on, boolean loopbackOnly) {

    /** Decides from the settings; throws when they ask for an open Kairos on a network without forcing it. */
    public static AuthMode of(Optional<String> auth, String httpHost, boolean forceOpen) {
        boolean loopback = loopbackOnly(httpHost);
        if (auth.isEmpty() || auth.get().isBlank()) {
            return new AuthMode(!loopback, loopback);
        }
        String value = auth.get().trim().toLowerCase(Locale.ROOT);
        if (value.equals("on")) {
            return new AuthMode(true, loopback);
        }
        if (!value.equals("off")) {
            throw new IllegalArgumentException("KAIROS_AUTH must be on or off, not '" + auth.get() + "'");
        }
        if (!loopback && !forceOpen) {
            throw new IllegalArgumentException("KAIROS_AUTH=off but the HTTP listener binds " + httpHost
                    + ", not only loopback: anyone on the network could run jobs. Bind 127.0.0.1 (KAIROS_HTTP_HOST),"
                    + " or set KAIROS_AUTH_FORCE_OPEN=true if that is really meant");
        }
        return new AuthMode(false, loopback);
    }

    /** True when every address the host name stands for is a loopback address ({@code 0.0.0.0} is not). */
    static boolean loopbackOnly(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            InetAddress[] all = InetAddress.getAllByName(host.trim());
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The line said at start and shown on every page when this Kairos runs open. */
    public String warning() {
        return on ? "" : "Authentication is OFF (KAIROS_AUTH=off): every local user and process may do anything here."
                + " Bound to loopback only; set KAIROS_AUTH=on before exposing it.";
    }
}
