package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.astronest.inference.nested.NestedSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamplerFactoryNestedTest {

    @Test
    void configOptionsAreReadAndFlagsWin(@TempDir Path dir) {
        SamplerFlags flags = new SamplerFlags();
        flags.livePoints = 123;
        flags.resume = true;
        NestedSampler s = (NestedSampler) SamplerFactory.create("nested", flags, Map.of("live_points", 500,
                "dlogz", 0.3, "max_calls", 100000, "threads", 3, "bound", "cube", "step", "slice",
                "checkpoint_seconds", 2.5), dir);
        NestedSampler.Options o = s.options();
        assertEquals(123, o.livePoints(), "the flag wins over live_points");
        assertEquals(0.3, o.dlogz());
        assertEquals(100000, o.maxCalls());
        assertEquals(3, o.threads());
        assertEquals(NestedSampler.Bound.CUBE, o.bound());
        assertEquals(NestedSampler.StepMethod.SLICE, o.step());
        assertEquals(2.5, o.checkpointSeconds());
        assertTrue(o.resume());
        assertEquals("nested", s.name());
    }

    @Test
    void bootstrapsFlagWinsOverTheConfigAndIsRefusedByNuts(@TempDir Path dir) {
        SamplerFlags flags = new SamplerFlags();
        flags.bootstraps = 30;
        NestedSampler s = (NestedSampler) SamplerFactory.create("nested", flags, Map.of("bootstraps", 1), dir);
        assertEquals(30, s.options().bootstraps(), "--bootstraps 30 over the config's bootstraps: 1");
        Main.UsageException e = assertThrows(Main.UsageException.class,
                () -> SamplerFactory.create("nuts", flags, Map.of(), dir));
        assertEquals("--bootstraps applies to the nested sampler, not to 'nuts'", e.getMessage());
        flags.bootstraps = 0;
        e = assertThrows(Main.UsageException.class, () -> SamplerFactory.create("nested", flags, Map.of(), null));
        assertEquals("bootstraps must be >= 1, got 0", e.getMessage());
    }

    @Test
    void defaultsWithoutConfig() {
        NestedSampler s = (NestedSampler) SamplerFactory.create("nested", new SamplerFlags(), Map.of(), null);
        assertEquals(400, s.options().livePoints());
        assertEquals(0.5, s.options().dlogz()); // MultiNest tol and UltraNest dlogz default
        assertEquals(false, s.options().resume());
    }

    @Test
    void badOptionsNameTheKeyAndValue() {
        Main.UsageException e = assertThrows(Main.UsageException.class,
                () -> SamplerFactory.create("nested", new SamplerFlags(), Map.of("livepoints", 3), null));
        assertTrue(e.getMessage().contains("livepoints"), e.getMessage());
        e = assertThrows(Main.UsageException.class,
                () -> SamplerFactory.create("nested", new SamplerFlags(), Map.of("bound", "spheres"), null));
        assertTrue(e.getMessage().contains("bound") && e.getMessage().contains("spheres"), e.getMessage());
        e = assertThrows(Main.UsageException.class,
                () -> SamplerFactory.create("nested", new SamplerFlags(), Map.of("dlogz", "abc"), null));
        assertTrue(e.getMessage().contains("dlogz") && e.getMessage().contains("abc"), e.getMessage());
        SamplerFlags f = new SamplerFlags();
        f.livePoints = 1;
        e = assertThrows(Main.UsageException.class, () -> SamplerFactory.create("nested", f, Map.of(), null));
        assertEquals("live_points must be >= 2, got 1", e.getMessage());
    }
}
