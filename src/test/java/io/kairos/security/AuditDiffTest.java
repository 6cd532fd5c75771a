package io.kairos.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class AuditDiffTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static void assertDiff(String expected, JsonNode actual) {
        assertEquals(json(expected), actual);
    }

    @Test
    void only_the_changed_fields_are_kept_with_from_and_to() {
        assertDiff("{'command': {'from': 'true', 'to': 'id'}}", AuditDiff.of(
                json("{'name': 'a', 'command': 'true', 'enabled': true}"),
                json("{'name': 'a', 'command': 'id', 'enabled': true}"), AuditDiff.Secrets.NONE));
    }

    @Test
    void nested_objects_are_compared_field_by_field_under_their_name() {
        assertDiff("{'schedule': {'cron': {'from': '0 2 * * *', 'to': '0 3 * * *'}}}", AuditDiff.of(
                json("{'schedule': {'cron': '0 2 * * *', 'timezone': 'UTC'}}"),
                json("{'schedule': {'cron': '0 3 * * *', 'timezone': 'UTC'}}"), AuditDiff.Secrets.NONE));
    }

    @Test
    void an_object_that_appears_or_goes_is_one_change_whole() {
        assertDiff("{'container': {'from': null, 'to': {'image': 'busybox'}}}", AuditDiff.of(
                json("{'container': null}"), json("{'container': {'image': 'busybox'}}"), AuditDiff.Secrets.NONE));
        assertDiff("{'container': {'from': {'image': 'busybox'}, 'to': null}}", AuditDiff.of(
                json("{'container': {'image': 'busybox'}}"), json("{}"), AuditDiff.Secrets.NONE));
    }

    @Test
    void arrays_are_compared_whole() {
        assertDiff("{'args': {'from': ['a', 'b'], 'to': ['a', 'c']}}", AuditDiff.of(
                json("{'args': ['a', 'b']}"), json("{'args': ['a', 'c']}"), AuditDiff.Secrets.NONE));
    }

    @Test
    void absent_and_null_are_the_same() {
        assertNull(AuditDiff.of(json("{'description': null}"), json("{}"), AuditDiff.Secrets.NONE));
    }

    @Test
    void nothing_changed_is_no_diff() {
        JsonNode def = json("{'name': 'a', 'schedule': {'cron': '@daily'}, 'env': {'A': '1'}}");
        assertNull(AuditDiff.of(def, def.deepCopy(), AuditDiff.Secrets.NONE));
    }

    @Test
    void a_created_definition_shows_every_field_from_null() {
        assertDiff("{'name': {'from': null, 'to': 'a'}, 'env': {'from': null, 'to': {'A': '1'}}}",
                AuditDiff.of(null, json("{'name': 'a', 'env': {'A': '1'}}"), AuditDiff.Secrets.NONE));
    }

    @Test
    void a_deleted_definition_shows_every_field_to_null() {
        assertDiff("{'name': {'from': 'a', 'to': null}}", AuditDiff.of(json("{'name': 'a'}"), null, AuditDiff.Secrets.NONE));
    }

    @Test
    void secrets_appear_as_added_changed_or_removed_and_an_untouched_one_not_at_all() {
        assertDiff("{'secrets': {'NEW': 'added', 'PW': 'changed', 'OLD': 'removed'}}", AuditDiff.of(
                json("{'secrets': ['KEPT', 'OLD', 'PW']}"), json("{'secrets': ['KEPT', 'NEW', 'PW']}"),
                new AuditDiff.Secrets(Set.of("KEPT", "OLD", "PW"), Set.of("KEPT", "NEW", "PW"), Set.of("NEW", "PW"))));
    }

    @Test
    void the_secrets_field_is_never_compared_as_json_so_no_value_in_it_can_leak() {
        // whatever a definition's secrets field holds (a value sent by mistake, a ciphertext), only the names count
        JsonNode diff = AuditDiff.of(json("{'secrets': {'PW': 'hunter2'}}"), json("{'secrets': {'PW': 's3cret'}}"),
                new AuditDiff.Secrets(Set.of("PW"), Set.of("PW"), Set.of("PW")));
        assertDiff("{'secrets': {'PW': 'changed'}}", diff);
        assertFalse(diff.toString().contains("hunter2") || diff.toString().contains("s3cret"), diff.toString());
    }

    @Test
    void the_secrets_of_a_new_job_are_added_and_of_a_deleted_one_removed() {
        assertDiff("{'name': {'from': null, 'to': 'a'}, 'secrets': {'PW': 'added'}}", AuditDiff.of(null,
                json("{'name': 'a', 'secrets': ['PW']}"), new AuditDiff.Secrets(Set.of(), Set.of("PW"), Set.of("PW"))));
        assertDiff("{'name': {'from': 'a', 'to': null}, 'secrets': {'PW': 'removed'}}", AuditDiff.of(
                json("{'name': 'a', 'secrets': ['PW']}"), null, new AuditDiff.Secrets(Set.of("PW"), Set.of(), Set.of())));
    }
}
