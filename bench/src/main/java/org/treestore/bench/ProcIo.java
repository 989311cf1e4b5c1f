package org.treestore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The write counters Linux keeps for this process in {@code /proc/self/io}, so a benchmark can
 * report the bytes an engine writes per operation (write amplification) next to its speed.
 *
 * <p>{@code wchar} counts the bytes passed to {@code write}-family system calls, whether or not
 * they reach the disk yet; it includes everything the process writes (JMH's own output is a few
 * hundred bytes per iteration, nothing next to a log).
 */
final class ProcIo {
  private static final Path FILE = Path.of("/proc/self/io");

  private ProcIo() {}

  /** Bytes written so far by this process ({@code wchar}), or -1 where the file is missing. */
  static long wchar() {
    try {
      for (String line : Files.readAllLines(FILE)) {
        if (line.startsWith("wchar:")) {
          return Long.parseLong(line.substring(6).trim());
        }
      }
      return -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
