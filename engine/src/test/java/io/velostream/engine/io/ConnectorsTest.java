package io.velostream.engine.io;

import io.velostream.engine.io.memory.MemoryReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectorsTest {
    final Endpoints endpoints = new Endpoints(Path.of("."));

    @Test
    void unknownTypeListsTheKnownTypes() {
        assertThatThrownBy(() -> Connectors.builtIn().openReader(endpoints.spec("orders", "kafka_source")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("endpoint 'orders': unknown type 'kafka_source'; known types: file_sink, file_source, stdout");
    }

    @Test
    void aSinkCannotBeReadAndASourceCannotBeWritten() {
        Connectors c = Connectors.builtIn();
        assertThatThrownBy(() -> c.openReader(endpoints.spec("out", "stdout")))
                .hasMessage("stdout 'out' is a sink and cannot be read from");
        assertThatThrownBy(() -> c.openWriter(endpoints.spec("in", "file_source", "path", "x.csv")))
                .hasMessage("file_source 'in' is a source and cannot be written to");
    }

    @Test
    void newTypesRegisterThroughTheFactorySpi() throws Exception {
        Connectors c = Connectors.builtIn().register(new ConnectorFactory() {
            @Override
            public String type() {
                return "memory";
            }

            @Override
            public DataReader openReader(EndpointSpec spec) {
                return new MemoryReader(List.of());
            }
        });
        assertThat(c.types()).containsExactly("file_sink", "file_source", "memory", "stdout");
        assertThat(c.openReader(endpoints.spec("m", "memory"))).isInstanceOf(MemoryReader.class);
    }

    @Test
    void flagOptionsMustBeBooleans() {
        assertThatThrownBy(() -> EndpointOptions.flag(endpoints.spec("o", "file_sink", "append", "yes"), "append", false))
                .hasMessage("file_sink 'o': option 'append' must be 'true' or 'false', not 'yes'");
        assertThat(EndpointOptions.flag(endpoints.spec("o", "file_sink", "append", "TRUE"), "append", false)).isTrue();
        assertThat(EndpointOptions.delimiter(endpoints.spec("o", "file_sink", "delimiter", "\\t"))).isEqualTo('\t');
    }
}
