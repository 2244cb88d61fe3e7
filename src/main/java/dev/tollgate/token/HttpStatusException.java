package dev.tollgate.token;

import java.io.IOException;
import java.net.URI;

/** A GET answered with a status other than 200; discovery tells 404 ("no such document") from the rest. */
public final class HttpStatusException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    /**
     * @param uri    what was asked for
     * @param status the HTTP status it answered
     */
    public HttpStatusException(URI uri, int status) {
        super("GET " + uri + " answered HTTP " + status);
        this.status = status;
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }
}
