package io.turnpike.server.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Typed, validated reads of configuration values. Every failure is a
 * {@link ConfigException.BadValue} naming the full key and what is expected, so a wrong value stops
 * start-up with a message an operator can act on.
 */
public final class ConfigValues {
    private ConfigValues() {
    }

    /**
     * A new BadValue naming the full key {@code prefix + key} (a section read with getConfig no
     * longer knows its path), located at the value's origin when it has one.
     */
    public static ConfigException.BadValue bad(Config section, String prefix, String key, String expected) {
        com.typesafe.config.ConfigOrigin origin = section.hasPath(key) ? section.getValue(key).origin()
                : section.origin();
        return new ConfigException.BadValue(origin, prefix + key, expected);
    }

    /** A port number 0..65535 (0 = any free port, used by tests). */
    public static int port(Config section, String prefix, String key) {
        int value = intValue(section, prefix, key);
        if (value < 0 || value > 65535) {
            throw bad(section, prefix, key, "a port number 0-65535, got " + value);
        }
        return value;
    }

    /** An int, reported with the key when it is not a number. */
    public static int intValue(Config section, String prefix, String key) {
        try {
            return section.getInt(key);
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw bad(section, prefix, key, "a whole number");
        }
    }

    /** A strictly positive duration such as {@code 600s}. */
    public static Duration positiveDuration(Config section, String prefix, String key) {
        Duration value;
        try {
            value = section.getDuration(key);
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            throw bad(section, prefix, key, "a duration such as 600s or 10m");
        }
        if (value.isNegative() || value.isZero()) {
            throw bad(section, prefix, key, "a positive duration, got " + value);
        }
        return value;
    }

    /** A literal IP address (no host name lookups at start-up). */
    public static InetAddress ipLiteral(Config section, String prefix, String key, String text) {
        if (!looksLikeIpLiteral(text)) {
            throw bad(section, prefix, key, "an IPv4 or IPv6 address literal, got \"" + text + "\"");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw bad(section, prefix, key, "an IPv4 or IPv6 address literal, got \"" + text + "\"");
        }
    }

    /** Whether {@code text} is an IP literal, so that InetAddress.getByName does no DNS lookup. */
    static boolean looksLikeIpLiteral(String text) {
        if (text.isEmpty()) {
            return false;
        }
        if (text.indexOf(':') >= 0) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean ok = c == ':' || c == '.' || Character.digit(c, 16) >= 0;
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3) {
                return false;
            }
            for (int i = 0; i < part.length(); i++) {
                if (part.charAt(i) < '0' || part.charAt(i) > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
