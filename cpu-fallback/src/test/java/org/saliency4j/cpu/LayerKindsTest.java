package org.saliency4j.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.saliency4j.UnsupportedLayerException;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.BackendContractTest;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.testing.LayerKinds;

/**
 * Every kind of layer operation has a contract case, a CPU kernel and a reference forward rule
 * ({@link LayerKinds}); and the check names what is missing, shown on a case list with a kind taken out and on a
 * backend that lacks a kernel.
 */
class LayerKindsTest {
    private static Backend cpu;
    private static List<Model> cases;

    @BeforeAll
    static void setUp() {
        cpu = new CpuBackendProvider().create();
        cases = BackendContractTest.layerCases().map(a -> (Model) a.get()[1]).toList();
    }

    @AfterAll
    static void tearDown() {
        cpu.close();
    }

    @Test
    void everyKindHasAContractCaseACpuKernelAndAReferenceRule() {
        assertThat(LayerKinds.all()).hasSizeGreaterThan(15);
        assertThat(LayerKinds.missingPieces(LayerKinds.all(), cases, cpu)).isEmpty();
    }

    @Test
    void aKindWithoutAContractCaseIsNamed() {
        List<Model> without = cases.stream()
                .filter(m -> m.layers().stream().noneMatch(l -> l.op() instanceof LayerOp.PRelu)).toList();
        assertThat(LayerKinds.missingPieces(LayerKinds.all(), without, cpu))
                .containsExactly("PRelu has no contract case");
    }

    @Test
    void aKindWithoutACpuKernelIsNamed() {
        Backend lacking = new Backend() {
            @Override
            public String name() {
                return "lacking";
            }

            @Override
            public CompiledModel compile(Model model) {
                if (model.layers().stream().anyMatch(l -> l.op() instanceof LayerOp.Permute)) {
                    throw new UnsupportedLayerException("no kernel for Permute");
                }
                return cpu.compile(model);
            }

            @Override
            public void close() {
                // the shared backend is closed once
            }
        };
        assertThat(LayerKinds.missingPieces(List.of(LayerOp.Permute.class, LayerOp.Dense.class), cases, lacking))
                .containsExactly("Permute has no CPU kernel: no kernel for Permute");
    }
}
