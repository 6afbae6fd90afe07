package org.dlvm.node.linux;

import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dlvm.node.NodeException;

/**
 * Which blocks of one thin device its pool has mapped, from {@code thin_dump}'s XML of a
 * metadata snapshot: a clone copies those and skips the rest, which read as zeros on the source
 * and on the clone's new thin alike. Pure: tested without a kernel.
 */
final class ThinDump {
    private static final Pattern DEVICE = Pattern.compile("<device\\s[^>]*\\bdev_id=\"(\\d+)\"");
    private static final Pattern RANGE = Pattern.compile(
            "<range_mapping\\s[^>]*\\borigin_begin=\"(\\d+)\"[^>]*\\blength=\"(\\d+)\"");
    private static final Pattern SINGLE = Pattern.compile("<single_mapping\\s[^>]*\\borigin_block=\"(\\d+)\"");

    private ThinDump() {
    }

    /** {@code thin_dump --metadata-snap --dev-id <id> <metadata device>}: the live pool's metadata, read from its snapshot. */
    static List<String> command(long thinId, String metadataDevice) {
        DmTables.checkThinId(thinId);
        return List.of("thin_dump", "--metadata-snap", "--dev-id", Long.toString(thinId), metadataDevice);
    }

    /**
     * The mapped blocks (by their place in the thin device) of device {@code thinId}; a dump
     * without that device is a failure: the snapshot the copy reads must exist.
     */
    static BitSet mappedBlocks(String xml, long thinId) throws NodeException {
        BitSet mapped = new BitSet();
        boolean inDevice = false;
        boolean found = false;
        for (String line : xml.split("\n")) {
            Matcher device = DEVICE.matcher(line);
            if (device.find()) {
                inDevice = Long.parseLong(device.group(1)) == thinId;
                found |= inDevice;
                continue;
            }
            if (line.contains("</device>")) {
                inDevice = false;
                continue;
            }
            if (!inDevice) {
                continue;
            }
            Matcher range = RANGE.matcher(line);
            if (range.find()) {
                int begin = block(range.group(1));
                mapped.set(begin, Math.addExact(begin, block(range.group(2))));
                continue;
            }
            Matcher single = SINGLE.matcher(line);
            if (single.find()) {
                mapped.set(block(single.group(1)));
            }
        }
        if (!found) {
            throw new NodeException("thin_dump shows no thin device " + thinId + " in the pool's metadata");
        }
        return mapped;
    }

    private static int block(String value) throws NodeException {
        long v = Long.parseLong(value);
        if (v > Integer.MAX_VALUE - 1) {
            throw new NodeException("thin block " + v + " is past what a copy plan holds");
        }
        return (int) v;
    }
}
