package io.kairos.security;

import io.vertx.ext.web.RoutingContext;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * The console's CSRF token: an HMAC of a secret only the browser's cookies hold, so a page on another origin, which
 * cannot read those cookies nor the console's pages, cannot write it into a form. Logged in, the secret is the
 * session's (a cookie another site might plant cannot stand in for it); with authentication off there is no session,
 * and the secret is a random {@link #COOKIE} the console hands out on the first page. Every form carries the token as
 * {@link #FIELD}, and htmx sends it as {@link #HEADER}.
 */
public final class Csrf {

    public static final String COOKIE = "kairos_csrf";
    public static final String FIELD = "csrf";
    public static final String HEADER = "X-Kairos-CSRF";
    /** Where {@link AuthFilter} leaves the secret this request's token is made from. */
    static final String KEY = "kairos.csrf-key";

    private Csrf() {
    }

    /** The token the page answering this request puts into its forms. */
    public static String forRequest(RoutingContext rc) {
        String key = rc.get(KEY);
        return key == null ? "" : token(key);
    }

    public static String token(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal("kairos console csrf".getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** True when {@code sent} is the token of {@code secret}; compared in constant time. */
    public static boolean matches(String secret, String sent) {
        if (secret == null || sent == null) {
            return false;
        }
        return TokenSecret.same(sent, token(secret));
    }
}
