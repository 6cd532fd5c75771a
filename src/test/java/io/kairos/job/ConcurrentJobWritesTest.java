package io.kairos.job;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writes to one job racing each other over real HTTP (127.0.0.1 only, bounded in count and time):
 * each race has one clean winner and losers that are told why (404, 409), never a 500.
 */
@QuarkusTest
class ConcurrentJobWritesTest {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Runs of these jobs stay queued: no agent matches, so nothing launches while the job is changed and deleted. */
    private static final String NOWHERE = ",\"constraints\":[[\"hostname\",\"EQUALS\",\"nowhere\"]]";

    private static ExecutorService pool;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        pool = Executors.newFixedThreadPool(50);
        http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).executor(Executors.newFixedThreadPool(4)).build();
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + RestAssured.port + path);
    }

    private static int send(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).header("Content-Type", "application/json");
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String job(String name) {
        return "{\"name\":\"" + name + "\",\"command\":\"true\"" + NOWHERE + "}";
    }

    /** Starts every call at once (as nearly as threads allow) and answers their status codes, in call order. */
    private static List<Integer> race(List<Callable<Integer>> calls) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> futures = new ArrayList<>();
        for (Callable<Integer> c : calls) {
            futures.add(pool.submit(() -> {
                go.await();
                return c.call();
            }));
        }
        go.countDown();
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> f : futures) {
            codes.add(f.get(60, TimeUnit.SECONDS));
        }
        return codes;
    }

    private static Map<Integer, Long> histogram(List<Integer> codes) {
        return codes.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @Test
    void fifty_concurrent_creates_of_one_name_give_one_201_and_49_409() throws Exception {
        List<Callable<Integer>> calls = Collections.nCopies(50, () -> send("POST", "/api/v1/jobs", job("race-create")));
        Map<Integer, Long> codes = histogram(race(calls));
        assertEquals(Map.of(201, 1L, 409, 49L), codes);
        assertEquals(200, send("GET", "/api/v1/jobs/race-create", null));
    }

    @Test
    void concurrent_chronos_posts_of_one_new_name_all_succeed_as_chronos_post_creates_or_replaces() throws Exception {
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String chronos = "{\"schedule\":\"R/2030-01-01T00:00:00Z/PT1H\",\"name\":\"race-chronos\",\"command\":\"echo " + i + "\"}";
            calls.add(() -> send("POST", "/v1/scheduler/iso8601", chronos));
        }
        assertEquals(Map.of(204, 20L), histogram(race(calls)));
        assertEquals(200, send("GET", "/v1/scheduler/job/race-chronos", null));
    }

    @Test
    void two_concurrent_deletes_give_one_204_and_one_404() throws Exception {
        for (int round = 0; round < 10; round++) {
            String name = "race-delete-" + round;
            assertEquals(201, send("POST", "/api/v1/jobs", job(name)));
            List<Integer> codes = race(List.of(() -> send("DELETE", "/api/v1/jobs/" + name, null),
                    () -> send("DELETE", "/api/v1/jobs/" + name, null)));
            assertEquals(Map.of(204, 1L, 404, 1L), histogram(codes), "round " + round);
            assertEquals(404, send("GET", "/api/v1/jobs/" + name, null));
        }
    }

    @Test
    void a_delete_racing_an_update_has_one_clean_winner_and_the_job_is_gone() throws Exception {
        for (int round = 0; round < 10; round++) {
            String name = "race-delupd-" + round;
            assertEquals(201, send("POST", "/api/v1/jobs", job(name)));
            String changed = "{\"name\":\"" + name + "\",\"command\":\"echo changed\"" + NOWHERE + "}";
            List<Integer> codes = race(List.of(() -> send("DELETE", "/api/v1/jobs/" + name, null),
                    () -> send("PUT", "/api/v1/jobs/" + name, changed)));
            assertEquals(204, codes.get(0), "round " + round + ": the delete, " + codes);
            assertTrue(codes.get(1) == 200 || codes.get(1) == 404 || codes.get(1) == 409, "round " + round + ": the update, " + codes);
            assertEquals(404, send("GET", "/api/v1/jobs/" + name, null));
        }
    }

    @Test
    void a_mix_of_updates_run_nows_and_deletes_answers_no_500_and_a_204_delete_deleted_the_job() throws Exception {
        for (int round = 0; round < 3; round++) {
            String name = "race-mix-" + round;
            assertEquals(201, send("POST", "/api/v1/jobs", job(name)));
            List<Callable<Integer>> calls = new ArrayList<>();
            List<Integer> deleteAt = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String changed = "{\"name\":\"" + name + "\",\"command\":\"echo " + i + "\"" + NOWHERE + "}";
                calls.add(() -> send("PUT", "/api/v1/jobs/" + name, changed));
                calls.add(() -> send("POST", "/api/v1/jobs/" + name + "/runs", null));
                if (i % 4 == 0) {
                    deleteAt.add(calls.size());
                    calls.add(() -> send("DELETE", "/api/v1/jobs/" + name, null));
                }
            }
            List<Integer> codes = race(calls);
            assertTrue(codes.stream().allMatch(c -> c < 500), "round " + round + ": " + histogram(codes));
            List<Integer> deletes = deleteAt.stream().map(codes::get).toList();
            assertEquals(Map.of(204, 1L, 404, 2L), histogram(deletes), "round " + round + ": " + histogram(codes));
            assertEquals(404, send("GET", "/api/v1/jobs/" + name, null));
        }
    }
}
