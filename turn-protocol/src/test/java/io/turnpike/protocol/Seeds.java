package io.turnpike.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.turnpike.protocol.attribute.StunAttribute;
import io.turnpike.protocol.attribute.XorPeerAddress;
import io.turnpike.protocol.testing.Rfc5769;
import java.util.ArrayList;
import java.util.List;

/** Valid messages the fuzzer mutates: the RFC vectors, one message per attribute, indications, ChannelData. */
final class Seeds {
    private Seeds() {
    }

    static List<byte[]> all() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(Rfc5769.request());
        seeds.add(Rfc5769.ipv4Response());
        seeds.add(Rfc5769.ipv6Response());
        seeds.add(Rfc5769.longTermRequest());
        byte[] key = LongTermKey.md5("alice", "turnpike", "wonderland");
        List<StunAttribute> all = new ArrayList<>();
        AttributeRoundTripTest.attributes().forEach(a -> all.add((StunAttribute) a.get()[1]));
        for (int i = 0; i < all.size(); i++) {
            StunMessage m = StunMessage.builder(StunMethod.ALLOCATE, StunClass.REQUEST, AttributeRoundTripTest.TXID)
                    .add(all.get(i)).add(all.get((i + 7) % all.size())).build();
            seeds.add(encode(m, new EncodeOptions(i % 2 == 0 ? key : null, i % 3 == 0 ? key : null, i % 4 != 1, 0)));
        }
        StunMessage everything = StunMessage.builder(StunMethod.REFRESH, StunClass.SUCCESS_RESPONSE,
                AttributeRoundTripTest.TXID).addAll(all).build();
        seeds.add(encode(everything, EncodeOptions.of(key, true)));
        ByteBuf ind = Unpooled.buffer();
        IndicationWriter.writeSendHead(ind, AttributeRoundTripTest.TXID, AttributeRoundTripTest.V6, 5);
        ind.writeBytes(new byte[] {1, 2, 3, 4, 5, 0, 0, 0});
        seeds.add(ByteBufUtil.getBytes(ind));
        StunMessage send = StunMessage.builder(StunMethod.SEND, StunClass.INDICATION, AttributeRoundTripTest.TXID)
                .add(new XorPeerAddress(AttributeRoundTripTest.V4))
                .add(new io.turnpike.protocol.attribute.Data(Unpooled.wrappedBuffer(new byte[] {9, 9}))).build();
        seeds.add(encode(send, EncodeOptions.of(null, true)));
        // A valid FINGERPRINT followed by an attribute (RFC 8489 §14.7 violation), so mutations keep it.
        seeds.add(io.turnpike.protocol.testing.RawStun.message(0x0001).attr(0x0006, "user".getBytes()).fingerprint(8)
                .attr(0x8022, "late".getBytes()).bytes());
        seeds.add(new byte[] {0x40, 0x00, 0x00, 0x05, 1, 2, 3, 4, 5, 0, 0, 0});
        seeds.add(new byte[] {0x4F, (byte) 0xFF, 0x00, 0x00});
        return seeds;
    }

    private static byte[] encode(StunMessage m, EncodeOptions options) {
        ByteBuf out = Unpooled.buffer();
        StunEncoder.encode(m, out, options);
        return ByteBufUtil.getBytes(out);
    }
}
