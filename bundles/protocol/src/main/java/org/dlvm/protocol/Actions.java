package org.dlvm.protocol;

/** The actions agents answer. */
public final class Actions {
    /** A dpv answers its volume group's total_size and free_size; an ihost its initiator_iqn. */
    public static final String DESCRIBE = "describe";

    private Actions() {
    }
}
