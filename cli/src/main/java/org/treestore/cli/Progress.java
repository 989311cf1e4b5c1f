package org.treestore.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar on standard error: {@code [#######-------]  12/40  30%  25.1 docs/s  name}.
 *
 * <p>On a terminal the line is redrawn in place ({@code \r}) at most ten times a second; elsewhere
 * (a log file, a test) a plain line is written at most once a second, so logs stay short. Messages
 * printed while the bar is shown go through {@link #message}, which clears the bar first.
 */
final class Progress {
  private static final int BAR = 24;

  private final PrintStream err;
  private final int total;
  private final boolean enabled;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private long lastDraw;
  private int lastLength;
  private int done;

  Progress(PrintStream err, int total, boolean enabled, boolean terminal) {
    this.err = err;
    this.total = total;
    this.enabled = enabled;
    this.terminal = terminal;
  }

  /** One more item finished; {@code name} is shown beside the bar. */
  void step(String name) {
    done++;
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    long every = terminal ? 100_000_000L : 1_000_000_000L;
    if (done < total && now - lastDraw < every) {
      return;
    }
    lastDraw = now;
    draw(name, done == total);
  }

  /** Prints a line above the bar. */
  void message(String line) {
    clear();
    err.println(line);
    err.flush();
  }

  /** Ends the bar's line. */
  void finish() {
    if (enabled && terminal && lastLength > 0) {
      err.println();
      lastLength = 0;
    }
    err.flush();
  }

  private void draw(String name, boolean last) {
    double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    int filled = total == 0 ? BAR : (int) ((long) BAR * done / total);
    String text = String.format(Locale.ROOT, "[%s%s] %" + digits(total) + "d/%d %3d%%  %.1f docs/s  %s",
        "#".repeat(filled), "-".repeat(BAR - filled), done, total, total == 0 ? 100 : 100L * done / total,
        done / seconds, name);
    if (terminal) {
      // Pad over the rest of the previous, maybe longer, line.
      err.print("\r" + text + " ".repeat(Math.max(0, lastLength - text.length())));
      lastLength = text.length();
    } else {
      err.println(text);
    }
    err.flush();
  }

  private void clear() {
    if (enabled && terminal && lastLength > 0) {
      err.print("\r" + " ".repeat(lastLength) + "\r");
      lastLength = 0;
    }
  }

  private static int digits(int n) {
    return Integer.toString(Math.max(n, 1)).length();
  }
}
