package org.dlvm.api;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class AuditRecordTest {
    @Test
    public void aLineHasEveryFieldQuotedAndAnAbsentOneAsADash() {
        assertEquals("user=\"admin\" source=\"10.0.0.5\" request=\"POST /api/v1/dlvs\" outcome=\"202\"",
                new AuditRecord("admin", "10.0.0.5", "POST /api/v1/dlvs", "202").line());
        assertEquals("user=- source=\"shell\" request=\"dlvm:dpv-remove d1\" outcome=\"ok\"",
                new AuditRecord(null, "shell", "dlvm:dpv-remove d1", "ok").line());
    }

    @Test
    public void aValueCannotForgeAFieldOrALine() {
        String line = new AuditRecord("x\" outcome=\"202", "shell", "a\nuser=\"root\"", "ok").line();
        assertEquals("user=\"x\\\" outcome=\\\"202\" source=\"shell\" request=\"a\\nuser=\\\"root\\\"\" outcome=\"ok\"", line);
        assertEquals(1, line.lines().count());
    }
}
