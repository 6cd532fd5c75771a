package io.kairos.api;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Domain code refuses with a kind of refusal; only ProblemMapper knows which HTTP status each kind is. */
class ProblemMapperTest {

    @Test
    void each_kind_of_refusal_becomes_its_status_in_the_mapper() {
        assertEquals(422, ProblemMapper.status(ApiException.invalid("/name", "is required")));
        assertEquals(422, ProblemMapper.status(ApiException.invalid(List.of(new FieldError("/a", "b")))));
        assertEquals(400, ProblemMapper.status(ApiException.malformed("/", "not an object")));
        assertEquals(400, ProblemMapper.status(ApiException.badRequest(List.of(new FieldError("/cpus", "must be a number")))));
        assertEquals(404, ProblemMapper.status(ApiException.notFound("no job named 'x'")));
        assertEquals(409, ProblemMapper.status(ApiException.conflict("job 'x' already exists")));
        assertEquals(412, ProblemMapper.status(ApiException.stale("job 'x' is at version 8, not 7")));
    }

    @Test
    void every_kind_has_a_status_and_a_title() {
        for (ApiException.Kind kind : ApiException.Kind.values()) {
            int status = ProblemMapper.status(kind);
            assertTrue(status >= 400 && status < 500, kind + " -> " + status);
            assertTrue(!ProblemMapper.title(kind).isBlank(), kind + " has a title");
        }
    }

    @Test
    void the_domain_exception_carries_no_http_status() {
        List<Field> ints = Arrays.stream(ApiException.class.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()) && f.getType() == int.class).toList();
        assertEquals(List.of(), ints);
        assertTrue(Arrays.stream(ApiException.class.getMethods()).noneMatch(m -> m.getName().equals("status")));
    }
}
