package org.dlvm.node.linux;

import java.util.List;
import java.util.Optional;

/**
 * One LV as {@code lvm lvs} reports it.
 *
 * @param attributes  lv_attr, e.g. {@code -wi-ao----}: the 5th character is 'a' when active, the 6th 'o' when open
 * @param kernelMajor the device's major number, -1 when the LV is not active
 * @param tags        LVM tags, e.g. {@link LvmCommands#FRESH_TAG}
 */
public record LogicalVolumeInfo(String name, long sizeBytes, String attributes, int kernelMajor, int kernelMinor,
        List<String> tags) {
    public LogicalVolumeInfo {
        tags = List.copyOf(tags);
    }

    public boolean isActive() {
        return attributes.length() > 4 && attributes.charAt(4) == 'a';
    }

    /** Held open (by a dm linear above it, say): removing it now would fail, or worse with -f on some versions. */
    public boolean isOpen() {
        return attributes.length() > 5 && attributes.charAt(5) == 'o';
    }

    public boolean hasTag(String tag) {
        return tags.contains(tag);
    }

    /**
     * {@code major:minor}, the form {@code dmsetup table} shows a device in, so a table built with
     * it compares equal to the loaded one.
     */
    public Optional<String> deviceNumber() {
        return kernelMajor < 0 || kernelMinor < 0 ? Optional.empty() : Optional.of(kernelMajor + ":" + kernelMinor);
    }
}
