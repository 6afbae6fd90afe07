package org.dlvm.worker;

/** What a leg's mirror holds in its stripe member's thin pool (the stored name is the constant's). */
enum LegKind {
    meta, data
}
