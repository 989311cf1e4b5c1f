package org.treestore.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.io.MemoryFileIo;
import org.treestore.engine.page.Bytes;
import org.treestore.engine.page.PageLayout;

/** Files of another program, another format version or a bad page size are refused on open. */
class FormatTest {

  private static byte[] freshImage(int pageSize) {
    MemoryFileIo io = new MemoryFileIo("f.tsdb");
    try (Store s = Store.open(io, StoreOptions.DEFAULT.withPageSize(pageSize))) {
      s.tree("t").put(new byte[] {1}, new byte[] {2});
    }
    return io.snapshot();
  }

  @Test
  void foreignFileIsRefusedByName(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("notes.txt");
    Files.write(file, "This is a text file, not a database. ".repeat(100).getBytes());
    FormatException e = assertThrows(FormatException.class, () -> Store.open(file));
    assertTrue(e.getMessage().contains("notes.txt") && e.getMessage().contains("not a TreeStore database"),
        e.getMessage());
    assertEquals(3700, Files.size(file), "the refused file is untouched");
  }

  @Test
  void tinyFileIsRefused() {
    FormatException e = assertThrows(FormatException.class,
        () -> Store.open(new MemoryFileIo("tiny", new byte[] {1, 2, 3}), StoreOptions.DEFAULT));
    assertTrue(e.getMessage().contains("tiny"));
  }

  @Test
  void otherFormatVersionIsRefusedWithBothVersions() {
    byte[] img = freshImage(4096);
    Bytes.putInt(img, 24, 4);
    restampHeader(img, 4096);
    FormatException e = assertThrows(FormatException.class,
        () -> Store.open(new MemoryFileIo("v4.tsdb", img), StoreOptions.DEFAULT));
    assertTrue(e.getMessage().contains("version 4") && e.getMessage().contains("versions 1 to 3")
        && e.getMessage().contains("newer"), e.getMessage());
  }

  /**
   * A version 2 file (every free page rewritten as a FREE page) opens unchanged, passes the check,
   * and is written as version 3 from its next commit.
   */
  @Test
  void version2FileIsReadAndWrittenAsVersion3() {
    MemoryFileIo io = new MemoryFileIo("v2.tsdb");
    try (Store s = Store.open(io, StoreOptions.DEFAULT.withPageSize(4096))) {
      for (int i = 0; i < 2000; i++) {
        s.tree("t").put(String.format("k%05d", i).getBytes(), new byte[60]);
      }
      s.commit();
      for (int i = 0; i < 2000; i += 2) {
        s.tree("t").delete(String.format("k%05d", i).getBytes());
      }
      s.commit();
    }
    byte[] img = io.snapshot();
    java.util.BitSet free = FreePagesTest.freePages(img);
    assertTrue(free.cardinality() > 0);
    for (int p = free.nextSetBit(0); p >= 0; p = free.nextSetBit(p + 1)) {
      byte[] page = new byte[4096];
      page[PageLayout.TYPE] = org.treestore.engine.page.PageType.FREE;
      PageLayout.stamp(p, page, 4096);
      System.arraycopy(page, 0, img, p * 4096, 4096);
    }
    Bytes.putInt(img, 24, 2);
    restampHeader(img, 4096);
    MemoryFileIo v2 = new MemoryFileIo("v2.tsdb", img);
    try (Store s = Store.open(v2, StoreOptions.DEFAULT)) {
      assertTrue(s.check().isOk(), () -> s.check().toString());
      assertEquals(60, s.tree("t").get("k00001".getBytes()).length);
      s.tree("t").put("new".getBytes(), new byte[] {1});
    }
    assertEquals(3, Bytes.getInt(v2.snapshot(), 24));
  }

  @Test
  void unsupportedPageSizeIsRefused() {
    byte[] img = freshImage(4096);
    Bytes.putInt(img, 28, 1000);
    FormatException e = assertThrows(FormatException.class,
        () -> Store.open(new MemoryFileIo("ps.tsdb", img), StoreOptions.DEFAULT));
    assertTrue(e.getMessage().contains("page size of 1000"), e.getMessage());
  }

  @Test
  void truncatedFileIsReportedAsCorrupt() {
    byte[] img = freshImage(4096);
    byte[] cut = java.util.Arrays.copyOf(img, img.length - 4096);
    CorruptionException e = assertThrows(CorruptionException.class,
        () -> Store.open(new MemoryFileIo("cut.tsdb", cut), StoreOptions.DEFAULT));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void existingFileKeepsItsPageSize() {
    for (int size : new int[] {4096, 8192, 16384}) {
      byte[] img = freshImage(size);
      assertEquals(0, img.length % size);
      try (Store s = Store.open(new MemoryFileIo("ps", img), StoreOptions.DEFAULT.withPageSize(4096))) {
        assertEquals(size, s.pageSize());
        assertEquals(2, s.tree("t").get(new byte[] {1})[0]);
      }
    }
  }

  @Test
  void badOptionsAreRejectedWithTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StoreOptions.DEFAULT.withPageSize(5000));
    assertTrue(e.getMessage().contains("5000"));
    assertThrows(IllegalArgumentException.class, () -> StoreOptions.DEFAULT.withCacheSizeBytes(0));
  }

  private static void restampHeader(byte[] img, int pageSize) {
    byte[] p = java.util.Arrays.copyOf(img, pageSize);
    PageLayout.stamp(0, p, pageSize);
    System.arraycopy(p, 0, img, 0, pageSize);
  }
}
