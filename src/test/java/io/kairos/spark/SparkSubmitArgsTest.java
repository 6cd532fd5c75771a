package io.kairos.spark;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SparkSubmitArgsTest {

    private static SparkSpec spec(Map<String, String> conf, String master) {
        return new SparkSpec("/opt/app.jar", "org.example.Main", List.of("ignored"), conf, "2g", "4g", 2, 3, master);
    }

    @Test
    void every_option_comes_before_the_application_and_its_arguments_follow_it_one_each() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.sql.shuffle.partitions", "8");
        conf.put("spark.ui.enabled", "false");
        assertEquals(List.of("--master", "yarn", "--name", "etl", "--class", "org.example.Main",
                        "--conf", "spark.sql.shuffle.partitions=8", "--conf", "spark.ui.enabled=false",
                        "--driver-memory", "2g", "--executor-memory", "4g", "--executor-cores", "2", "--num-executors", "3",
                        "/opt/app.jar", "a b; rm -rf /", "--not-an-option"),
                SparkSubmitArgs.of(spec(conf, "yarn"), "etl", List.of("a b; rm -rf /", "--not-an-option")));
    }

    @Test
    void options_left_out_are_left_to_spark() {
        SparkSpec s = new SparkSpec("job.py", null, null, null, null, null, null, null, null);
        assertEquals(List.of("--name", "etl", "job.py"), SparkSubmitArgs.of(s, "etl", List.of()));
    }

    @Test
    void an_app_name_in_conf_wins_over_the_job_name() {
        SparkSpec s = new SparkSpec("job.py", null, null, Map.of("spark.app.name", "nightly"), null, null, null, null, null);
        assertEquals(List.of("--conf", "spark.app.name=nightly", "job.py"), SparkSubmitArgs.of(s, "etl", List.of()));
    }
}
