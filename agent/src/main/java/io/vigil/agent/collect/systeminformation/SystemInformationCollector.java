package io.vigil.agent.collect.systeminformation;

import io.vigil.agent.collect.Collector;
import io.vigil.agent.collect.CollectorContext;
import io.vigil.agent.collect.CollectorUnavailableException;
import io.vigil.model.event.Diagnostic;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SystemInformation;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code system_information} collector: a snapshot of the OS, host, hardware and memory, as one
 * {@link SystemInformation} item.
 *
 * <p>It reads the live system or a mounted firmware image alike: the OS from etc/os-release (or
 * lsb-release, openwrt_release), the architecture from the ELF header of bin/sh (so a MIPS image
 * read on an x86 host says {@code mips}), the host name from /proc/sys/kernel/hostname or
 * etc/hostname, the BIOS version from DMI, the boot device (see {@link BootDevice}), and memory
 * from /proc/meminfo (free is MemAvailable; virtual is swap). What exists only on a running system
 * is omitted on an image, not an error.
 *
 * <p>ExtraDetails, each when known: {@code Kernel} (release; on an image the lib/modules
 * versions), {@code KernelVersion}, {@code BootTime} (ISO-8601), {@code Uptime} (seconds),
 * {@code HardwareVendor} and {@code HardwareModel} (DMI, or the device tree on ARM boards),
 * {@code Nics} ({@code eth0=aa:bb:cc:dd:ee:ff;...}), {@code Addresses} (see
 * {@link InterfaceAddresses}), {@code CpuModel}, {@code CpuCount}. Malformed input is reported
 * once as a Diagnostic warning. Needs no privileges. Not thread-safe: one collector thread calls it.
 */
public final class SystemInformationCollector implements Collector {
  private static final List<String> EXECUTABLES = List.of("/bin/sh", "/usr/bin/env", "/bin/busybox");

  private final CollectorContext ctx;
  private final RootFiles files;
  private final HostFacts host;
  private final Set<String> reported = new HashSet<>();

  public SystemInformationCollector(CollectorContext ctx) {
    this(ctx, ByteOrder.nativeOrder());
  }

  /** @param order the byte order of the host that wrote /proc/net/route (for fixtures) */
  SystemInformationCollector(CollectorContext ctx, ByteOrder order) {
    this.ctx = ctx;
    this.files = new RootFiles(ctx);
    this.host = new HostFacts(files, order);
  }

  @Override
  public String name() {
    return "system_information";
  }

  /**
   * One {@link SystemInformation} event, after a warning naming malformed input not reported before.
   *
   * @throws CollectorUnavailableException if nothing at all could be read under the root
   */
  @Override
  public List<SecurityEvent> collect() throws CollectorUnavailableException {
    List<String> problems = new ArrayList<>();
    Map<String, String> os = osRelease(problems);
    Map<String, Long> memory = host.memory(problems);
    Map<String, String> extra = host.details(problems);
    String hostName = first(files.text("/proc/sys/kernel/hostname"), firstLine(files.text("/etc/hostname")));
    SystemInformation.Info info = new SystemInformation.Info(
        first(os.get("NAME"), os.get("PRETTY_NAME"), os.get("DISTRIB_ID")),
        first(os.get("VERSION_ID"), os.get("VERSION"), os.get("DISTRIB_RELEASE")),
        first(os.get("VENDOR_NAME"), os.get("ID"), os.get("DISTRIB_ID")),
        architecture(problems),
        hostName,
        files.text("/sys/class/dmi/id/bios_version"),
        BootDevice.find(files.lines("/proc/mounts"), files.text("/proc/cmdline"), files.lines("/etc/fstab")),
        memory.get("MemTotal"),
        memory.containsKey("MemAvailable") ? memory.get("MemAvailable") : memory.get("MemFree"),
        memory.get("SwapTotal"),
        memory.get("SwapFree"),
        extra);
    if (info.equals(new SystemInformation.Info(null, null, null, null, null, null, null, null, null, null, null, Map.of()))) {
      throw new CollectorUnavailableException("nothing to read under " + ctx.root()
          + ": no etc/os-release, bin/sh, etc/hostname, proc/meminfo or sys/class/dmi");
    }
    List<SecurityEvent> events = new ArrayList<>(2);
    warning(problems).ifPresent(events::add);
    events.add(new SystemInformation(ctx.header(), List.of(info)));
    return events;
  }

  /** os-release(5), or else the DISTRIB_* keys of lsb-release or openwrt_release. */
  private Map<String, String> osRelease(List<String> problems) {
    for (String file : List.of("/etc/os-release", "/usr/lib/os-release", "/etc/openwrt_release", "/etc/lsb-release")) {
      List<String> lines = files.lines(file);
      if (lines != null) {
        return ShellAssignments.parse(lines, files.path(file).toString(), problems);
      }
    }
    return Map.of();
  }

  /** The architecture of the first readable executable; its problems are reported only if none is. */
  private String architecture(List<String> problems) {
    List<String> tried = new ArrayList<>();
    for (String file : EXECUTABLES) {
      byte[] head = files.head(file, ElfHeader.LENGTH);
      if (head != null) {
        try {
          return ElfHeader.architecture(head, files.path(file).toString());
        } catch (IllegalArgumentException e) {
          tried.add(e.getMessage());
        }
      }
    }
    problems.addAll(tried);
    return null;
  }

  private Optional<Diagnostic> warning(List<String> problems) {
    long pid = ProcessHandle.current().pid();
    long thread = Thread.currentThread().threadId();
    List<Diagnostic.Entry> entries = problems.stream()
        .filter(reported::add)
        .map(p -> new Diagnostic.Entry(null, Diagnostic.Level.WARNING, name() + ": " + p, pid, thread, Map.of("Collector", name())))
        .toList();
    return entries.isEmpty() ? Optional.empty() : Optional.of(new Diagnostic(ctx.header(), entries));
  }

  private static String firstLine(String text) {
    return text == null ? null : text.lines().findFirst().map(String::strip).orElse(null);
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
