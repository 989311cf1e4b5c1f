package org.treestore.engine.crash;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.treestore.engine.Store;

/** What crash tests need to start a child JVM that runs engine code: its binary and class path. */
public final class ChildJvm {
  private ChildJvm() {}

  /** The running JVM's own {@code java} binary. */
  public static String javaBinary() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * The children's class path: where {@code child} and the engine were loaded from first, then
   * this JVM's class path, so the child runs the same code whether the test runner passes the class
   * path directly or through a manifest-only jar. Class directories are copied to {@code into}
   * once, so every child of a run executes the same code even if {@code target/classes} is rebuilt
   * meanwhile (parallel builds in the same tree did that).
   */
  public static String classPath(Class<?> child, Path into) throws IOException {
    Set<String> entries = new LinkedHashSet<>();
    for (Class<?> c : List.of(child, Store.class)) {
      try {
        entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (URISyntaxException | RuntimeException e) {
        // No usable code source: the JVM's class path below still has it.
      }
    }
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!e.isEmpty()) {
        entries.add(e);
      }
    }
    List<String> result = new ArrayList<>();
    for (String e : entries) {
      Path p = Path.of(e);
      if (Files.isDirectory(p)) {
        Path copy = into.resolve(Integer.toString(result.size()));
        copyTree(p, copy);
        result.add(copy.toString());
      } else {
        result.add(e);
      }
    }
    return String.join(File.pathSeparator, result);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (Files.isRegularFile(p)) {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
