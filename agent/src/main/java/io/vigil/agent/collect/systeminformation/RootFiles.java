package io.vigil.agent.collect.systeminformation;

import io.vigil.agent.collect.CollectorContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads files under a collector's root, following symbolic links as if the root were {@code /}.
 *
 * <p>On a mounted firmware image an absolute link such as {@code /bin/sh -> /bin/busybox} must
 * resolve inside the image, not on the host that reads it. Every reader returns null for a file
 * that is missing or unreadable: most of what this collector reads is optional.
 */
final class RootFiles {
  private static final int MAX_LINKS = 40;

  private final Path root;

  RootFiles(CollectorContext ctx) {
    this.root = ctx.root();
  }

  /** {@code absolute} under the root, its links resolved inside the root; as far as it resolves. */
  Path resolve(String absolute) {
    return resolve(absolute, 0);
  }

  private Path resolve(String absolute, int links) {
    Path current = root;
    String[] parts = absolute.split("/");
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        current = current.equals(root) ? root : current.getParent();
        continue;
      }
      Path next = current.resolve(part);
      if (!Files.isSymbolicLink(next)) {
        current = next;
        continue;
      }
      if (links >= MAX_LINKS) {
        return next; // a loop: reading it fails as the kernel's own resolution would
      }
      String target;
      try {
        target = Files.readSymbolicLink(next).toString();
      } catch (IOException e) {
        return next; // a link we cannot read: reading through it fails the same way
      }
      String rest = String.join("/", List.of(parts).subList(i + 1, parts.length));
      String base = target.startsWith("/") ? "" : "/" + root.relativize(current);
      return resolve(base + "/" + target + "/" + rest, links + 1);
    }
    return current;
  }

  /** The stripped text of the file; null when missing, unreadable or empty. */
  String text(String absolute) {
    try {
      String text = Files.readString(resolve(absolute), StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? null : text;
    } catch (IOException e) {
      return null;
    }
  }

  /** The file's lines; null when missing or unreadable. */
  List<String> lines(String absolute) {
    try {
      return Files.readAllLines(resolve(absolute), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return null;
    }
  }

  /** Up to {@code n} first bytes of the file; null when missing or unreadable. */
  byte[] head(String absolute, int n) {
    try (InputStream in = Files.newInputStream(resolve(absolute))) {
      return in.readNBytes(n);
    } catch (IOException e) {
      return null;
    }
  }

  /** The file's path under the root, for messages. */
  Path path(String absolute) {
    return root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
  }
}
