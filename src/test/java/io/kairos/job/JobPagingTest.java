package io.kairos.job;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

/** A page number so large that page * size overflows an int is bad input (422 naming page), not a 500. */
@QuarkusTest
class JobPagingTest {

    @BeforeEach
    void aJob() {
        given().contentType(ContentType.JSON).body("{\"name\":\"paging-far\",\"command\":\"true\"}").post("/api/v1/jobs");
    }

    @ParameterizedTest(name = "page={0}")
    @ValueSource(strings = {"2147483647", "42949673", "99999999999", "lots"})
    void a_page_past_what_an_offset_can_hold_is_a_422_naming_page_for_jobs_and_runs(String page) {
        given().get("/api/v1/jobs?size=50&page=" + page).then()
                .statusCode(422).contentType("application/problem+json").body("errors.field", hasItem("page"));
        given().get("/api/v1/jobs/paging-far/runs?size=50&page=" + page).then()
                .statusCode(422).contentType("application/problem+json").body("errors.field", hasItem("page"));
    }

    @ParameterizedTest(name = "size={0}")
    @ValueSource(strings = {"0", "501", "99999999999", "many"})
    void a_size_out_of_range_is_a_422_naming_size(String size) {
        given().get("/api/v1/jobs?size=" + size).then().statusCode(422).body("errors.field", hasItem("size"));
        given().get("/api/v1/jobs/paging-far/runs?size=" + size).then().statusCode(422).body("errors.field", hasItem("size"));
    }

    @org.junit.jupiter.api.Test
    void a_livy_listing_from_near_the_int_limit_is_an_empty_page() {
        given().get("/batches?from=2147483647").then().statusCode(200).body("sessions", org.hamcrest.Matchers.hasSize(0));
        given().get("/batches?from=2147483600&size=1000").then().statusCode(200).body("sessions", org.hamcrest.Matchers.hasSize(0));
    }

    @ParameterizedTest(name = "page={0}")
    @ValueSource(strings = {"2147483647", "99999999999"})
    void the_console_shows_an_empty_page_for_a_page_past_the_end(String page) {
        given().get("/jobs/paging-far?page=" + page).then().statusCode(200).contentType(containsString("text/html"));
        given().get("/jobs?page=" + page).then().statusCode(200).contentType(containsString("text/html"));
    }
}
