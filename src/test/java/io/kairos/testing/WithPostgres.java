package io.kairos.testing;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers {@link PostgresResource} for every Quarkus test in the module. */
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
public final class WithPostgres {
    private WithPostgres() {
    }
}
