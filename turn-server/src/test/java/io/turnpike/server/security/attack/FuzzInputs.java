package io.turnpike.server.security.attack;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.turnpike.protocol.IndicationWriter;
import io.turnpike.protocol.LongTermKey;
import io.turnpike.protocol.StunClass;
import io.turnpike.protocol.StunEncoder;
import io.turnpike.protocol.StunMessage;
import io.turnpike.protocol.StunMethod;
import io.turnpike.protocol.TransactionId;
import io.turnpike.protocol.attribute.ChannelNumber;
import io.turnpike.protocol.attribute.Data;
import io.turnpike.protocol.attribute.EvenPort;
import io.turnpike.protocol.attribute.Lifetime;
import io.turnpike.protocol.attribute.Nonce;
import io.turnpike.protocol.attribute.Realm;
import io.turnpike.protocol.attribute.RequestedTransport;
import io.turnpike.protocol.attribute.Software;
import io.turnpike.protocol.attribute.UnknownAttribute;
import io.turnpike.protocol.attribute.Username;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.protocol.testing.RawStun;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded fuzz inputs for the live-server fuzz test: valid STUN requests, indications and ChannelData
 * (signed ones included, so mutations reach the integrity and credential checks), mutated in the ways
 * decoders break on (bit flips, interesting values in length and type fields, truncation, extension,
 * splicing, duplicated chunks), and plain noise. Same seed, same sequence.
 */
final class FuzzInputs {
    private static final int[] INTERESTING16 = {0, 1, 3, 4, 7, 8, 0x7F, 0x80, 0xFF, 0x100, 0x3FFF, 0x4000, 0x7FFF,
        0x8000, 0xFFFB, 0xFFFC, 0xFFFF};

    private final Random random;
    private final List<byte[]> seeds = new ArrayList<>();

    /** Inputs for {@code seed}; {@code peer} is a transport address the seeds name (a sink peer). */
    FuzzInputs(long seed, InetSocketAddress peer, String user, String realm, String nonce, String password) {
        this.random = new Random(seed);
        byte[] key = LongTermKey.md5(user, realm, password);
        seeds.add(stun(builder(StunMethod.BINDING), null));
        seeds.add(stun(builder(StunMethod.ALLOCATE).add(new RequestedTransport(17)), null));
        seeds.add(stun(signed(builder(StunMethod.ALLOCATE).add(new RequestedTransport(17)).add(new EvenPort(true))
                .add(new Lifetime(600)), user, realm, nonce), key));
        seeds.add(stun(signed(builder(StunMethod.REFRESH).add(new Lifetime(300)), user, realm, nonce), key));
        seeds.add(stun(signed(builder(StunMethod.CREATE_PERMISSION).add(new XorPeerAddress(peer))
                .add(new XorPeerAddress(new InetSocketAddress("2001:db8::1", 9))), user, realm, nonce), key));
        seeds.add(stun(signed(builder(StunMethod.CHANNEL_BIND).add(new ChannelNumber(0x4001))
                .add(new XorPeerAddress(peer)), user, realm, nonce), key));
        seeds.add(stun(builder(StunMethod.BINDING).add(new Software("fuzz"))
                .add(new UnknownAttribute(0x0077, new byte[5])).add(new UnknownAttribute(0xC001, new byte[3])), null));
        seeds.add(stun(StunMessage.builder(StunMethod.DATA, StunClass.INDICATION, txid()).add(new XorPeerAddress(peer))
                .add(new Data(Unpooled.wrappedBuffer(new byte[24]))), null));
        seeds.add(sendIndication(peer, 40));
        seeds.add(channelData(0x4000, 50));
        seeds.add(channelData(0x4001, 7));
        seeds.add(RawStun.message(0x0003).attr(0x0019, RawStun.b(17, 0, 0, 0)).bytes());
    }

    private StunMessage.Builder builder(StunMethod method) {
        return StunMessage.builder(method, StunClass.REQUEST, txid());
    }

    private TransactionId txid() {
        return TransactionId.random(random);
    }

    private static StunMessage.Builder signed(StunMessage.Builder b, String user, String realm, String nonce) {
        return b.add(new Username(user)).add(new Realm(realm)).add(new Nonce(nonce));
    }

