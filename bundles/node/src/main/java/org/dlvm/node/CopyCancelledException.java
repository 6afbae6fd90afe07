package org.dlvm.node;

/** A copy stopped because its owner asked it to ({@link CopyProgress#cancelled}). */
public class CopyCancelledException extends NodeException {
    private static final long serialVersionUID = 1L;

    public CopyCancelledException(String message) {
        super(message);
    }
}
