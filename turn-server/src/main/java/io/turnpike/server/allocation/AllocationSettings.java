package io.turnpike.server.allocation;

import com.typesafe.config.Config;
import io.turnpike.server.config.ConfigValues;
import java.time.Duration;

/**
 * Lifetimes ({@code turnpike.allocation}), in milliseconds as the allocation code stores deadlines.
 *
 * @param defaultLifetimeMillis lifetime when the client requests none (RFC 8656 §7.2: 600 s)
 * @param maxLifetimeMillis upper bound of a requested lifetime (3600 s)
 * @param permissionLifetimeMillis permission lifetime (RFC 8656 §9: 300 s)
 * @param channelLifetimeMillis channel binding lifetime (RFC 8656 §12: 600 s)
 * @param maxChannelNumber highest channel number accepted: 0x4FFF (RFC 8656 §12) or 0x7FFF (RFC 5766)
 */
public record AllocationSettings(long defaultLifetimeMillis, long maxLifetimeMillis,
        long permissionLifetimeMillis, long channelLifetimeMillis, int maxChannelNumber) {
    /** Highest channel number of RFC 5766 §11 (RFC 8656 reserves 0x5000 and up). */
    public static final int RFC5766_MAX_CHANNEL = 0x7FFF;
    private static final String PREFIX = "turnpike.allocation.";


    /** Reads and validates {@code turnpike.allocation}. */
    public static AllocationSettings from(Config section) {
        Duration def = ConfigValues.positiveDuration(section, PREFIX, "default-lifetime");
        Duration max = ConfigValues.positiveDuration(section, PREFIX, "max-lifetime");
        if (max.compareTo(def) < 0) {
            throw ConfigValues.bad(section, PREFIX, "max-lifetime", "a duration not below default-lifetime " + def);
        }
        return new AllocationSettings(def.toMillis(), max.toMillis(),
                ConfigValues.positiveDuration(section, PREFIX, "permission-lifetime").toMillis(),
                ConfigValues.positiveDuration(section, PREFIX, "channel-lifetime").toMillis(),
                section.getBoolean("rfc5766-channel-numbers") ? RFC5766_MAX_CHANNEL : ChannelBindings.MAX_CHANNEL);
    }

    /** RFC 8656 defaults, for tests. */
    public static AllocationSettings defaults() {
        return new AllocationSettings(600_000, 3_600_000, 300_000, 600_000, ChannelBindings.MAX_CHANNEL);
    }
}
