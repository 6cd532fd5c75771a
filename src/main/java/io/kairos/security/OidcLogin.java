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
import java.util.Collection;
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
    private final String defaultRole;
    private volatile OidcTenantConfig tenant;

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
        this.defaultRole = defaultRole;
    }

    public boolean configured() {
        return issuer.isPresent();
    }

    /** A wrong default role stops Kairos at start, not at the first login. */
    void onStart(@Observes StartupEvent start) {
        if (!configured()) {
            return;
        }
        try {
            Role.parse(defaultRole);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("kairos.auth.oidc.default-role (KAIROS_OIDC_DEFAULT_ROLE) " + e.getMessage()
                    + "; it is '" + defaultRole + "'");
        }
        LOG.infof("Console login through OpenID Connect: issuer %s, client %s; role from claim '%s' (else %s), teams from '%s'",
                issuer.get(), clientId, roleClaim, defaultRole, teamsClaim);
    }

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext rc, OidcRequestContext<OidcTenantConfig> context) {
        if (!configured() || !PATH.equals(rc.normalizedPath())) {
            return Uni.createFrom().nullItem(); // the default tenant, which is disabled: no OIDC here
        }
        return Uni.createFrom().item(tenant());
    }

    private OidcTenantConfig tenant() {
        OidcTenantConfig t = tenant;
        if (t == null) {
            var b = OidcTenantConfig.authServerUrl(issuer.get()).tenantId(TENANT).applicationType(ApplicationType.WEB_APP)
                    .clientId(clientId);
            clientSecret.ifPresent(b::credentials);
            t = b.authentication().scopes("profile", "email").cookiePath(PATH).end().build();
            tenant = t;
        }
        return t;
    }

    /**
     * Who the ID token says the user is, to Kairos: {@code oidc:} and the user's name (so that no token's name can be
     * mistaken for it in the audit log), the highest role the role claim names (a string or a list; none known: the
     * default role), and the teams of the teams claim (a Keycloak group path {@code /data} is the team {@code data}).
     */
    public Caller caller(JsonWebToken idToken) {
        String user = firstNonBlank(idToken.getClaim("preferred_username"), idToken.getClaim("email"), idToken.getSubject());
        Role role = null;
        for (String r : strings(idToken.getClaim(roleClaim))) {
            for (Role known : Role.values()) {
                if (known.wire().equals(r) && (role == null || known.compareTo(role) > 0)) {
                    role = known;
                }
            }
        }
        Set<String> teams = new LinkedHashSet<>();
        for (String g : strings(idToken.getClaim(teamsClaim))) {
            String team = g.startsWith("/") ? g.substring(g.lastIndexOf('/') + 1) : g;
            if (!team.isBlank()) {
                teams.add(team);
            }
        }
        return new Caller("oidc:" + user, role == null ? Role.parse(defaultRole) : role, teams);
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
