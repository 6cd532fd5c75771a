package io.kairos.bench;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;

import java.sql.SQLException;
import java.time.Duration;

/** Small Agroal pools (the pool the app itself runs on), one per database and side. */
final class Pools {

    private Pools() {
    }

    /**
     * @param maxSize connections, 1..
     */
    static AgroalDataSource open(String jdbcUrl, String user, String password, int maxSize) {
        AgroalDataSourceConfigurationSupplier config = new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool
                        .minSize(0)
                        .maxSize(maxSize)
                        .acquisitionTimeout(Duration.ofSeconds(30))
                        .connectionFactoryConfiguration(factory -> factory
                                .jdbcUrl(jdbcUrl)
                                .principal(new NamePrincipal(user))
                                .credential(new SimplePassword(password))
                                .autoCommit(true)
                                // as in application.properties: a JDBC batch becomes one multi-row INSERT
                                .jdbcProperty("reWriteBatchedInserts", "true")));
        try {
            return AgroalDataSource.from(config);
        } catch (SQLException e) {
            throw new IllegalStateException("no pool for " + jdbcUrl, e);
        }
    }

    static String url(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }
}
