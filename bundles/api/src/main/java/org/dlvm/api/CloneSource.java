package org.dlvm.api;

/**
 * What a clone copies: snapshot {@code snapshot} of dlv {@code dlv}. A clone of a dlv copies the
 * snapshot {@code clone-<clone>} the request took of it (deleted when the copy ends); one of a
 * snapshot names it, and {@code snapshot} is that snapshot's name.
 */
public record CloneSource(String dlv, String snapshot) {
}
