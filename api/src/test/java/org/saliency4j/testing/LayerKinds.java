package org.saliency4j.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.saliency4j.UnsupportedLayerException;
import org.saliency4j.backend.Backend;
import org.saliency4j.backend.CompiledModel;
import org.saliency4j.backend.ForwardPass;
import org.saliency4j.model.Layer;
import org.saliency4j.model.LayerOp;
import org.saliency4j.model.Model;
import org.saliency4j.tensor.Tensor;

/**
 * What a layer kind needs before the importer may produce it: a contract case (a small model in
 * {@code BackendContractTest.layerCases()} that holds it), a CPU kernel and a reference forward rule. The check
 * walks {@link LayerOp}'s permitted subclasses, so a new record that lacks one of them fails by name.
 */
public final class LayerKinds {
    private LayerKinds() {
    }

    /** @return every kind of layer operation, the input included */
    public static List<Class<?>> all() {
        return Arrays.asList(LayerOp.class.getPermittedSubclasses());
    }

    /**
     * @param kinds the kinds to check
     * @param cases the contract's models
     * @param cpu   the backend that must run each kind
     * @return one line per missing piece, naming the kind; empty when nothing is missing
     */
    public static List<String> missingPieces(List<Class<?>> kinds, List<Model> cases, Backend cpu) {
        List<String> missing = new ArrayList<>();
        for (Class<?> kind : kinds) {
            if (kind == LayerOp.Input.class) {
                continue; // every case has one
            }
            Model model = cases.stream().filter(m -> holds(m, kind)).findFirst().orElse(null);
            if (model == null) {
                missing.add(kind.getSimpleName() + " has no contract case");
                continue;
            }
            Tensor x = new RandomTensors(1).uniform(model.inputShape().withBatch(1), -1, 1);
            try (CompiledModel compiled = cpu.compile(model); ForwardPass pass = compiled.forward(x)) {
                pass.output();
            } catch (UnsupportedLayerException e) {
                missing.add(kind.getSimpleName() + " has no CPU kernel: " + e.getMessage());
            }
            try {
                ReferenceForward.run(model, GradientCheck.toDoubles(x.toArray()), 1);
            } catch (UnsupportedLayerException e) {
                missing.add(kind.getSimpleName() + " has no reference forward: " + e.getMessage());
            }
        }
        return missing;
    }

    private static boolean holds(Model m, Class<?> kind) {
        for (Layer l : m.layers()) {
            if (kind.isInstance(l.op())) {
                return true;
            }
        }
        return false;
    }
}
