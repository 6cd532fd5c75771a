package io.kairos.security;

import io.kairos.api.ApiException;
import io.kairos.api.FieldError;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Job secrets at rest: sealed in {@code job_secret}, opened only to build a task's launch. The key is resolved at the
 * first use (the agent role, which has no database, never needs one).
 */
@ApplicationScoped
public class SecretStore {

    private static final Logger LOG = Logger.getLogger(SecretStore.class);

    /** Looked up when used: an agent has no database, and this bean is made at every start to check the key. */
    private final Instance<EntityManager> em;
    private final Clock clock;
    private final Optional<String> configuredKey;
    private final Path dataDir;
    /** False on an agent: it has no database, so no stored secrets to check. */
    private final boolean hasDatabase;
    private volatile SecretCipher cipher;

    SecretStore(Instance<EntityManager> em, Clock clock, @ConfigProperty(name = "kairos.secret-key") Optional<String> configuredKey,
                @ConfigProperty(name = "kairos.data-dir") String dataDir, @ConfigProperty(name = "quarkus.datasource.active", defaultValue = "true") boolean hasDatabase) {
        this.em = em;
        this.clock = clock;
        this.configuredKey = configuredKey;
        this.dataDir = Path.of(dataDir);
        this.hasDatabase = hasDatabase;
    }

    /**
     * A scheduler whose key does not open the stored secrets refuses to start: running on would fail every run of
     * those jobs, and re-saving them would mix keys. Schedulers sharing one database need the same KAIROS_SECRET_KEY.
     */
    @Transactional
    void check(@Observes StartupEvent e) {
        if (!hasDatabase) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.get().createNativeQuery("select job_id, name, sealed from job_secret order by job_id, name limit 1")
                .getResultList();
        for (Object[] r : rows) {
            try {
                cipher().open((byte[]) r[2], context(((Number) r[0]).longValue(), (String) r[1]));
            } catch (WrongSecretKeyException ex) {
                throw new IllegalStateException("the stored job secrets cannot be decrypted with this secret key: every scheduler on"
                        + " one database needs the same kairos.secret-key (KAIROS_SECRET_KEY); set the key they were stored with");
            }
        }
    }

    /**
     * Applies {@code edit} to job {@code jobId}'s secrets and answers the names it has afterwards.
     *
     * @param env the job's environment: a secret may not share a name with one of its variables
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> save(long jobId, JobSecrets edit, Set<String> env) {
        Set<String> stored = names(jobId);
        Set<String> after = edit.after(stored);
        List<FieldError> errors = new ArrayList<>();
        if (edit.kind() == JobSecrets.Kind.NAMES) {
            edit.names().stream().filter(n -> !stored.contains(n))
                    .forEach(n -> errors.add(new FieldError("/secrets/" + n, "has no stored value: give it as {\"" + n + "\": \"value\"}")));
        }
        after.stream().filter(env::contains)
                .forEach(n -> errors.add(new FieldError("/secrets/" + n, "is also in env: a name is a secret or a variable, not both")));
        if (after.size() > 64) {
            errors.add(new FieldError("/secrets", "has " + after.size() + " names; at most 64 are allowed"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        for (String gone : stored) {
            if (!after.contains(gone)) {
                em.get().createNativeQuery("delete from job_secret where job_id = ?1 and name = ?2").setParameter(1, jobId)
                        .setParameter(2, gone).executeUpdate();
            }
        }
        edit.values().forEach((name, value) -> em.get().createNativeQuery("insert into job_secret (job_id, name, sealed, updated_at)"
                        + " values (?1, ?2, ?3, ?4) on conflict (job_id, name) do update set sealed = excluded.sealed,"
                        + " updated_at = excluded.updated_at")
                .setParameter(1, jobId).setParameter(2, name).setParameter(3, cipher().seal(value, context(jobId, name)))
                .setParameter(4, java.sql.Timestamp.from(clock.instant())).executeUpdate());
        return after;
    }

    /** The plain values, for a task's launch only. */
    @Transactional
    public Map<String, String> open(long jobId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.get().createNativeQuery("select name, sealed from job_secret where job_id = ?1 order by name")
                .setParameter(1, jobId).getResultList();
        Map<String, String> out = new LinkedHashMap<>();
        for (Object[] r : rows) {
            out.put((String) r[0], cipher().open((byte[]) r[1], context(jobId, (String) r[0])).reveal());
        }
        return out;
    }

    private Set<String> names(long jobId) {
        @SuppressWarnings("unchecked")
        List<String> rows = em.get().createNativeQuery("select name from job_secret where job_id = ?1").setParameter(1, jobId)
                .getResultList();
        return new TreeSet<>(rows);
    }

    private static String context(long jobId, String name) {
        return jobId + "/" + name;
    }

    private SecretCipher cipher() {
        SecretCipher c = cipher;
        if (c == null) {
            synchronized (this) {
                if (cipher == null) {
                    cipher = new SecretCipher(SecretKeys.resolve(configuredKey, dataDir));
                    LOG.debug("secret key ready");
                }
                c = cipher;
            }
        }
        return c;
    }
}
