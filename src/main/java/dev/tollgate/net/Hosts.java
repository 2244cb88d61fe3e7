package dev.tollgate.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Host-name checks shared by the configuration and both HTTP clients. */
public final class Hosts {
    private Hosts() {}

    /**
     * True for {@code localhost} and loopback literals ({@code 127.0.0.0/8}, {@code ::1}, bracketed or
     * not); never resolves other names, so no DNS query happens at init.
     *
     * @param host a URI's host; not null
     */
    public static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
