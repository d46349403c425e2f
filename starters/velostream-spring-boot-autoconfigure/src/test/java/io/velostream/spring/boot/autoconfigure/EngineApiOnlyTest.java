package io.velostream.spring.boot.autoconfigure;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The starter uses the engine's API only (docs/architecture.md), never its internal packages. */
class EngineApiOnlyTest {
    @Test
    void theStarterUsesNoEngineInternals() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.velostream.engine.internal..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.velostream.spring"));
    }
}
