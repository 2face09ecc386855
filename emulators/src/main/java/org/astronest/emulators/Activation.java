package org.astronest.emulators;

/** Element-wise activation applied after a dense layer. */
public enum Activation {
    /** y = x (the output layer of emulchem's nets). */
    IDENTITY,
    /** y = max(0, x) (between the hidden layers of emulchem's nets, {@code torch.nn.functional.relu}). */
    RELU
}
