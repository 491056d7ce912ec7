package io.vigil.agent.spool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child process of {@link DiskSpoolCrashTest}: appends "record-N" to the spool in the
 * directory given as the only argument, cycling through the priorities, and prints each seq once
 * append has returned; every 50th seq it acknowledges up to 25 back and prints "ack N". Runs until
 * it is killed.
 */
final class SpoolCrashChild {
  private SpoolCrashChild() {}

  public static void main(String[] args) throws IOException {
    Priority[] priorities = Priority.values();
    try (DiskSpool spool = DiskSpool.open(Path.of(args[0]), new SpoolSettings(1L << 30, 4096))) {
      for (long i = 1; ; i++) {
        byte[] payload = ("record-" + i).getBytes(StandardCharsets.UTF_8);
        long seq = spool.append(priorities[(int) (i % priorities.length)], payload).orElseThrow();
        System.out.println(seq);
        if (seq % 50 == 0) {
          spool.acknowledge(seq - 25);
          System.out.println("ack " + (seq - 25));
        }
        System.out.flush();
      }
    }
  }
}
