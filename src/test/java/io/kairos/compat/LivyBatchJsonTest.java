package io.kairos.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kairos.api.ApiException;
import io.kairos.api.FieldError;
import io.kairos.api.ProblemMapper;
import io.kairos.job.JobDefinition;
import io.kairos.job.JobJson;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LivyBatchJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode body(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void livy_fields_spark_submit_knows_as_properties_become_conf_entries() throws Exception {
        LivyBatchJson.Translated t = LivyBatchJson.toKairos(body("""
                {"file": "hdfs:///apps/etl.jar", "className": "org.example.Etl", "args": [100, "x"],
                 "jars": ["a.jar", "b.jar"], "pyFiles": [], "files": ["f.conf"], "queue": "batch", "driverCores": 2,
                 "name": "etl", "proxyUser": "bob", "conf": {"spark.executor.instances": 3}}"""), "livy-etl-1", "yarn");
        JobDefinition job = JobJson.parse(t.kairos(), null);
        assertEquals("livy-etl-1", job.name());
        assertEquals("bob", job.owner());
        assertEquals("org.example.Etl", job.spark().mainClass());
        assertEquals(List.of("100", "x"), job.spark().args());
        assertEquals("yarn", job.spark().master());
        assertEquals(Map.of("spark.executor.instances", "3", "spark.jars", "a.jar,b.jar", "spark.files", "f.conf",
                "spark.yarn.queue", "batch", "spark.driver.cores", "2", "spark.app.name", "etl"), job.spark().conf());
        assertEquals(2.0, job.resources().cpus()); // a cluster master: the driver's cores
        assertEquals(1, t.warnings().size());
    }

    @Test
    void kairos_refusals_name_the_livy_fields_they_came_from() throws Exception {
        JsonNode in = body("""
                {"className": "not a class", "driverMemory": "lots", "driverCores": 0, "args": ["a"], "proxyUser": "p"}""");
        LivyBatchJson.Translated t = LivyBatchJson.toKairos(in, "livy-x", null);
        ApiException e = assertThrows(ApiException.class, () -> JobJson.parse(t.kairos(), null));
        List<String> fields = LivyBatchJson.translate(e, t).errors().stream().map(FieldError::field).toList();
        assertEquals(List.of("/className", "/driverCores", "/driverMemory", "/file"), fields.stream().sorted().toList());
        assertEquals(400, ProblemMapper.status(LivyBatchJson.translate(e, t)));
    }

    @Test
    void a_list_field_and_its_conf_property_together_are_refused() throws Exception {
        ApiException e = assertThrows(ApiException.class, () -> LivyBatchJson.toKairos(body("""
                {"file": "a.jar", "jars": ["x.jar"], "conf": {"spark.jars": "y.jar"}, "kind": "spark"}"""), "livy-x", null));
        assertEquals(List.of("/kind", "/jars"), e.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void whole_numbers_given_as_strings_are_taken_as_livy_takes_them() throws Exception {
        // Airflow's templated fields arrive as strings: {"numExecutors": "{{ params.n }}"} renders to "4"
        LivyBatchJson.Translated t = LivyBatchJson.toKairos(body("""
                {"file": "a.jar", "numExecutors": "4", "executorCores": " 2 ", "driverCores": "3"}"""), "livy-x", null);
        JobDefinition job = JobJson.parse(t.kairos(), null);
        assertEquals(4, job.spark().numExecutors());
        assertEquals(2, job.spark().executorCores());
        assertEquals("3", job.spark().conf().get("spark.driver.cores"));
    }

    @Test
    void a_string_that_is_no_whole_number_is_refused_naming_the_livy_field() throws Exception {
        LivyBatchJson.Translated t = LivyBatchJson.toKairos(body("""
                {"file": "a.jar", "numExecutors": "four", "executorCores": "2.5", "driverCores": "two"}"""), "livy-x", null);
        ApiException e = assertThrows(ApiException.class, () -> JobJson.parse(t.kairos(), null));
        assertEquals(List.of("/driverCores", "/executorCores", "/numExecutors"),
                LivyBatchJson.translate(e, t).errors().stream().map(FieldError::field).sorted().toList());
    }

    @Test
    void conf_keys_outside_spark_are_dropped_with_spark_submits_warning() throws Exception {
        LivyBatchJson.Translated t = LivyBatchJson.toKairos(body("""
                {"file": "a.jar", "conf": {"spark.executor.memory": "1g", "livy.rsc.x": "1", "foo": 2}}"""), "livy-x", null);
        assertEquals(Map.of("spark.executor.memory", "1g"), JobJson.parse(t.kairos(), null).spark().conf());
        assertEquals(2, t.warnings().size());
        assertTrue(t.warnings().stream().anyMatch(w -> w.startsWith("conf livy.rsc.x is not a Spark property: ignored")));
    }

    @Test
    void do_as_is_the_proxy_user_over_the_bodys_as_in_livy() throws Exception {
        LivyBatchJson.Translated t = LivyBatchJson.toKairos(body("""
                {"file": "a.jar", "proxyUser": "bob"}"""), "alice", "livy-x", null);
        assertEquals("alice", t.proxyUser());
        assertEquals("alice", JobJson.parse(t.kairos(), null).owner());
        assertEquals("doAs", LivyBatchJson.livyPointer("/owner", t));
        assertTrue(t.warnings().stream().anyMatch(w -> w.contains("proxyUser bob is not used")));
        ApiException blank = assertThrows(ApiException.class, () -> LivyBatchJson.toKairos(body("{\"file\": \"a.jar\"}"), " ", "livy-x", null));
        assertEquals(List.of("doAs"), blank.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void a_refusal_to_run_as_the_proxy_user_names_the_field_that_gave_it() throws Exception {
        LivyBatchJson.Translated t = LivyBatchJson.toKairos(body("{\"file\": \"a.jar\"}"), "team-b", "livy-x", null);
        ApiException forbidden = ApiException.forbidden("dev may change only jobs owned by its teams [team-a]",
                List.of(new FieldError("/owner", "must be one of your teams [team-a]")));
        ApiException livy = LivyBatchJson.translate(forbidden, t);
        assertEquals(403, ProblemMapper.status(livy));
        assertEquals(List.of("doAs"), livy.errors().stream().map(FieldError::field).toList());
    }
}
