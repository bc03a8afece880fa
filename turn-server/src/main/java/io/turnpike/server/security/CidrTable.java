package io.turnpike.server.security;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of CIDR blocks as parallel primitive arrays, matched by a linear scan of masks: the tables
 * hold tens of entries, where a scan of a few cache lines beats any tree, and it allocates nothing.
 */
final class CidrTable {

    private final int[] net4;
    private final int[] mask4;
    private final long[] net6Hi;
    private final long[] net6Lo;
    private final long[] mask6Hi;
    private final long[] mask6Lo;

    CidrTable(List<Cidr> blocks) {
        List<Cidr> v4 = new ArrayList<>();
        List<Cidr> v6 = new ArrayList<>();
        for (Cidr c : blocks) {
            (c.ipv4() ? v4 : v6).add(c);
        }
        net4 = new int[v4.size()];
        mask4 = new int[v4.size()];
        for (int i = 0; i < net4.length; i++) {
            net4[i] = (int) v4.get(i).lo();
            mask4[i] = (int) v4.get(i).maskLo();
        }
        net6Hi = new long[v6.size()];
        net6Lo = new long[v6.size()];
        mask6Hi = new long[v6.size()];
        mask6Lo = new long[v6.size()];
        for (int i = 0; i < net6Hi.length; i++) {
            Cidr c = v6.get(i);
            net6Hi[i] = c.hi();
            net6Lo[i] = c.lo();
            mask6Hi[i] = c.maskHi();
            mask6Lo[i] = c.maskLo();
        }
    }

    boolean matches4(int address) {
        for (int i = 0; i < net4.length; i++) {
            if ((address & mask4[i]) == net4[i]) {
                return true;
            }
        }
        return false;
    }

    boolean matches6(long hi, long lo) {
        for (int i = 0; i < net6Hi.length; i++) {
            if ((hi & mask6Hi[i]) == net6Hi[i] && (lo & mask6Lo[i]) == net6Lo[i]) {
                return true;
            }
        }
        return false;
    }
}
