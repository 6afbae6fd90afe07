package org.dlvm.api;

/** The object as stored when a request was accepted, and the operation that carries it on. */
public record Accepted<T>(T object, Operation operation) {
}
