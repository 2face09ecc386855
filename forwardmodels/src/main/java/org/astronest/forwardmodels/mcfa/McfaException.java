package org.astronest.forwardmodels.mcfa;

/**
 * An EM or evaluation failure that must be reported, never swallowed: a covariance that is not positive definite, a
 * specific variance that collapsed to zero, a non-finite log-likelihood. The message names the iteration, the
 * component or dimension and the value.
 */
public final class McfaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public McfaException(String message) {
        super(message);
    }
}
