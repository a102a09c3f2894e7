/**
 * Checks that tell whether an attribution map can be trusted: model randomisation and the similarity of maps (the
 * sanity checks of Adebayo et al. 2018), and faithfulness metrics (deletion and insertion, MuFidelity, average drop
 * and increase, infidelity, max-sensitivity), each batched and exact, with its definition in its class.
 */
@NullMarked
package org.saliency4j.trust;

import org.jspecify.annotations.NullMarked;
