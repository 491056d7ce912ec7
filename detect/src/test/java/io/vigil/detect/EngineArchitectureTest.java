package io.vigil.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.MemberRefEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine owns no threads, clocks or storage: the compiled main classes of {@code detect} refer to
 * no method that starts a thread or runs work elsewhere, reads a clock or sleeps, or opens a network
 * connection; and only the file loaders listed here (rules, settings and feeds, read when the runtime
 * asks) touch files. Read from the classes' constant pools with the JDK's {@code java.lang.classfile}.
 */
class EngineArchitectureTest {
  /**
   * The loaders that read the files the runtime names, when it asks (see the module README): Sigma rule
   * files and directories, the built-in pack's files, the settings files (rule settings and custom
   * alerts, which {@code SettingsFile} also writes, atomically, when an API call changes them) and
   * threat-intelligence feeds.
   */
  static final Set<String> FILE_LOADERS = Set.of(
      "io.vigil.detect.sigma.SigmaRules",
      "io.vigil.detect.pack.RuleFiles",
      "io.vigil.detect.settings.SettingsFile",
      "io.vigil.detect.intel.Feeds");

  /** Owner (internal name) and method name of what is forbidden everywhere. */
  static final List<Forbidden> FORBIDDEN = List.of(
      new Forbidden("starts a thread", (owner, name) -> owner.equals("java/lang/Thread")
          && Set.of("<init>", "start", "startVirtualThread", "ofPlatform", "ofVirtual").contains(name)),
      new Forbidden("sleeps", (owner, name) -> owner.equals("java/lang/Thread") && name.equals("sleep")),
      new Forbidden("runs work on an executor", (owner, name) -> owner.equals("java/util/concurrent/Executors")
          || owner.equals("java/util/concurrent/ForkJoinPool") || owner.equals("java/util/Timer")
          || owner.endsWith("ThreadPoolExecutor") && name.equals("<init>")
          || owner.equals("java/util/concurrent/CompletableFuture") && (name.endsWith("Async")
          || name.equals("delayedExecutor"))),
      new Forbidden("runs a parallel stream", (owner, name) -> name.equals("parallelStream")
          || owner.startsWith("java/util/stream/") && name.equals("parallel")),
      new Forbidden("reads a clock", (owner, name) -> owner.equals("java/time/Clock") || owner.equals("java/time/InstantSource")
          || owner.startsWith("java/time/") && name.equals("now")
          || owner.equals("java/lang/System") && (name.equals("currentTimeMillis") || name.equals("nanoTime"))),
      new Forbidden("opens a network connection", (owner, name) -> owner.startsWith("java/net/http/")
          || owner.equals("java/net/Socket") || owner.equals("java/net/ServerSocket")
          || owner.equals("java/net/URL") && (name.equals("openConnection") || name.equals("openStream"))));

  /** What touches files, allowed in {@link #FILE_LOADERS} only. */
  static final Forbidden FILES = new Forbidden("touches files", (owner, name) -> owner.equals("java/nio/file/Files")
      || owner.equals("java/nio/channels/FileChannel") || owner.equals("java/io/RandomAccessFile")
      || owner.startsWith("java/io/File") && !owner.equals("java/io/File"));

  record Forbidden(String what, BiPredicate<String, String> matches) {}

  @Test
  void mainClassesStartNoThreadsReadNoClockAndOnlyTheFileLoadersTouchFiles() throws IOException {
    List<Path> classes = mainClasses();
    List<String> violations = new ArrayList<>();
    Set<String> fileUsers = new TreeSet<>();
    for (Path file : classes) {
      violations.addAll(violations(file, FILE_LOADERS, fileUsers));
    }
    assertThat(classes).as("the compiled main classes were found").hasSizeGreaterThan(100);
    assertThat(violations).isEmpty();
    assertThat(fileUsers).as("every listed loader still touches files; drop the ones that no longer do").isEqualTo(FILE_LOADERS);
  }

  @Test
  void theScanFindsWhatItLooksFor() throws IOException {
    // This test class reads files, and names Instant.now and Thread.start below: the same scan flags it.
    Path self = location(EngineArchitectureTest.class).resolve("io/vigil/detect/EngineArchitectureTest.class");
    assertThat(violations(self, Set.of(), new TreeSet<>())).contains(
        "io.vigil.detect.EngineArchitectureTest touches files: java.nio.file.Files.readAllBytes",
        "io.vigil.detect.EngineArchitectureTest reads a clock: java.time.Instant.now",
        "io.vigil.detect.EngineArchitectureTest starts a thread: java.lang.Thread.start");
  }

  @SuppressWarnings("unused")
  private static void namesForbiddenMethods() {
    java.time.Instant.now();
    new Thread(() -> {}).start();
  }

  /** What {@code file}'s class refers to that it must not; adds it to {@code fileUsers} (by top-level class) if it touches files. */
  private static List<String> violations(Path file, Set<String> fileLoaders, Set<String> fileUsers) throws IOException {
    ClassModel model = ClassFile.of().parse(Files.readAllBytes(file));
    String className = model.thisClass().asInternalName().replace('/', '.');
    String topLevel = className.contains("$") ? className.substring(0, className.indexOf('$')) : className;
    List<String> out = new ArrayList<>();
    for (PoolEntry entry : model.constantPool()) {
      if (!(entry instanceof MemberRefEntry ref)) {
        continue;
      }
      String owner = ref.owner().asInternalName();
      String name = ref.name().stringValue();
      for (Forbidden f : FORBIDDEN) {
        if (f.matches().test(owner, name)) {
          out.add(className + " " + f.what() + ": " + owner.replace('/', '.') + "." + name);
        }
      }
      if (FILES.matches().test(owner, name)) {
        fileUsers.add(topLevel);
        if (!fileLoaders.contains(topLevel)) {
          out.add(className + " " + FILES.what() + ": " + owner.replace('/', '.') + "." + name);
        }
      }
    }
    return out;
  }

  private static List<Path> mainClasses() throws IOException {
    try (Stream<Path> files = Files.walk(location(Detection.class))) {
      return files.filter(p -> p.toString().endsWith(".class")).toList();
    }
  }

  private static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the classes of " + type.getName() + ": " + e.getMessage(), e);
    }
  }
}
