package io.vigil.agent.collect.kernelmodule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.event.KernelModule;
import io.vigil.model.event.KernelModule.Change;
import io.vigil.model.event.KernelModule.Operation;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelModuleCollectorTest {
  private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");

  @TempDir Path root;

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(KernelModuleCollectorTest.class.getResource(name).toURI());
  }

  private KernelModuleCollector collector(Path root) {
    return new KernelModuleCollector(new CollectorContext(root, Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.ofHours(3)));
  }

  @Test
  void reportsLoadsUnloadsAndReloadsWithEveryField() throws Exception {
    Files.createDirectories(root.resolve("proc"));
    Files.copy(resource("root/proc/modules"), root.resolve("proc/modules"));
    KernelModuleCollector c = collector(root);
    assertThat(c.name()).isEqualTo("kernel_module");
    assertThat(c.collect()).as("the first call learns the baseline").isEmpty();
    assertThat(c.collect()).as("nothing changed").isEmpty();

    Files.copy(resource("later/modules"), root.resolve("proc/modules"), StandardCopyOption.REPLACE_EXISTING);
    assertThat(c.collect()).singleElement().isInstanceOfSatisfying(KernelModule.class, e -> {
      assertThat(e.header().timestampUtc()).isEqualTo(NOW);
      assertThat(e.header().timestampLocal().getOffset()).isEqualTo(ZoneOffset.ofHours(3));
      assertThat(e.payload()).containsExactly(
          // usb_storage was unloaded and loaded again (another address); 8021q only finished loading.
          new Change(Operation.UNLOAD, "usb_storage", 81920L, Map.of("State", "Live")),
          new Change(Operation.LOAD, "usb_storage", 81920L, Map.of("State", "Live")),
          new Change(Operation.LOAD, "diamorphine", 16384L, Map.of("State", "Live", "Taint", "OE")));
    });
    assertThat(c.skippedLines()).isEqualTo(1);
    assertThat(c.lastSkipped()).contains(root.resolve("proc/modules") + ":4: 4 fields, expected 6 or 7 "
        + "(name size references used-by state address [taint]): 'this line is broken'");

    Files.copy(resource("root/proc/modules"), root.resolve("proc/modules"), StandardCopyOption.REPLACE_EXISTING);
    assertThat(c.collect()).singleElement().isInstanceOfSatisfying(KernelModule.class, e -> assertThat(e.payload()).containsExactly(
        new Change(Operation.UNLOAD, "usb_storage", 81920L, Map.of("State", "Live")),
        new Change(Operation.UNLOAD, "diamorphine", 16384L, Map.of("State", "Live", "Taint", "OE")),
        new Change(Operation.LOAD, "usb_storage", 81920L, Map.of("State", "Live"))));
  }

  @Test
  void dependenciesAndPermanentModules() throws Exception {
    Files.createDirectories(root.resolve("proc"));
    Files.writeString(root.resolve("proc/modules"), "");
    KernelModuleCollector c = collector(root);
    c.collect();
    Files.copy(resource("root/proc/modules"), root.resolve("proc/modules"), StandardCopyOption.REPLACE_EXISTING);
    assertThat(c.collect()).singleElement().isInstanceOfSatisfying(KernelModule.class, e -> assertThat(e.payload()).containsExactly(
        new Change(Operation.LOAD, "nf_nat", 57344L, Map.of("State", "Live", "Dependencies", "xt_MASQUERADE")),
        new Change(Operation.LOAD, "xt_MASQUERADE", 16384L, Map.of("State", "Live")),
        new Change(Operation.LOAD, "nf_conntrack", 176128L,
            Map.of("State", "Live", "Dependencies", "nf_nat,xt_MASQUERADE")),
        new Change(Operation.LOAD, "usb_storage", 81920L, Map.of("State", "Live")),
        new Change(Operation.LOAD, "8021q", 40960L, Map.of("State", "Loading")),
        new Change(Operation.LOAD, "ext4", 1007616L, Map.of("State", "Live", "Permanent", "true"))));
  }

  @Test
  void aMountedImageHasNoModuleData() {
    assertThatThrownBy(() -> collector(root).collect())
        .isInstanceOf(CollectorUnavailableException.class)
        .hasMessage("no " + root.resolve("proc/modules") + ": kernel module data exists only on a running system");
  }

  @Test
  void aProcWithoutModulesMeansNoModuleSupport() throws Exception {
    Files.createDirectories(root.resolve("proc"));
    assertThatThrownBy(() -> collector(root).collect())
        .isInstanceOf(CollectorUnavailableException.class)
        .hasMessage("no " + root.resolve("proc/modules") + ": the kernel was built without loadable module support (CONFIG_MODULES)");
  }

  @Test
  void theLiveModuleListParses() throws Exception {
    KernelModuleCollector c = new KernelModuleCollector(CollectorContext.live());
    Path modules = Path.of("/proc/modules");
    if (!Files.exists(modules)) {
      // This host's kernel (a Firecracker VM) has no loadable modules; the collector must say so.
      assertThatThrownBy(c::collect)
          .isInstanceOf(CollectorUnavailableException.class)
          .hasMessage("no /proc/modules: the kernel was built without loadable module support (CONFIG_MODULES)");
      return;
    }
    assertThat(c.collect()).isEmpty();
    assertThat(c.skippedLines()).as("skipped: %s", c.lastSkipped()).isZero();
    ProcModulesParser.Result live = ProcModulesParser.parse(Files.readString(modules), modules.toString());
    assertThat(live.errors()).isEmpty();
    assertThat(live.modules()).allSatisfy(m -> {
      assertThat(m.name()).isNotBlank();
      assertThat(m.sizeBytes()).isPositive();
    });
  }
}
