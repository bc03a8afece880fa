package io.turnpike.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.turnpike.bench.load.LoadOptions.ClientTransport;
import io.turnpike.bench.load.LoadOptions.DataMode;
import io.turnpike.bench.load.LoadOptions.HostPort;
import io.turnpike.bench.load.LoadOptions.UsageException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {
    private static LoadOptions parse(String line) throws UsageException {
        return LoadOptions.parse(line.isEmpty() ? new String[0] : line.split(" "));
    }

    @Test
    void defaultsAreAG711CallForTenSecondsOverUdpChannels() throws Exception {
        LoadOptions o = parse("--server 127.0.0.1 -u alice -w pw");
        assertEquals("127.0.0.1", o.serverHost());
        assertEquals(3478, o.serverPort());
        assertEquals(ClientTransport.UDP, o.transport());
        assertEquals(DataMode.CHANNEL, o.mode());
        assertEquals(160, o.payloadSize());
        assertEquals(50.0, o.ratePerAllocation());
        assertEquals(10.0, o.durationSeconds());
        assertEquals(10, o.allocations());
        assertEquals(new HostPort("127.0.0.1", 0), o.peerBind());
        assertFalse(o.ramp());
        assertEquals(0.0, o.warmupSeconds());
        assertFalse(o.json());
        assertFalse(o.restCredentials());
    }

    @Test
    void tlsDefaultsToPort5349() throws Exception {
        assertEquals(5349, parse("-s turn.example.org -t tls -u a -w b").serverPort());
        assertEquals(15349, parse("-s turn.example.org:15349 --transport=TLS -u a -w b").serverPort());
    }

    @Test
    void everyOptionIsRead() throws Exception {
        LoadOptions o = parse("--server [::1]:13478 --transport tcp --mode send --secret s3cr3t --allocations 1000"
                + " --rate 25.5 --window 8 --size 1200 --duration 2m --peer-bind 127.0.0.2:4000"
                + " --peer-advertise 10.0.0.1:4000 --local-address 127.0.0.3 --threads 3 --setup-concurrency 7"
                + " --lifetime 120 --drain 250ms --server-pid 4242 --warmup 1s --ramp --ramp-step 5s --ramp-max-steps 9 --ramp-loss 0.5 --json --quiet");
        assertEquals("::1", o.serverHost());
        assertEquals(13478, o.serverPort());
        assertEquals(ClientTransport.TCP, o.transport());
        assertEquals(DataMode.SEND, o.mode());
        assertTrue(o.restCredentials());
        assertEquals("s3cr3t", o.secret());
        assertEquals(1000, o.allocations());
        assertEquals(25.5, o.ratePerAllocation());
        assertEquals(8, o.window());
        assertEquals(1200, o.payloadSize());
        assertEquals(120.0, o.durationSeconds());
        assertEquals(new HostPort("127.0.0.2", 4000), o.peerBind());
        assertEquals(new HostPort("10.0.0.1", 4000), o.peerAdvertise());
        assertEquals("127.0.0.3", o.localAddress());
        assertEquals(3, o.threads());
        assertEquals(7, o.setupConcurrency());
        assertEquals(120, o.lifetimeSeconds());
        assertEquals(250, o.drainMillis());
        assertEquals(1.0, o.warmupSeconds());
        assertEquals(4242, o.serverPid());
        assertTrue(o.ramp());
        assertEquals(5.0, o.rampStepSeconds());
        assertEquals(9, o.rampMaxSteps());
        assertEquals(0.5, o.rampLossPercent());
        assertTrue(o.json());
        assertTrue(o.quiet());
    }

    @Test
    void rateMaxMeansWindowModeAndZeroMeansIdle() throws Exception {
        assertTrue(parse("-s h -u a -w b -r max").flatOut());
        assertTrue(parse("-s h -u a -w b -r 0").idle());
        assertFalse(parse("-s h -u a -w b -r 1").idle());
    }

    @Test
    void helpReturnsNullAndUsageMentionsEveryOption() throws Exception {
        assertNull(parse("--help"));
        assertNull(parse("-s h -h"));
        String usage = LoadOptions.usage();
        for (String option : new String[] {"--server", "--transport", "--user", "--password", "--secret",
                "--lifetime", "--allocations", "--rate", "--window", "--size", "--mode", "--duration", "--drain", "--warmup", "--server-pid",
                "--setup-concurrency", "--threads", "--peer-bind", "--peer-advertise", "--local-address", "--ramp",
                "--ramp-step", "--ramp-max-steps", "--ramp-loss", "--json", "--quiet", "--help"}) {
            assertTrue(usage.contains(option), option);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "-u a -w b | --server",
        "-s h | credentials needed",
        "-s h -u a | credentials needed",
        "-s h -u a -w b -W s | either --secret",
        "-s h -u a -w b --duration 3601 | capped",
        "-s h -u a -w b --duration 0 | positive",
        "-s h -u a -w b --duration soon | not a number",
        "-s h -u a -w b --size 27 | between 28",
        "-s h -u a -w b --rate -3 | 'max'",
        "-s h -u a -w b --rate fast | not a number",
        "-s h -u a -w b --ramp --rate max | --ramp starts",
        "-s h -u a -w b --ramp --rate 0 | --ramp starts",
        "-s h -u a -w b --transport sctp | must be one of",
        "-s h -u a -w b --bogus 1 | unknown option --bogus",
        "-s h -u a -w b --allocations | needs a value",
        "-s h -u a -w b --json=yes | takes no value",
        "-s h:99999 -u a -w b | between 0 and 65535",
        "-s h:0 -u a -w b | port 0",
        "-s [::1 -u a -w b | unclosed",
        "-s h -u a -w b --peer-advertise 10.0.0.1 | needs host:port",
        "-s h -u a -w b --ramp-loss 100 | --ramp-loss",
    })
    void badCommandLinesNameTheProblem(String line, String expected) {
        UsageException e = assertThrows(UsageException.class, () -> parse(line.trim()));
        assertTrue(e.getMessage().contains(expected.trim()), e.getMessage());
    }

    @ParameterizedTest(name = "{0} = {1} s")
    @CsvSource({"10, 10", "2.5, 2.5", "500ms, 0.5", "10s, 10", "2m, 120"})
    void durationsTakeUnits(String text, double seconds) throws Exception {
        assertEquals(seconds, LoadOptions.parseSeconds("--duration", text), 1e-9);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "example.org | example.org | 7",
        "example.org:80 | example.org | 80",
        "[2001:db8::1]:443 | 2001:db8::1 | 443",
        "[::1] | ::1 | 7",
        "fe80::1 | fe80::1 | 7",
    })
    void hostPortForms(String text, String host, int port) throws Exception {
        assertEquals(new HostPort(host, port), LoadOptions.parseHostPort("--x", text, 7));
    }

    @Test
    void hostPortPrintsIpv6InBrackets() {
        assertEquals("[::1]:3478", new HostPort("::1", 3478).toString());
        assertEquals("127.0.0.1:3478", new HostPort("127.0.0.1", 3478).toString());
    }
}
