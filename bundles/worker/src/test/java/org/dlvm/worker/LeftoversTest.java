package org.dlvm.worker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.dlvm.api.KernelPart;
import org.dlvm.protocol.AgentResult;
import org.dlvm.store.LegEntity;
import org.junit.Test;

/** The rules of what a node holds that no row wants, without a database or a kernel. */
public class LeftoversTest {
    private static final String LONG = "volume-" + "x".repeat(110);
    private static final Leftovers.Rows ROWS = new Leftovers.Rows(
            Map.of("v1", new Leftovers.DlvRow("v1", "ih1", true), "cold", new Leftovers.DlvRow("cold", null, false),
                    LONG, new Leftovers.DlvRow(LONG, "ih1", true)),
            Map.of("l1", new Leftovers.LegRow("l1", "v1", "dpv1", LegEntity.EXPORTED),
                    "l2", new Leftovers.LegRow("l2", "v1", "dpv1", LegEntity.MISSING),
                    "l3", new Leftovers.LegRow("l3", "cold", "dpv1", LegEntity.CREATED),
                    "l4", new Leftovers.LegRow("l4", "v1", "dpv1", LegEntity.CREATED)),
            Map.of("r1", "v1"),
            Map.of("ih1", "iqn.2026-11.org.example:ih1"));

    private static AgentResult.IhostHoldings ihost(List<String> parts, List<String> sessions) {
        return new AgentResult.IhostHoldings(parts, sessions);
    }

    @Test
    public void anIhostKeepsWhatItServesWhateverTheNameLooksLikeInTheKernel() {
        assertEquals(List.of(), Leftovers.ofIhost("ih1", ihost(List.of("v1", KernelPart.of(LONG)),
                List.of("l1", "l2", "r1")), ROWS));
    }

    @Test
    public void anotherIhostsCopyOfTheSameStacksGoesUnderEachDlvsOwnLock() {
        List<Leftovers.Cleanup> out = Leftovers.ofIhost("ih2", ihost(List.of("v1", KernelPart.of(LONG)),
                List.of("l1", "gone")), ROWS);
        assertEquals(List.of(
                new Leftovers.Cleanup("v1", new OperationArgs.DlvCleanup(null, "ih2", "v1", List.of("l1", "gone"))),
                new Leftovers.Cleanup(LONG, new OperationArgs.DlvCleanup(null, "ih2", KernelPart.of(LONG), List.of()))),
                out);
    }

    @Test
    public void sessionsOfLegsNoRowKnowsWithoutAStackTakeTheFirstLegsLock() {
        assertEquals(List.of(new Leftovers.Cleanup("gone1", new OperationArgs.DlvCleanup(null, "ih1", null,
                List.of("gone1", "gone2")))), Leftovers.ofIhost("ih1", ihost(List.of(), List.of("gone1", "l1", "gone2")),
                        ROWS));
    }

    @Test
    public void aDpvExportsALegOnlyToItsDlvsIhostAndOnlyWhileTheRowSaysSo() {
        AgentResult.DpvHoldings held = new AgentResult.DpvHoldings(List.of("l1", "l2", "l3", "l4", "r1", "stray"),
                Map.of("l1", List.of("iqn.2026-11.org.example:ih1"),
                        "l2", List.of("iqn.2026-11.org.example:ih1", "iqn.2026-11.org.example:old"),
                        "l3", List.of("iqn.2026-11.org.example:ih1"),
                        "l4", List.of("iqn.2026-11.org.example:ih1"),
                        "r1", List.of("iqn.2026-11.org.example:ih1"),
                        "stray", List.of()));
        assertEquals(List.of(
                new Leftovers.Cleanup("v1", new OperationArgs.DlvCleanup("dpv1", null, null, List.of("l2", "l4"))),
                new Leftovers.Cleanup("cold", new OperationArgs.DlvCleanup("dpv1", null, null, List.of("l3")))),
                Leftovers.ofDpv("dpv1", held, ROWS));
        assertEquals("what no row of the dpv knows is reported, never cut (a retired leg is its delete's)",
                List.of("stray"), Leftovers.unknownLegs("dpv1", held, ROWS));
        assertEquals("another dpv's leg by the same id is no leg of this one", List.of("l1"),
                Leftovers.unknownLegs("dpv2", new AgentResult.DpvHoldings(List.of("l1"), Map.of()), ROWS));
        assertEquals(List.of(), Leftovers.ofDpv("dpv2", new AgentResult.DpvHoldings(List.of(),
                Map.of("l1", List.of())), ROWS));
    }

    @Test
    public void aCleanupCarriesAtMostAHundredLegs() {
        List<String> many = java.util.stream.IntStream.range(0, 250).mapToObj(i -> String.format("gone%03d", i)).toList();
        List<Leftovers.Cleanup> out = Leftovers.ofIhost("ih1", ihost(List.of("old"), many), ROWS);
        assertEquals(3, out.size());
        assertEquals("old", out.get(0).args().dlvPart());
        assertEquals(null, out.get(1).args().dlvPart());
        assertEquals(many, out.stream().flatMap(c -> c.args().legs().stream()).toList());
        assertTrue(out.stream().allMatch(c -> c.dlv().equals("old") && c.args().legs().size() <= 100));
    }

    @Test
    public void whatAServedDlvLacksOnANodeIsNamedForARestore() {
        assertEquals(List.of("v1", LONG), Leftovers.missingOnIhost("ih1", ihost(List.of(), List.of()), ROWS));
        assertEquals(List.of(), Leftovers.missingOnIhost("ih1", ihost(List.of("v1", KernelPart.of(LONG)), List.of()),
                ROWS));
        assertEquals("a leg recorded exported that the dpv does not export", List.of("v1"),
                Leftovers.missingOnDpv("dpv1", new AgentResult.DpvHoldings(List.of(), Map.of()), ROWS));
        assertEquals(List.of(), Leftovers.missingOnDpv("dpv1", new AgentResult.DpvHoldings(List.of(),
                Map.of("l1", List.of("iqn.2026-11.org.example:ih1"))), ROWS));
    }
}
