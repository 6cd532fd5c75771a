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
}
