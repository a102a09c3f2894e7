/**
 * Runnable examples, packaged as {@code examples/target/saliency4j-examples.jar}: {@code evaluate} measures a
 * model's accuracy on the CIFAR-10 test set, {@code summary} prints a model as Keras' {@code model.summary()} does.
 */
@NullMarked
package org.saliency4j.examples;

import org.jspecify.annotations.NullMarked;
