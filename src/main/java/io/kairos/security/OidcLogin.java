package io.kairos.security;

import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The console's login through an OpenID Connect provider, where one is configured ({@code kairos.auth.oidc.issuer}):
 * Quarkus' OIDC extension runs the authorization code flow for {@link #PATH} and nothing else, so every other request
 * is authenticated by {@link AuthFilter} as before, and a bearer token is never read as an OIDC token. Once the
 * provider has vouched for a user, the console opens its own session ({@link ConsoleSessions#openFor}) with the role
 * and teams the user's ID token names, and the extension's session is dropped.
 */
@ApplicationScoped
public class OidcLogin implements TenantConfigResolver {

    /** Where the login starts and where the provider sends the browser back. */
    public static final String PATH = "/login/oidc";
    /** The extension's own tenant for the console: its cookies are {@code q_session_console} and such. */
    static final String TENANT = "console";

    private static final Logger LOG = Logger.getLogger(OidcLogin.class);

    private final Optional<String> issuer;
    private final String clientId;
    private final Optional<String> clientSecret;
    private final String roleClaim;
    private final String teamsClaim;
    private final Role defaultRole;
    /** The extension's tenant for {@link #PATH}; null when no issuer is set. */
    private final OidcTenantConfig tenant;

    @Inject
    OidcLogin(@ConfigProperty(name = "kairos.auth.oidc.issuer") Optional<String> issuer,
              @ConfigProperty(name = "kairos.auth.oidc.client-id", defaultValue = "kairos") String clientId,
              @ConfigProperty(name = "kairos.auth.oidc.client-secret") Optional<String> clientSecret,
              @ConfigProperty(name = "kairos.auth.oidc.role-claim", defaultValue = "kairos_role") String roleClaim,
              @ConfigProperty(name = "kairos.auth.oidc.teams-claim", defaultValue = "groups") String teamsClaim,
              @ConfigProperty(name = "kairos.auth.oidc.default-role", defaultValue = "viewer") String defaultRole) {
        this.issuer = issuer.map(String::strip).filter(s -> !s.isEmpty());
        this.clientId = clientId;
        this.clientSecret = clientSecret.filter(s -> !s.isBlank());
        this.roleClaim = roleClaim;
        this.teamsClaim = teamsClaim;
        this.defaultRole = this.issuer.isEmpty() ? Role.VIEWER : defaultRole(defaultRole);
        this.tenant = this.issuer.map(this::tenant).orElse(null);
    }

    /** A wrong default role stops Kairos at start (see {@link #onStart}), not at the first login. */
    private static Role defaultRole(String text) {
        try {
            return Role.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("kairos.auth.oidc.default-role (KAIROS_OIDC_DEFAULT_ROLE) " + e.getMessage()
                    + "; it is '" + text + "'");
        }
    }

    public boolean configured() {
        return issuer.isPresent();
    }

    /** Made at start, so that its settings are checked before Kairos serves anything. */
    void onStart(@Observes StartupEvent start) {
        if (!configured()) {
            return;
        }
        LOG.infof("Console login through OpenID Connect: issuer %s, client %s; role from claim '%s' (else %s), teams from '%s'",
                issuer.get(), clientId, roleClaim, defaultRole.wire(), teamsClaim);
    }

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext rc, OidcRequestContext<OidcTenantConfig> context) {
        if (!configured() || !PATH.equals(rc.normalizedPath())) {
            return Uni.createFrom().nullItem(); // the default tenant, which is disabled: no OIDC here
        }
        return Uni.createFrom().item(tenant);
    }

    private OidcTenantConfig tenant(String issuer) {
        var b = OidcTenantConfig.authServerUrl(issuer).tenantId(TENANT).applicationType(ApplicationType.WEB_APP).clientId(clientId);
        clientSecret.ifPresent(b::credentials);
        return b.authentication().scopes("profile", "email").cookiePath(PATH).end().build();
    }

    /**
     * Who the ID token says the user is, to Kairos: {@code oidc:} and the user's name (so that no token's name can be
     * mistaken for it in the audit log), the highest role the role claim names (a string or a list; none known: the
     * default role), and the teams of the teams claim (a Keycloak group path {@code /data} is the team {@code data}).
     */
    public Caller caller(JsonWebToken idToken) {
        String user = firstNonBlank(idToken.getClaim("preferred_username"), idToken.getClaim("email"), idToken.getSubject());
        Set<String> named = Set.copyOf(strings(idToken.getClaim(roleClaim)));
        Role role = Arrays.stream(Role.values()).filter(r -> named.contains(r.wire())).max(Comparator.naturalOrder()).orElse(defaultRole);
        Set<String> teams = new LinkedHashSet<>();
        for (String g : strings(idToken.getClaim(teamsClaim))) {
            String team = g.startsWith("/") ? g.substring(g.lastIndexOf('/') + 1) : g;
            if (!team.isBlank()) {
                teams.add(team);
            }
        }
        return new Caller("oidc:" + user, role, teams);
    }

    private static String firstNonBlank(Object... values) {
        for (Object v : values) {
            List<String> s = strings(v);
            if (!s.isEmpty() && !s.get(0).isBlank()) {
                return s.get(0);
            }
        }
        throw new IllegalStateException("the ID token names no user (no preferred_username, email or sub)");
    }

    /** A claim's text values: a string, or each string of a list (a JSON array is a list of JSON strings). */
    static List<String> strings(Object claim) {
        List<String> out = new ArrayList<>();
        if (claim instanceof JsonString js) {
            out.add(js.getString());
        } else if (claim instanceof String s) {
            out.add(s);
        } else if (claim instanceof Collection<?> values) {
            for (Object v : values) {
                out.addAll(strings(v));
            }
        }
        return out;
    }
}
