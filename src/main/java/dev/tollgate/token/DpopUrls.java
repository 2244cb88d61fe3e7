package dev.tollgate.token;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The URL a DPoP proof's {@code htu} must name (RFC 9449 sections 4.2 and 4.3): the URL the client
 * called, without query and fragment, compared after RFC 3986 syntax- and scheme-based
 * normalisation (scheme and host in lower case, the default port dropped, an empty path as
 * {@code /}, percent-encoding hex digits in upper case). Nothing else is normalised: a path that
 * differs in any other way is another resource.
 */
final class DpopUrls {
    private DpopUrls() {}

    /**
     * The URL the client called.
     *
     * @param publicBaseUrl the configured public base URL ({@code TOLLGATE_DPOP_PUBLIC_BASE_URL}, no
     *                      trailing slash), or null for {@code https://} + the {@code Host} header
     * @param host          the {@code Host} header; may be null
     * @param path          the path called, starting with {@code /}; may be null
     * @return the URL, or null when the event does not say (no path, or no usable host)
     */
    static String expected(String publicBaseUrl, String host, String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        if (publicBaseUrl != null) {
            return publicBaseUrl + path;
        }
        // A host header is a host and an optional port; anything else would let it rewrite the URL.
        if (host == null || !host.matches("[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]{2,45}](:[0-9]{1,5})?")) {
            return null;
        }
        return "https://" + host + path;
    }

    /** Whether {@code htu} names the same resource as {@code expected}, query and fragment ignored. */
    static boolean sameTarget(String htu, String expected) {
        String a = canonical(htu);
        return a != null && a.equals(canonical(expected));
    }

    /** The normalised {@code scheme://host[:port]/path}, or null when {@code url} is no absolute http(s) URL. */
    static String canonical(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"https".equals(scheme) && !"http".equals(scheme) || uri.getRawAuthority() == null
                || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return null;
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : upperCaseEscapes(uri.getRawPath());
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + path;
    }

    private static String upperCaseEscapes(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            out.append(c);
            if (c == '%' && i + 2 < path.length()) {
                out.append(Character.toUpperCase(path.charAt(i + 1))).append(Character.toUpperCase(path.charAt(i + 2)));
                i += 2;
            }
        }
        return out.toString();
    }
}
