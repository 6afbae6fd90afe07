package org.dlvm.node.linux;

/**
 * One LV as {@code lvm lvs} reports it.
 *
 * @param attributes lv_attr, e.g. {@code -wi-ao----}: the 5th character is 'a' when active, the 6th 'o' when open
 */
public record LogicalVolumeInfo(String name, long sizeBytes, String attributes) {
    public boolean isActive() {
        return attributes.length() > 4 && attributes.charAt(4) == 'a';
    }

    /** Held open (by a dm linear above it, say): removing it now would fail, or worse with -f on some versions. */
    public boolean isOpen() {
        return attributes.length() > 5 && attributes.charAt(5) == 'o';
    }
}
