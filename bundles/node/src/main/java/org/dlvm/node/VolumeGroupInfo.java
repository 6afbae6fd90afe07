package org.dlvm.node;

public record VolumeGroupInfo(String name, long sizeBytes, long freeBytes) {
}