    private static byte[] stun(StunMessage.Builder message, byte[] key) {
        ByteBuf buf = Unpooled.buffer();
        try {
            StunEncoder.encode(message.build(), buf, key, true);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    private byte[] sendIndication(InetSocketAddress peer, int payload) {
        ByteBuf buf = Unpooled.buffer();
        try {
            IndicationWriter.writeSendHead(buf, txid(), peer, payload);
            buf.writeZero(payload + IndicationWriter.paddingLength(payload));
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    private static byte[] channelData(int channel, int length) {
        byte[] frame = new byte[4 + ((length + 3) & ~3)];
        frame[0] = (byte) (channel >>> 8);
        frame[1] = (byte) channel;
        frame[2] = (byte) (length >>> 8);
        frame[3] = (byte) length;
        return frame;
    }

    /** The next input: 10 % noise, otherwise one to four mutations of a seed. */
    byte[] next() {
        if (random.nextInt(10) == 0) {
            byte[] noise = new byte[random.nextInt(600)];
            random.nextBytes(noise);
            return noise;
        }
        byte[] m = seeds.get(random.nextInt(seeds.size())).clone();
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            m = mutate(m);
        }
        return m;
    }

    /**
     * A mutation that keeps the first four bytes (type/channel and length), so a stream stays framed
     * and the damage reaches the decoder and handlers instead of closing the connection.
     */
    byte[] nextFramed() {
        byte[] seed = seeds.get(random.nextInt(seeds.size()));
        byte[] m = seed.clone();
        int flips = 1 + random.nextInt(6);
        for (int i = 0; i < flips && m.length > 4; i++) {
            int at = 4 + random.nextInt(m.length - 4);
            if (random.nextBoolean()) {
                m[at] ^= (byte) (1 << random.nextInt(8));
            } else {
                m[at] = (byte) INTERESTING16[random.nextInt(INTERESTING16.length)];
            }
        }
        return m;
    }

    private byte[] mutate(byte[] m) {
        switch (random.nextInt(8)) {
            case 0 -> { // bit flip
                if (m.length > 0) {
                    m[random.nextInt(m.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return m;
            }
            case 1 -> { // interesting 16-bit value at an aligned offset: lengths, types, family, port
                if (m.length >= 2) {
                    int at = random.nextInt(m.length / 2) * 2;
                    int v = INTERESTING16[random.nextInt(INTERESTING16.length)];
                    m[at] = (byte) (v >>> 8);
                    m[at + 1] = (byte) v;
                }
                return m;
            }
            case 2 -> { // truncate
                return Arrays.copyOf(m, random.nextInt(m.length + 1));
            }
            case 3 -> { // extend with random bytes
                byte[] longer = Arrays.copyOf(m, m.length + 1 + random.nextInt(64));
                for (int i = m.length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                return longer;
            }
            case 4 -> { // header length field made inconsistent
                if (m.length >= 4) {
                    int v = random.nextBoolean() ? random.nextInt(0x10000) : m.length - 20 + 4 * (random.nextInt(5) - 2);
                    m[2] = (byte) (v >>> 8);
                    m[3] = (byte) v;
                }
                return m;
            }
            case 5 -> { // splice with another seed
                byte[] other = seeds.get(random.nextInt(seeds.size()));
                int cut = random.nextInt(m.length + 1);
                int from = random.nextInt(other.length);
                byte[] spliced = Arrays.copyOf(m, cut + other.length - from);
                System.arraycopy(other, from, spliced, cut, other.length - from);
                return spliced;
            }
            case 6 -> { // duplicate a chunk (repeated attributes)
                if (m.length < 24) {
                    return m;
                }
                int from = 20 + random.nextInt(m.length - 20);
                int len = Math.min(m.length - from, 4 + random.nextInt(16));
                byte[] dup = Arrays.copyOf(m, m.length + len);
                System.arraycopy(m, from, dup, from + len, m.length - from);
                return dup;
            }
            default -> { // random byte
                if (m.length > 0) {
                    m[random.nextInt(m.length)] = (byte) random.nextInt(256);
                }
                return m;
            }
        }
    }
}
