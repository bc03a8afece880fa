package io.turnpike.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The load generator's command line, parsed and validated. Immutable; {@link #parse} is pure (no
 * network, no clock) so that every rule here is unit-tested.
 *
 * @param serverHost TURN server host name or address
 * @param serverPort TURN server port (default 3478, or 5349 for TLS)
 * @param transport client-to-server transport
 * @param mode how data reaches the peer: ChannelData or Send indications
 * @param user static user name (null with a shared secret)
 * @param password static password (null with a shared secret)
 * @param secret TURN REST shared secret (null with a static user)
 * @param allocations number of allocations (one client socket or connection each)
 * @param ratePerAllocation packets per second per allocation; {@link #RATE_MAX} for as fast as the
 *     window allows; 0 sets the allocations up and holds them idle
 * @param window packets in flight per allocation when the rate is {@link #RATE_MAX}
 * @param payloadSize payload bytes per packet (at least {@link Payload#HEADER_LENGTH})
 * @param durationSeconds how long the load runs (plain run; a ramp uses {@code rampStepSeconds})
 * @param peerBind address and port the built-in echo peer binds (port 0: any)
 * @param peerAdvertise the peer address put into XOR-PEER-ADDRESS; null = the bound address
 * @param localAddress address the client sockets bind; null = the wildcard address
 * @param threads event loops for the client sockets and the echo peer
 * @param setupConcurrency allocations being set up at the same time
 * @param lifetimeSeconds requested allocation LIFETIME; 0 = let the server choose
 * @param drainMillis how long to wait for echoes after the senders stop
 * @param serverPid a local server process to read CPU time and memory of (0: none)
 * @param warmupSeconds an unmeasured phase at the same rate before the measured one (0: none)
 * @param ramp raise the rate step by step instead of one fixed-rate run
 * @param rampStepSeconds length of one ramp step
 * @param rampMaxSteps bound on the number of ramp steps
 * @param rampLossPercent highest loss a step may show and still count as held
 * @param json print the final report as JSON
 * @param quiet no per-second progress on stderr
 */
public record LoadOptions(String serverHost, int serverPort, ClientTransport transport, DataMode mode,
        String user, String password, String secret, int allocations, double ratePerAllocation, int window,
        int payloadSize, double durationSeconds, HostPort peerBind, HostPort peerAdvertise, String localAddress,
        int threads, int setupConcurrency, long lifetimeSeconds, long drainMillis, long serverPid, double warmupSeconds, boolean ramp,
        double rampStepSeconds, int rampMaxSteps, double rampLossPercent, boolean json, boolean quiet) {

    /** Rate value meaning "as fast as the per-allocation window allows". */
    public static final double RATE_MAX = -1;
    /** Hard cap on a run's duration (and on a ramp step), in seconds. */
    public static final double MAX_DURATION_SECONDS = 3600;
    /** Largest payload: a UDP datagram on loopback stays well under 64 KiB with the TURN headers. */
    public static final int MAX_PAYLOAD = 65_000;
    /** Most allocations one run opens. */
    public static final int MAX_ALLOCATIONS = 20_000;

    /** Client-to-server transport. */
    public enum ClientTransport { UDP, TCP, TLS }

    /** How the client sends data through its allocation. */
    public enum DataMode { CHANNEL, SEND }

    /** A host (name or literal) and a port. */
    public record HostPort(String host, int port) {
        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** Bad command line; the message says which option and why. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        /** A usage error with a message for the user. */
        public UsageException(String message) {
            super(message);
        }
    }

    /** True when the run only holds allocations without sending. */
    public boolean idle() {
        return ratePerAllocation == 0;
    }

    /** True when each allocation sends as fast as its window allows. */
    public boolean flatOut() {
        return ratePerAllocation == RATE_MAX;
    }

    /** True when the credentials are minted from a shared secret (TURN REST scheme). */
    public boolean restCredentials() {
        return secret != null;
    }

    /**
     * Parses the arguments. Returns null when {@code --help} was asked for.
     *
     * @throws UsageException naming the offending option
     */
    public static LoadOptions parse(String[] args) throws UsageException {
        Builder b = new Builder();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            if (arg.equals("--help") || arg.equals("-h")) {
                return null;
            }
            if (Builder.isFlag(arg)) {
                if (value != null) {
                    throw new UsageException(arg + " takes no value");
                }
                b.flag(arg);
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(arg + " needs a value");
                }
                value = args[++i];
            }
            b.option(arg, value);
        }
        return b.build();
    }

    /** Parses a duration: plain seconds ("10", "2.5"), or with a unit ("500ms", "10s", "2m"). */
    static double parseSeconds(String option, String text) throws UsageException {
        String t = text.trim().toLowerCase(Locale.ROOT);
        double scale = 1;
        if (t.endsWith("ms")) {
            scale = 0.001;
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            scale = 60;
            t = t.substring(0, t.length() - 1);
        }
        double v = parseDouble(option, t) * scale;
        if (!(v > 0)) {
            throw new UsageException(option + " must be positive: " + text);
        }
        return v;
    }

    static double parseDouble(String option, String text) throws UsageException {
        try {
            double v = Double.parseDouble(text.trim());
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": not a number: " + text);
        }
    }

    static int parseInt(String option, String text, int min, int max) throws UsageException {
        int v;
        try {
            v = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": not an integer: " + text);
        }
        if (v < min || v > max) {
            throw new UsageException(option + " must be between " + min + " and " + max + ": " + text);
        }
        return v;
    }

    /**
     * Parses {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6 literal; the port is
     * {@code defaultPort} when absent (-1: the port is required).
     */
    static HostPort parseHostPort(String option, String text, int defaultPort) throws UsageException {
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new UsageException(option + ": unclosed '[': " + text);
            }
            host = text.substring(1, close);
            if (close + 1 < text.length()) {
                if (text.charAt(close + 1) != ':') {
                    throw new UsageException(option + ": expected ':' after ']': " + text);
                }
                port = text.substring(close + 2);
            }
        } else if (text.indexOf(':') != text.lastIndexOf(':')) {
            host = text; // bare IPv6 literal
        } else {
            int colon = text.indexOf(':');
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new UsageException(option + ": empty host: " + text);
        }
        if (port == null) {
            if (defaultPort < 0) {
                throw new UsageException(option + " needs host:port: " + text);
            }
            return new HostPort(host, defaultPort);
        }
        return new HostPort(host, parseInt(option, port, 0, 65535));
    }

    /** Accumulates options; validation across options happens in {@link #build}. */
    private static final class Builder {
        private static final List<String> FLAGS = List.of("--ramp", "--json", "--quiet");

        private String server;
        private ClientTransport transport = ClientTransport.UDP;
        private DataMode mode = DataMode.CHANNEL;
        private String user;
        private String password;
        private String secret;
        private int allocations = 10;
        private double rate = 50;
        private int window = 16;
        private int size = 160;
        private double duration = 10;
        private HostPort peerBind = new HostPort("127.0.0.1", 0);
        private HostPort peerAdvertise;
        private String localAddress;
        private int threads = 2;
        private int setupConcurrency = 64;
        private long lifetime;
        private long drainMillis = 1000;
        private double warmup;
        private long serverPid;
        private boolean ramp;
        private double rampStep = 3;
        private int rampMaxSteps = 16;
        private double rampLoss = 1.0;
        private boolean json;
        private boolean quiet;

        static boolean isFlag(String arg) {
            return FLAGS.contains(arg);
        }

        void flag(String arg) {
            switch (arg) {
                case "--ramp" -> ramp = true;
                case "--json" -> json = true;
                default -> quiet = true;
            }
        }

        void option(String name, String v) throws UsageException {
            switch (name) {
                case "--server", "-s" -> server = v;
                case "--transport", "-t" -> transport = parseEnum(ClientTransport.class, name, v);
                case "--mode" -> mode = parseEnum(DataMode.class, name, v);
                case "--user", "-u" -> user = v;
                case "--password", "-w" -> password = v;
                case "--secret", "-W" -> secret = v;
                case "--allocations", "-n" -> allocations = parseInt(name, v, 1, MAX_ALLOCATIONS);
                case "--rate", "-r" -> rate = parseRate(name, v);
                case "--window" -> window = parseInt(name, v, 1, 4096);
                case "--size", "-l" -> size = parseInt(name, v, Payload.HEADER_LENGTH, MAX_PAYLOAD);
                case "--duration", "-d" -> duration = parseSeconds(name, v);
                case "--peer-bind" -> peerBind = parseHostPort(name, v, 0);
                case "--peer-advertise" -> peerAdvertise = parseHostPort(name, v, -1);
                case "--local-address" -> localAddress = v;
                case "--threads" -> threads = parseInt(name, v, 1, 64);
                case "--setup-concurrency" -> setupConcurrency = parseInt(name, v, 1, 10_000);
                case "--lifetime" -> lifetime = parseInt(name, v, 0, 86_400);
                case "--drain" -> drainMillis = Math.round(parseSeconds(name, v) * 1000);
                case "--warmup" -> warmup = parseSeconds(name, v);
                case "--server-pid" -> serverPid = parseInt(name, v, 1, Integer.MAX_VALUE);
                case "--ramp-step" -> rampStep = parseSeconds(name, v);
                case "--ramp-max-steps" -> rampMaxSteps = parseInt(name, v, 2, 64);
                case "--ramp-loss" -> rampLoss = parseDouble(name, v);
                default -> throw new UsageException("unknown option " + name + " (see --help)");
            }
        }

        static double parseRate(String name, String v) throws UsageException {
            if (v.equalsIgnoreCase("max")) {
                return RATE_MAX;
            }
            double r = parseDouble(name, v);
            if (r < 0 || r > 1_000_000) {
                throw new UsageException(name + " must be 0..1000000 packets/s or 'max': " + v);
            }
            return r;
        }

        static <E extends Enum<E>> E parseEnum(Class<E> type, String name, String v) throws UsageException {
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(v)) {
                    return e;
                }
                names.add(e.name().toLowerCase(Locale.ROOT));
            }
            throw new UsageException(name + " must be one of " + names + ": " + v);
        }

        LoadOptions build() throws UsageException {
            if (server == null) {
                throw new UsageException("--server HOST[:PORT] is required");
            }
            HostPort hp = parseHostPort("--server", server, transport == ClientTransport.TLS ? 5349 : 3478);
            if (hp.port() == 0) {
                throw new UsageException("--server: port 0");
            }
            if (secret != null && (user != null || password != null)) {
                throw new UsageException("give either --secret or --user/--password, not both");
            }
            if (secret == null && (user == null || password == null)) {
                throw new UsageException("credentials needed: --user and --password, or --secret");
            }
            if (duration > MAX_DURATION_SECONDS || rampStep > MAX_DURATION_SECONDS || warmup > MAX_DURATION_SECONDS) {
                throw new UsageException("--duration, --warmup and --ramp-step are capped at "
                        + (long) MAX_DURATION_SECONDS + " s");
            }
            if (!(rampLoss >= 0 && rampLoss < 100)) {
                throw new UsageException("--ramp-loss must be 0..100 percent");
            }
            if (ramp && (rate == 0 || rate == RATE_MAX)) {
                throw new UsageException("--ramp starts from a numeric --rate (packets/s per allocation)");
            }
            if (drainMillis > 60_000) {
                throw new UsageException("--drain is capped at 60 s");
            }
            return new LoadOptions(hp.host(), hp.port(), transport, mode, user, password, secret, allocations,
                    rate, window, size, duration, peerBind, peerAdvertise, localAddress, threads, setupConcurrency,
                    lifetime, drainMillis, serverPid, warmup, ramp, rampStep, rampMaxSteps, rampLoss, json, quiet);
        }
    }

    /** The {@code --help} text. */
    public static String usage() {
        return """
                Usage: java -jar turnpike-load.jar --server HOST[:PORT] (--user U --password P | --secret S) [options]

                Opens N TURN allocations against any TURN server, relays packets through them to a built-in
                UDP echo peer and back, and reports rate, loss, round-trip time and jitter.

                Server and credentials
                  -s, --server HOST[:PORT]      TURN server (port 3478; 5349 with --transport tls)
                  -t, --transport udp|tcp|tls   client-to-server transport (udp); tls trusts any certificate
                  -u, --user NAME               static long-term credential user
                  -w, --password PASSWORD       its password
                  -W, --secret SECRET           TURN REST shared secret: mints <expiry>:turnpike-load / HMAC
                      --lifetime SECONDS        requested allocation LIFETIME (server default)
                Load
                  -n, --allocations N           allocations, one client socket/connection each (10)
                  -r, --rate PPS|max            packets/s per allocation (50); 'max' keeps --window packets
                                                in flight per allocation; 0 = set up and hold idle
                      --window N                in-flight packets per allocation with --rate max (16)
                  -l, --size BYTES              payload bytes per packet (160; at least 28)
                      --mode channel|send       ChannelData (channel) or Send/Data indications (send)
                  -d, --duration TIME           run length: 10, 10s, 500ms, 2m (10 s; capped at 1 h)
                      --drain TIME              wait for echoes after sending stops (1s)
                      --warmup TIME             unmeasured phase first, e.g. for the JIT (none)
                      --setup-concurrency N     allocations set up at once (64)
                      --threads N               event loops for client sockets and the echo peer (2)
                Network
                      --peer-bind HOST[:PORT]   where the echo peer binds (127.0.0.1:0)
                      --peer-advertise HOST:PORT  XOR-PEER-ADDRESS to use (default: the bound address)
                      --local-address HOST      address the client sockets bind (wildcard)
                Ramp
                      --ramp                    double the per-allocation rate from --rate until a step loses
                                                more than --ramp-loss, then bisect; report the highest rate held
                      --ramp-step TIME          length of one step (3s)
                      --ramp-max-steps N        at most N steps (16)
                      --ramp-loss PERCENT       loss allowed in a held step (1.0)
                Output
                      --server-pid PID          a server on this machine: report its CPU seconds per
                                                million echoed packets and per allocation, and its
                                                VmRSS after set-up (Linux /proc)
                      --json                    final report as JSON on stdout (text otherwise)
                      --quiet                   no per-second progress on stderr
                  -h, --help                    this text

                Each payload carries a sequence number and a send timestamp; RTT is measured client ->
                relay -> peer -> relay -> client. Allocations, permissions and channels are refreshed
                when the run outlives them; they are released (Refresh LIFETIME 0) at the end.
                """;
    }
}
