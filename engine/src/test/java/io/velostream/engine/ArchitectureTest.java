package io.velostream.engine;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The layers and package rules of docs/architecture.md, checked on the compiled engine. */
class ArchitectureTest {
    private static final String E = "io.velostream.engine.";
    private static JavaClasses engine;

    @BeforeAll
    static void importEngine() {
        engine = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.velostream.engine");
    }

    @Test
    void layersPointDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("app").definedBy(E + "app..")
                .layer("job").definedBy(E + "job..", E + "internal.table..")
                .layer("sql").definedBy(E + "sql..", E + "internal.sql..")
                .layer("exec").definedBy(E + "internal.exec..")
                .layer("function").definedBy(E + "function..", E + "internal.function..")
                .layer("io").definedBy(E + "io..", E + "internal.io..")
                .layer("record").definedBy(E + "record..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .whereLayer("job").mayOnlyBeAccessedByLayers("app")
                .whereLayer("sql").mayOnlyBeAccessedByLayers("app")
                .whereLayer("exec").mayOnlyBeAccessedByLayers("sql", "job", "app")
                .whereLayer("function").mayOnlyBeAccessedByLayers("exec", "sql", "job", "app")
                .whereLayer("io").mayOnlyBeAccessedByLayers("job", "app")
                .check(engine);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.velostream.engine.(**)").should().beFreeOfCycles().check(engine);
    }

    @Test
    void onlyTheKafkaConnectorAndTheTopKnowKafka() {
        noClasses().that().resideInAnyPackage(E + "job..", E + "internal.exec..", E + "internal.sql..", E + "sql..",
                        E + "function..", E + "internal.function..", E + "record..", E + "internal.table..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", E + "io.kafka..",
                        E + "internal.io.kafka..")
                .check(engine);
    }

    @Test
    void theIoSpiNamesNoConnector() {
        noClasses().that().resideInAPackage(E + "io").should().dependOnClassesThat()
                .resideInAPackage(E + "internal.io..").check(engine);
    }
}
