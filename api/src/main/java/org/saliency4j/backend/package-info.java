/**
 * The backend plug-in interface: providers found through {@link java.util.ServiceLoader}, chosen by
 * {@link org.saliency4j.backend.Backends}, which compile a {@link org.saliency4j.model.Model} into something that
 * runs forward passes and input gradients.
 *
 * <p>A backend module registers its {@link org.saliency4j.backend.BackendProvider} in
 * {@code META-INF/services/org.saliency4j.backend.BackendProvider}.
 */
@NullMarked
package org.saliency4j.backend;

import org.jspecify.annotations.NullMarked;
