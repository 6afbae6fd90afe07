package org.dlvm.api;

import java.io.IOException;
import java.io.OutputStream;

/** The controller's figures as a scraper reads them (GET /api/v1/metrics). */
public interface MetricsExposition {
    /** The media type of what {@link #write} writes. */
    String contentType();

    /** Gathers every figure now and writes them out. */
    void write(OutputStream out) throws IOException;
}
