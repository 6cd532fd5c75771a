package io.kairos.bench;

import io.agroal.api.AgroalDataSource;
import org.quartz.utils.ConnectionProvider;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Quartz's DataSource in the benchmark ({@code org.quartz.dataSource.qz.connectionProvider.class}):
 * an Agroal pool, since Quartz's own pooling providers need c3p0 or HikariCP, which are not on the
 * classpath. Quartz sets the properties {@code url}, {@code user}, {@code password} and {@code maxConnections}.
 */
public class QuartzConnections implements ConnectionProvider {

    private String url;
    private String user;
    private String password = "";
    private int maxConnections = 10;
    private AgroalDataSource pool;

    public void setUrl(String url) {
        this.url = url;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    @Override
    public void initialize() {
        pool = Pools.open(url, user, password, maxConnections);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void shutdown() {
        pool.close();
    }
}
