package io.kairos.agent;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code kairos.spark.*}: how this agent runs {@code spark-submit} for Spark jobs. */
@ConfigMapping(prefix = "kairos.spark")
public interface SparkSubmitConfig {

    /**
     * {@code KAIROS_SPARK_SUBMIT}: the command, as words separated by white space (no shell, no quoting), that a Spark
     * job without an image runs with spark-submit's arguments after it: {@code /opt/spark/bin/spark-submit}, or
     * {@code java -cp ... org.apache.spark.deploy.SparkSubmit}. A bare name is looked up on the task's PATH.
     */
    @WithDefault("spark-submit")
    String submit();

    /** {@code KAIROS_SPARK_SUBMIT_IN_CONTAINER}: the same for a Spark job with an image, run inside the container. */
    @WithDefault("spark-submit")
    String submitInContainer();
}
