package io.turnpike.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Produces fuzz inputs: mostly mutations of valid messages, some pure noise. Deterministic per seed. */
final class Mutator {
    private static final int MAX = 2048;

    private final SplittableRandom rnd;
    private final List<byte[]> seeds;

    Mutator(SplittableRandom rnd, List<byte[]> seeds) {
        this.rnd = rnd;
        this.seeds = seeds;
    }

    byte[] next() {
        int choice = rnd.nextInt(100);
        if (choice < 5) {
            return noise(rnd.nextInt(64));
        }
        if (choice < 10) {
            return noiseWithHeader();
        }
        byte[] m = seeds.get(rnd.nextInt(seeds.size())).clone();
        int rounds = 1 + rnd.nextInt(3);
        for (int i = 0; i < rounds; i++) {
            m = mutate(m);
        }
        if (rnd.nextInt(3) == 0 && m.length >= 20) {
            fixLength(m); // lets more inputs pass the header checks and exercise the attribute walk
        }
        return m.length > MAX ? Arrays.copyOf(m, MAX) : m;
    }

    private byte[] mutate(byte[] m) {
        switch (rnd.nextInt(9)) {
            case 0 -> flipBits(m);
            case 1 -> m = Arrays.copyOf(m, m.length == 0 ? 0 : rnd.nextInt(m.length));
            case 2 -> m = extend(m);
            case 3 -> tweakHeaderLength(m);
            case 4 -> tweakAttributeLength(m);
            case 5 -> m = splice(m, seeds.get(rnd.nextInt(seeds.size())));
            case 6 -> m = duplicateAttribute(m);
            case 7 -> setRandomByte(m);
            default -> tweakAttributeType(m);
        }
        return m;
    }

    private void flipBits(byte[] m) {
        for (int n = 1 + rnd.nextInt(4); n > 0 && m.length > 0; n--) {
            int i = rnd.nextInt(m.length);
            m[i] ^= (byte) (1 << rnd.nextInt(8));
        }
    }

    private void setRandomByte(byte[] m) {
        if (m.length > 0) {
            m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
        }
    }

    private byte[] extend(byte[] m) {
        byte[] tail = noise(rnd.nextInt(16));
        return concat(m, tail);
    }

    private void tweakHeaderLength(byte[] m) {
        if (m.length >= 4) {
            int len = ((m[2] & 0xFF) << 8) | (m[3] & 0xFF);
            int[] deltas = {-4, -1, 1, 4, 8, 0x7FFF, -len};
            len += deltas[rnd.nextInt(deltas.length)];
            m[2] = (byte) (len >> 8);
            m[3] = (byte) len;
        }
    }

    /** Walks to a random attribute and changes its declared length. */
    private void tweakAttributeLength(byte[] m) {
        int at = randomAttribute(m);
        if (at >= 0) {
            int[] choices = {0, 1, 3, 4, 7, 8, 16, 20, 32, 255, 0xFFFF, rnd.nextInt(0x10000)};
            int len = choices[rnd.nextInt(choices.length)];
            m[at + 2] = (byte) (len >> 8);
            m[at + 3] = (byte) len;
        }
    }

    private void tweakAttributeType(byte[] m) {
        int at = randomAttribute(m);
        if (at >= 0) {
            int[] types = {0x0001, 0x0008, 0x0009, 0x000A, 0x0012, 0x0013, 0x001C, 0x001D, 0x0020, 0x0031, 0x8002,
                0x8028, 0xC000, rnd.nextInt(0x10000)};
            int t = types[rnd.nextInt(types.length)];
            m[at] = (byte) (t >> 8);
            m[at + 1] = (byte) t;
        }
    }

    private byte[] duplicateAttribute(byte[] m) {
        int at = randomAttribute(m);
        if (at < 0) {
            return m;
        }
        int len = ((m[at + 2] & 0xFF) << 8) | (m[at + 3] & 0xFF);
        int end = Math.min(m.length, at + 4 + ((len + 3) & ~3));
        byte[] attr = Arrays.copyOfRange(m, at, end);
        byte[] out = concat(Arrays.copyOf(m, end), attr);
        return concat(out, Arrays.copyOfRange(m, end, m.length));
    }

    private byte[] splice(byte[] a, byte[] b) {
        int cutA = a.length == 0 ? 0 : rnd.nextInt(a.length + 1);
        int cutB = b.length == 0 ? 0 : rnd.nextInt(b.length + 1);
        return concat(Arrays.copyOf(a, cutA), Arrays.copyOfRange(b, cutB, b.length));
    }

    /** The offset of a random attribute header reachable by walking, or -1. */
    private int randomAttribute(byte[] m) {
        int[] offsets = new int[64];
        int n = 0;
        int pos = 20;
        while (pos + 4 <= m.length && n < offsets.length) {
            offsets[n++] = pos;
            int len = ((m[pos + 2] & 0xFF) << 8) | (m[pos + 3] & 0xFF);
            pos += 4 + ((len + 3) & ~3);
        }
        return n == 0 ? -1 : offsets[rnd.nextInt(n)];
    }

    private static void fixLength(byte[] m) {
        int len = m.length - 20;
        m[2] = (byte) (len >> 8);
        m[3] = (byte) len;
    }

    private byte[] noise(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return b;
    }

    private byte[] noiseWithHeader() {
        byte[] b = noise(20 + 4 * rnd.nextInt(16));
        b[0] &= 0x3F;
        b[4] = 0x21;
        b[5] = 0x12;
        b[6] = (byte) 0xA4;
        b[7] = 0x42;
        fixLength(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
