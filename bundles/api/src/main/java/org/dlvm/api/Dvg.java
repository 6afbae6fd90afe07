package org.dlvm.api;

import java.util.List;

/** A group of dpvs; its sizes are the sums over its members. */
public record Dvg(String name, List<String> dpvs, long totalSize, long freeSize, int dlvCount) {
}
