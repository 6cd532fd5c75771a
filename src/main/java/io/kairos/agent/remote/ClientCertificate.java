package io.kairos.agent.remote;

import io.vertx.core.http.HttpServerRequest;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * The agent id a request's client certificate names: the subject's CN. The TLS layer has verified the certificate
 * against the server's trust store already ({@code quarkus.http.ssl.client-auth=request}); a request without one, or
 * over plain HTTP, names none.
 */
final class ClientCertificate {

    private ClientCertificate() {
    }

    static Optional<String> agentId(HttpServerRequest request) {
        SSLSession session = request.sslSession();
        if (session == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? commonName(x) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    static Optional<String> commonName(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    String cn = rdn.getValue().toString().strip();
                    return cn.isEmpty() ? Optional.empty() : Optional.of(cn);
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
