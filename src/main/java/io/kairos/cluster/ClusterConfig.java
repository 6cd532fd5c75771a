package io.kairos.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** {@code kairos.cluster.*}: leader election among several schedulers sharing one database. */
@ConfigMapping(prefix = "kairos.cluster")
public interface ClusterConfig {

    /**
     * {@code KAIROS_ZOOKEEPER_CONNECT}, e.g. {@code zk-1:2181,zk-2:2181,zk-3:2181}. Absent: this scheduler is the only
     * one and always leads.
     */
    Optional<String> zookeeperConnect();

    /** The ZooKeeper path under which schedulers of one Kairos cluster elect their leader and keep the epoch. */
    @WithDefault("/kairos")
    String zookeeperPath();

    /** {@code KAIROS_ADVERTISED_URL}: how agents and the other schedulers reach this one; default http://hostname:port. */
    Optional<String> advertisedUrl();

    @WithDefault("15s")
    Duration sessionTimeout();

    @WithDefault("5s")
    Duration connectionTimeout();
}
