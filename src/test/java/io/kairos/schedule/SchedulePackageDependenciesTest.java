package io.kairos.schedule;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

class SchedulePackageDependenciesTest {

    @Test
    void the_schedule_package_depends_only_on_the_jdk_and_cron_utils() {
        classes().that().resideInAPackage("io.kairos.schedule")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.cronutils..", "io.kairos.schedule")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.kairos.schedule"));
    }
}
