package org.saliency4j;

/**
 * A setting outside what it can be: a learning rate that is not a positive finite number, fewer than one epoch, a
 * momentum of 1. Raised when the setting is made, so nothing runs with it.
 */
public class InvalidSettingException extends SaliencyException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which setting, the value given and what it must be
     */
    public InvalidSettingException(String message) {
        super(message);
    }
}
