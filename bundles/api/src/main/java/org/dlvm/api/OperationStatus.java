package org.dlvm.api;

public enum OperationStatus {
    pending, running, succeeded, failed;

    public boolean isFinished() {
        return this == succeeded || this == failed;
    }
}
