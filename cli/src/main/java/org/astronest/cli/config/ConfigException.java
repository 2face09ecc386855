package org.astronest.cli.config;

/** A config error: the message names the file, the key path and the value. */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
