package io.kairos.testing;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers {@link SparkSubmitResource} for every Quarkus test, so they share one application as before. */
@QuarkusTestResource(value = SparkSubmitResource.class, restrictToAnnotatedClass = false)
public final class WithSparkSubmit {
    private WithSparkSubmit() {
    }
}
