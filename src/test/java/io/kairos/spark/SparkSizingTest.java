package io.kairos.spark;

import io.kairos.allocator.Resources;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SparkSizingTest {

    private static Resources size(String master, String driverMemory, Map<String, String> conf) {
        return SparkSizing.resources(new SparkSpec("/opt/app.jar", null, null, conf, driverMemory, "8g", 4, 10, master), 100);
    }

    @Test
    void local_n_reserves_n_cores_and_the_driver_memory_plus_the_384_mib_minimum_overhead() {
        assertEquals(new Resources(4, 512 + 384, 100), size("local[4]", "512m", Map.of()));
        assertEquals(new Resources(2, 1024 + 384, 100), size("local[2,3]", "1g", Map.of()));
    }

    @Test
    void the_overhead_is_ten_percent_of_a_large_driver() {
        assertEquals(8192 + 820, size("local[1]", "8g", Map.of()).memMb());
    }

    @Test
    void local_and_local_star_reserve_one_core_and_no_master_is_sparks_default_local_star() {
        assertEquals(1.0, size("local", null, Map.of()).cpus());
        assertEquals(1.0, size("local[*]", null, Map.of()).cpus());
        assertEquals(new Resources(1, 1024 + 384, 100), size(null, null, Map.of()));
    }

    @Test
    void a_cluster_master_reserves_the_driver_only_since_executors_run_on_the_cluster() {
        // executors 10 x 8g x 4 cores are the cluster's, not the agent's
        assertEquals(new Resources(1, 2048 + 384, 100), size("yarn", "2g", Map.of()));
        assertEquals(3.0, size("k8s://https://k8s:6443", "2g", Map.of("spark.driver.cores", "3")).cpus());
    }

    @Test
    void conf_sizes_the_driver_when_the_fields_are_left_out() {
        assertEquals(new Resources(2, 3072 + 384, 100),
                size(null, null, Map.of("spark.master", "local[2]", "spark.driver.memory", "3g")));
    }

    @Test
    void memory_sizes_read_as_spark_reads_them() {
        assertEquals(512, SparkMemory.mebibytes("512m").getAsLong());
        assertEquals(2048, SparkMemory.mebibytes("2G").getAsLong());
        assertEquals(1024, SparkMemory.mebibytes("1gb").getAsLong());
        assertEquals(700, SparkMemory.mebibytes("700").getAsLong());
        assertEquals(1, SparkMemory.mebibytes("100k").getAsLong());
        assertEquals(1024 * 1024, SparkMemory.mebibytes("1t").getAsLong());
        for (String bad : new String[]{"", "lots", "1.5g", "-1g", "0m", "1x", "17t"}) {
            assertEquals(true, SparkMemory.mebibytes(bad).isEmpty(), bad);
        }
    }

    @Test
    void masters_kairos_accepts() {
        for (String ok : new String[]{"local", "local[*]", "local[8]", "local[4,2]", "local[*,3]", "spark://h:7077",
                "spark://a:7077,b:7077", "yarn", "k8s://https://k8s:6443", "mesos://m:5050"}) {
            assertEquals(true, SparkMaster.valid(ok), ok);
        }
        for (String bad : new String[]{"local[0]", "local[]", "locale", "spark://h", "yarn-client", "", "k8s://"}) {
            assertEquals(false, SparkMaster.valid(bad), bad);
        }
    }
}
