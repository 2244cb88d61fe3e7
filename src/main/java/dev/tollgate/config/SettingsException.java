package dev.tollgate.config;

/** A configuration variable is missing or invalid; the message names it. Stops the Lambda init. */
public final class SettingsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String variable;

    public SettingsException(String variable, String problem) {
        super(variable + " " + problem);
        this.variable = variable;
    }

    /** The environment variable at fault. */
    public String variable() {
        return variable;
    }
}
