package io.vigil.agent.collect.kernelmodule;

import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.Require;
import io.vigil.model.event.KernelModule;
import io.vigil.model.event.SecurityEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code kernel_module} collector (triggered): a KernelModule event with a LOAD for each module
 * that appeared in /proc/modules since the previous call and an UNLOAD for each that went away. A
 * module reloaded at another address between two calls counts as both. The first call learns the
 * loaded modules and returns nothing.
 *
 * <p>ExtraDetails: {@code State} (Live, Loading, Unloading), {@code Dependencies} (the modules that
 * use this one, comma-separated, from the "used by" column; absent when none) and {@code Taint}
 * (such as {@code OE}, when the module taints the kernel), {@code Permanent=true} for a module
 * that cannot be unloaded. Needs no privileges. Malformed lines are
 * skipped and counted. Not thread-safe: the agent thread calls it.
 */
public final class KernelModuleCollector implements Collector {
  private final CollectorContext ctx;
  private final Path modulesFile;
  private Map<String, LoadedModule> known;
  private long skippedLines;
  private String lastSkipped;

  public KernelModuleCollector(CollectorContext ctx) {
    this.ctx = Require.present(ctx, "ctx");
    this.modulesFile = ctx.path("/proc/modules");
  }

  @Override
  public String name() {
    return "kernel_module";
  }

  /** Lines of /proc/modules skipped because they could not be parsed, since the collector started. */
  public long skippedLines() {
    return skippedLines;
  }

  /** The last skipped line's {@code file:line: why}, or empty. */
  public Optional<String> lastSkipped() {
    return Optional.ofNullable(lastSkipped);
  }

  @Override
  public List<SecurityEvent> collect() throws CollectorUnavailableException {
    Map<String, LoadedModule> now = new LinkedHashMap<>();
    for (LoadedModule m : read()) {
      now.put(m.name(), m);
    }
    Map<String, LoadedModule> before = known;
    known = now;
    if (before == null) {
      return List.of();
    }
    List<KernelModule.Change> changes = new ArrayList<>();
    before.forEach((name, old) -> {
      LoadedModule current = now.get(name);
      if (current == null || reloaded(old, current)) {
        changes.add(change(KernelModule.Operation.UNLOAD, old));
      }
    });
    now.forEach((name, current) -> {
      LoadedModule old = before.get(name);
      if (old == null || reloaded(old, current)) {
        changes.add(change(KernelModule.Operation.LOAD, current));
      }
    });
    return changes.isEmpty() ? List.of() : List.of(new KernelModule(ctx.header(), changes));
  }

  /** Both addresses are known (the kernel shows them to root) and differ: unloaded and loaded again. */
  private static boolean reloaded(LoadedModule old, LoadedModule current) {
    return old.address() != 0 && current.address() != 0 && old.address() != current.address();
  }

  private static KernelModule.Change change(KernelModule.Operation operation, LoadedModule m) {
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("State", m.state());
    if (!m.usedBy().isEmpty()) {
      extra.put("Dependencies", String.join(",", m.usedBy()));
    }
    if (m.taint() != null) {
      extra.put("Taint", m.taint());
    }
    if (m.permanent()) {
      extra.put("Permanent", "true");
    }
    return new KernelModule.Change(operation, m.name(), m.sizeBytes(), extra);
  }

  private List<LoadedModule> read() throws CollectorUnavailableException {
    String text;
    try {
      text = Files.readString(modulesFile, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      if (!ctx.isLiveRoot() && !Files.isDirectory(ctx.path("/proc"))) {
        throw new CollectorUnavailableException(
            "no " + modulesFile + ": kernel module data exists only on a running system");
      }
      throw new CollectorUnavailableException("no " + modulesFile
          + ": the kernel was built without loadable module support (CONFIG_MODULES)");
    } catch (IOException e) {
      throw new CollectorUnavailableException("cannot read " + modulesFile + ": " + e, e);
    }
    ProcModulesParser.Result result = ProcModulesParser.parse(text, modulesFile.toString());
    if (!result.errors().isEmpty()) {
      skippedLines += result.errors().size();
      lastSkipped = result.errors().getLast();
    }
    return result.modules();
  }
}
