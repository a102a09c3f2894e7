/**
 * Test support shipped in the api test-jar: the objectives and finite-difference check that every backend's
 * contract tests use, seeded random models, and access to the shared models and data sets.
 */
@NullMarked
package org.saliency4j.testing;

import org.jspecify.annotations.NullMarked;
