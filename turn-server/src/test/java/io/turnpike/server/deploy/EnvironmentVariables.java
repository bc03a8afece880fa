package io.turnpike.server.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The TURNPIKE_* variables docker/entrypoint.sh itself reads (beyond those reference.conf reads). */
final class EnvironmentVariables {
    private static final Pattern READ = Pattern.compile("\\$\\{!?(TURNPIKE_[A-Z0-9_]+)");
    private static final Pattern SECRET_LOOP = Pattern.compile("for name in ((?:TURNPIKE_[A-Z_]+ ?)+);");

    private EnvironmentVariables() {
    }

    static Set<String> mappedByEntrypoint() {
        String script = DeployFiles.read("docker/entrypoint.sh") + DeployFiles.read("docker/healthcheck.sh");
        Set<String> names = new TreeSet<>();
        Matcher m = READ.matcher(script);
        while (m.find()) {
            names.add(m.group(1));
        }
        Matcher secrets = SECRET_LOOP.matcher(script);
        while (secrets.find()) {
            for (String name : secrets.group(1).split(" ")) {
                names.add(name + "_FILE");
            }
        }
        return names;
    }

    /** Every variable a deployment file or guide may name. */
    static Set<String> known() {
        Set<String> all = new TreeSet<>(ReferenceConfig.load().environmentVariables());
        all.addAll(mappedByEntrypoint());
        return all;
    }
}
