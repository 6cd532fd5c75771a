package io.kairos;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.kairos.run.AttemptEntity;
import io.kairos.run.AttemptState;
import io.kairos.run.RunEntity;
import io.kairos.run.RunFacts;
import io.kairos.run.RunState;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The allocator, the placement rules, the schedule maths and the DAG logic stay pure Java (sub-packages included), so
 * they can be tested and benchmarked alone; and no two packages depend on each other, directly or round about.
 */
class ArchitectureTest {

    private final JavaClasses kairos = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kairos");

    @Test
    void the_allocator_imports_only_java_and_itself() {
        classes().that().resideInAPackage("io.kairos.allocator..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.kairos.allocator..")
                .check(kairos);
    }

    @Test
    void the_schedule_maths_imports_only_java_cron_utils_and_itself() {
        // schedule.firing is the Quartz binding, the one part of schedule that does I/O
        classes().that().resideInAPackage("io.kairos.schedule..").and().resideOutsideOfPackage("io.kairos.schedule.firing..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.kairos.schedule", "com.cronutils..")
                .check(kairos);
    }

    @Test
    void the_dependency_graph_logic_imports_only_java_and_itself() {
        // dag.service is the persistence side of the DAG
        classes().that().resideInAPackage("io.kairos.dag..").and().resideOutsideOfPackage("io.kairos.dag.service..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.kairos.dag")
                .check(kairos);
    }

    @Test
    void the_spark_rules_import_only_java_the_resource_record_and_themselves() {
        // SparkJson, the JSON reader, is the one class that sees Jackson and the API's field errors
        classes().that().resideInAPackage("io.kairos.spark..").and().doNotHaveSimpleName("SparkJson")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.kairos.spark", "io.kairos.allocator")
                .check(kairos);
    }

    @Test
    void no_two_packages_depend_on_each_other_sub_packages_included() {
        slices().matching("io.kairos.(**)").should().beFreeOfCycles().check(kairos);
    }

    @Test
    void the_batch_framework_placement_does_no_io() {
        classes().that().haveSimpleName("BatchFramework")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.kairos.allocator", "io.kairos.framework",
                        "io.kairos.framework.placement")
                .check(kairos);
    }

    @Test
    void only_the_lifecycle_runner_changes_a_runs_or_an_attempts_state_and_only_the_factory_makes_runs() {
        noClasses().that().doNotHaveSimpleName("RunTransitions")
                .should().callMethod(RunEntity.class, "absorb", RunFacts.class, Instant.class)
                .orShould().callMethod(AttemptEntity.class, "moveTo", AttemptState.class, Instant.class)
                .orShould().callMethod(AttemptEntity.class, "staged", long.class, int.class, String.class, Instant.class)
                .check(kairos);
        noClasses().that().doNotHaveSimpleName("NewRuns")
                .should().callConstructor(RunEntity.class, RunState.class)
                .check(kairos);
    }

    @Test
    void the_task_vocabulary_imports_only_java_and_itself() {
        classes().that().resideInAPackage("io.kairos.task..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.kairos.task")
                .check(kairos);
    }

    @Test
    void the_placement_rules_import_only_java_the_allocator_and_themselves() {
        classes().that().resideInAPackage("io.kairos.framework.placement..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.kairos.allocator", "io.kairos.framework.placement")
                .check(kairos);
    }
}
