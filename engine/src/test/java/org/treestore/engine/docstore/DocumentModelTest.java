package org.treestore.engine.docstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.Durability;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.btree.BTree;
import org.treestore.engine.doc.DocNode;
import org.treestore.engine.doc.PageIndexWriter;
import org.treestore.engine.key.KeyWriter;
import org.treestore.engine.tx.Transaction;
import org.treestore.engine.tx.TransactionCursor;

/**
 * Model-based randomized test of node edits: every write goes through {@link DocumentStore} and is
 * mirrored on a plain in-memory forest; every read is compared with the forest's answer. Invalid
 * writes must throw and leave every tree byte for byte as it was. Transactions commit one write,
 * commit several, or roll back several (the model then stays as it was).
 *
 * <p>More runs: {@code -Dtreestore.docModelSeeds=1000}; one seed: {@code
 * -Dtreestore.docModelFirstSeed=42 -Dtreestore.docModelSeeds=1}.
 */
class DocumentModelTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long FIRST_SEED = Long.getLong("treestore.docModelFirstSeed", 1);
  private static final int SEEDS = Integer.getInteger("treestore.docModelSeeds", 100);
  private static final int STEPS = Integer.getInteger("treestore.docModelSteps", 150);

  @TempDir Path dir;

  @Test
  void randomNodeEditsMatchTheModel() {
    for (long seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
      Run run = new Run(seed, dir.resolve("seed-" + seed + ".db"));
      try {
        run.run();
      } catch (Throwable e) {
        throw new AssertionError("seed " + seed + " failed at step " + run.step + " (rerun with -Dtreestore.docModelFirstSeed="
            + seed + " -Dtreestore.docModelSeeds=1); last operations:\n  " + String.join("\n  ", run.log) + "\n" + e, e);
      } finally {
        run.store.close();
      }
    }
  }

  /** One seed: a store, a document under edit, a bystander document that must never change. */
  final class Run {
    final long seed;
    final Random rnd;
    final Path file;
    final boolean longIds; // ids near the 128-byte limit and a long doc_id: paths can outgrow the index
    final String docId;
    final Set<String> everUsed = new HashSet<>();
    final Deque<String> log = new ArrayDeque<>();
    Store store;
    DocumentStore docs;
    int maxKey;
    ReferenceForest model;
    JsonNode bystander;
    int step;

    Run(long seed, Path file) {
      this.seed = seed;
      this.rnd = new Random(seed);
      this.file = file;
      this.longIds = seed % 5 == 0;
      this.docId = longIds ? "d".repeat(200) : "doc";
      open();
    }

    void open() {
      // Small pages for long ids: the path index's key limit (1,003 bytes) is then a few levels away.
      // NORMAL: durability is not under test and an fsync per commit would double the run time;
      // close still forces the log, so a reopen sees every commit.
      StoreOptions options = longIds ? StoreOptions.DEFAULT.withPageSize(4096) : StoreOptions.DEFAULT;
      store = Store.open(file, options.withDurability(Durability.NORMAL));
      docs = new DocumentStore(store);
      maxKey = BTree.maxKeyLength(store.pageSize());
    }

    void reopen() {
      store.close();
      open();
      note("reopen");
    }

    void note(String s) {
      log.addLast(s);
      if (log.size() > 12) {
        log.removeFirst();
      }
    }

    void run() {
      model = generate(rnd.nextInt(20) == 0 ? 0 : 1 + rnd.nextInt(40));
      ReferenceForest other = generate(3 + rnd.nextInt(10));
      bystander = PageIndexWriter.toJson(other.toDocument("bystander"));
      try (Transaction tx = store.begin()) {
        docs.insert(tx, docId, model.toDocument(docId), "gen.json");
        docs.insert(tx, "bystander", other.toDocument("bystander"), null);
        tx.commit();
      }
      note("insert " + model.nodes.size() + " nodes");
      verifyAll(model);
      for (step = 1; step <= STEPS; step++) {
        transaction();
        if (step % 10 == 0) {
          verifyAll(model);
        } else {
          try (Transaction tx = store.beginReadOnly()) {
            verifySome(tx, model, 1);
          }
        }
        if (rnd.nextInt(75) == 0) {
          reopen();
          verifyAll(model);
        }
      }
      step = STEPS + 1; // failures from here on are in the final reopen and check
      reopen();
      verifyAll(model);
      try (Transaction tx = store.beginReadOnly()) {
        DocumentChecker.Report report = docs.check(tx);
        assertEquals(2, report.documents());
        assertEquals(model.nodes.size() + docs.document(tx, "bystander").orElseThrow().nodeCount(), report.nodes());
      }
    }

    // ---- generation ----

    /** A random forest; ids "%04d" of distinct random numbers (with gaps), children at random places. */
    ReferenceForest generate(int n) {
      ReferenceForest m = new ReferenceForest();
      TreeSet<Integer> numbers = new TreeSet<>();
      while (numbers.size() < n) {
        numbers.add(rnd.nextInt(3 * n + 5));
      }
      List<String> made = new ArrayList<>();
      for (int number : numbers) {
        String parent = made.isEmpty() || rnd.nextInt(10) < 3 ? null : made.get(rnd.nextInt(made.size()));
        ReferenceForest.Node x = randomNode(String.format("%04d", number));
        m.attach(x, parent, rnd.nextInt(m.kids(parent).size() + 1));
        made.add(x.id);
        everUsed.add(x.id);
      }
      m.nextId = n;
      return m;
    }

    ReferenceForest.Node randomNode(String id) {
      ReferenceForest.Node x = new ReferenceForest.Node();
      x.id = id;
      x.title = randomTitle();
      Integer[] p = randomPages();
      x.start = p[0];
      x.end = p[1];
      x.line = rnd.nextInt(8) == 0 ? 1 + rnd.nextInt(500) : null;
      x.summary = rnd.nextBoolean() ? randomText(80) : null;
      x.prefix = rnd.nextInt(8) == 0 ? randomText(40) : null;
      x.text = rnd.nextInt(3) == 0 ? randomText(rnd.nextInt(15) == 0 ? 6000 : 300) : null;
      x.metadata = rnd.nextInt(5) == 0 ? randomMetadata()[1] : null;
      x.emptyList = rnd.nextInt(15) == 0;
      return x;
    }

    String randomTitle() {
      switch (rnd.nextInt(10)) {
        case 0: return null;
        case 1: return "";
        case 2: return "第" + rnd.nextInt(50) + "章 概述";
        case 3: return "অধ্যায় " + rnd.nextInt(50);
        default: return "Section " + rnd.nextInt(1000);
      }
    }

    String randomText(int maxLen) {
      StringBuilder b = new StringBuilder();
      int len = rnd.nextInt(maxLen + 1);
      String[] words = {"alpha", "leave", "報銷", "সেবা", "𝄞", "\n", "\u0000", "x"};
      while (b.length() < len) {
        b.append(words[rnd.nextInt(words.length)]).append(' ');
      }
      return b.toString();
    }

    /** Pages as real files have them: missing, reversed, single, wide, and a few extremes. */
    Integer[] randomPages() {
      int r = rnd.nextInt(40);
      if (r < 5) {
        return new Integer[] {null, null};
      } else if (r < 7) {
        return rnd.nextBoolean() ? new Integer[] {1 + rnd.nextInt(100), null} : new Integer[] {null, 1 + rnd.nextInt(100)};
      } else if (r < 10) {
        int s = 2 + rnd.nextInt(100);
        return new Integer[] {s, s - 1 - rnd.nextInt(s - 1)};
      } else if (r == 10) {
        int[][] extremes = {{Integer.MAX_VALUE - 3, Integer.MAX_VALUE}, {Integer.MIN_VALUE, 5}, {0, 0}, {-7, 2},
            {1, 1 << 20}, {Integer.MAX_VALUE, Integer.MAX_VALUE}};
        int[] e = extremes[rnd.nextInt(extremes.length)];
        return new Integer[] {e[0], e[1]};
      }
      int s = 1 + rnd.nextInt(120);
      return new Integer[] {s, s + (rnd.nextBoolean() ? rnd.nextInt(3) : rnd.nextInt(70))};
    }

    /** {text to pass in, canonical form the record must hold (null for an empty object)}. */
    String[] randomMetadata() {
      ObjectNode o = JSON.createObjectNode();
      switch (rnd.nextInt(4)) {
        case 0: o.put("line_start", rnd.nextInt(100)); break;
        case 1: o.put("tag", "t" + rnd.nextInt(9)).putObject("reviewed").put("by", "qa").put("ok", true); break;
        case 2: o.putArray("labels").add(1).add("二"); break;
        default: break; // {}: clears the metadata
      }
      try {
        return new String[] {JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o), o.isEmpty() ? null : o.toString()};
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }

    String freshId(ReferenceForest m) {
      int r = rnd.nextInt(10);
      if (longIds && r < 7) {
        return "L" + rnd.nextInt(10000) + "-" + "x".repeat(100 + rnd.nextInt(20));
      } else if (r < 2) {
        String[] odd = {"null", "a#1", "é", "中文", "x y", "n\u0000", "𝄞", "-", "10000"};
        return odd[rnd.nextInt(odd.length)] + (rnd.nextBoolean() ? "" : String.valueOf(rnd.nextInt(20)));
      }
      // Either may be taken already; the second also lies where the id counter will go.
      return String.format("%04d", rnd.nextBoolean() ? rnd.nextInt(m.nextId + 20) : m.nextId + rnd.nextInt(30));
    }

    String randomId(ReferenceForest m) {
      List<String> ids = new ArrayList<>(m.nodes.keySet());
      return ids.get(rnd.nextInt(ids.size()));
    }

    String pickParent(ReferenceForest m) {
      if (m.nodes.isEmpty() || rnd.nextInt(4) == 0) {
        return null;
      }
      if (longIds && rnd.nextBoolean()) { // grow the deepest branch towards the key limit
        String deepest = null;
        for (String id : m.nodes.keySet()) {
          if (deepest == null || m.depth(id) > m.depth(deepest)) {
            deepest = id;
          }
        }
        return deepest;
      }
      return randomId(m);
    }

    int pickPosition(int size) {
      switch (rnd.nextInt(4)) {
        case 0: return -1;
        case 1: return size;
        case 2: return 0;
        default: return rnd.nextInt(size + 1);
      }
    }

    boolean tooLong(String path) {
      return new KeyWriter().writeString(docId).writeString(path).toByteArray().length > maxKey;
    }

    // ---- operations ----

    void transaction() {
      int mode = rnd.nextInt(10); // 0-4: one write committed, 5-7: several committed, 8-9: several rolled back
      int count = mode < 5 ? 1 : 1 + rnd.nextInt(5);
      ReferenceForest work = model.copy();
      try (Transaction tx = store.begin()) {
        for (int i = 0; i < count; i++) {
          operation(tx, work);
          verifySome(tx, work, 1); // the transaction sees its own writes
        }
        if (mode < 8) {
          tx.commit();
          model = work;
          note("commit");
        } else {
          if (rnd.nextBoolean()) {
            tx.rollback();
          } // else close() rolls back
          note("rollback");
        }
      }
    }

    void operation(Transaction tx, ReferenceForest m) {
      int r = rnd.nextInt(100);
      if (m.nodes.isEmpty() || r < 30) {
        insert(tx, m);
      } else if (r < 55) {
        update(tx, m);
      } else if (r < 73) {
        move(tx, m);
      } else if (r < (m.nodes.size() > 120 ? 92 : 82)) {
        String id = randomId(m);
        note("deleteNode " + id);
        int expected = m.preorder(id, -1).size();
        assertEquals(expected, docs.deleteNode(tx, docId, id), "nodes deleted");
        m.remove(id);
      } else {
        invalid(tx, m);
      }
    }

    void insert(Transaction tx, ReferenceForest m) {
      String parent = pickParent(m);
      int pos = pickPosition(m.kids(parent).size());
      String given = rnd.nextInt(3) == 0 ? null : freshId(m);
      ReferenceForest.Node x = randomNode(given);
      DocNode node = ReferenceForest.leaf(x);
      note("insertNode parent=" + parent + " pos=" + pos + " id=" + given);
      if (given != null && m.nodes.containsKey(given)) {
        expectFailure(tx, DocumentConstraintException.class, () -> docs.insertNode(tx, docId, parent, pos, node));
        return;
      }
      String id = given;
      int next = m.nextId;
      while (id == null || given == null && m.nodes.containsKey(id)) { // the counter skips ids in use
        id = String.format("%04d", next++);
      }
      if (tooLong((parent == null ? "" : m.path(parent)) + "/" + id)) {
        expectFailure(tx, IllegalArgumentException.class, () -> docs.insertNode(tx, docId, parent, pos, node));
        return;
      }
      NodeRecord got = docs.insertNode(tx, docId, parent, pos, node);
      x.id = id;
      m.nextId = next;
      m.attach(x, parent, pos);
      everUsed.add(id);
      assertEquals(m.record(docId, id), got, "insertNode's result");
    }

    void update(Transaction tx, ReferenceForest m) {
      String id = randomId(m);
      ReferenceForest.Node after = m.nodes.get(id).copy();
      NodeChange c = new NodeChange();
      StringBuilder what = new StringBuilder("updateNode " + id);
      if (rnd.nextInt(10) < 3) {
        c.title(after.title = randomTitle());
        what.append(" title");
      }
      if (rnd.nextInt(10) < 3) {
        c.summary(after.summary = rnd.nextInt(3) == 0 ? null : randomText(60));
        what.append(" summary");
      }
      if (rnd.nextInt(10) == 0) {
        c.prefixSummary(after.prefix = rnd.nextBoolean() ? null : randomText(30));
      }
      if (rnd.nextInt(10) < 3) {
        c.text(after.text = rnd.nextInt(3) == 0 ? null : randomText(rnd.nextInt(10) == 0 ? 5000 : 200));
        what.append(" text=").append(after.text == null ? "null" : after.text.length());
      }
      if (rnd.nextInt(100) < 35) {
        Integer[] p = randomPages();
        c.pages(after.start = p[0], after.end = p[1]);
        what.append(" pages=").append(p[0]).append("..").append(p[1]);
      }
      if (rnd.nextInt(10) == 0) {
        c.lineNum(after.line = rnd.nextBoolean() ? null : rnd.nextInt(900));
      }
      if (rnd.nextInt(10) < 2) {
        String[] meta = rnd.nextInt(4) == 0 ? new String[] {null, null} : randomMetadata();
        c.metadata(meta[0]);
        after.metadata = meta[1];
        what.append(" metadata=").append(meta[1]);
      }
      note(what.toString());
      Optional<NodeRecord> got = docs.updateNode(tx, docId, id, c);
      m.nodes.put(id, after);
      assertEquals(Optional.of(m.record(docId, id)), got, "updateNode's result");
    }

    void move(Transaction tx, ReferenceForest m) {
      String id = randomId(m);
      String oldParent = m.nodes.get(id).parent;
      int kind = rnd.nextInt(10);
      String target = kind < 3 ? null : kind < 5 ? oldParent : randomId(m);
      boolean same = Objects.equals(target, oldParent);
      int pos = pickPosition(m.kids(target).size() - (same ? 1 : 0));
      note("moveNode " + id + " to parent=" + target + " pos=" + pos);
      if (target != null && m.inSubtree(target, id)) {
        expectFailure(tx, DocumentConstraintException.class, () -> docs.moveNode(tx, docId, id, target, pos));
        return;
      }
      if (!same) {
        String oldPath = m.path(id);
        String newPath = (target == null ? "" : m.path(target)) + "/" + id;
        for (String d : m.preorder(id, -1)) {
          if (tooLong(newPath + m.path(d).substring(oldPath.length()))) {
            expectFailure(tx, IllegalArgumentException.class, () -> docs.moveNode(tx, docId, id, target, pos));
            return;
          }
        }
      }
      NodeRecord got = docs.moveNode(tx, docId, id, target, pos);
      ReferenceForest.Node n = m.nodes.get(id);
      m.detach(id);
      m.attach(n, target, pos);
      assertEquals(m.record(docId, id), got, "moveNode's result");
    }

    /** A write the store must refuse (or, for a missing node, ignore) without changing anything. */
    void invalid(Transaction tx, ReferenceForest m) {
      String id = randomId(m);
      String parent = m.nodes.get(id).parent;
      int size = m.kids(parent).size();
      DocNode ok = new DocNode(null, "fine");
      int kind = rnd.nextInt(14);
      note("invalid #" + kind + " around " + id);
      switch (kind) {
        case 0 -> expectFailure(tx, DocumentConstraintException.class,
            () -> docs.insertNode(tx, docId, parent, -1, new DocNode(id, "duplicate id")));
        case 1 -> expectFailure(tx, DocumentConstraintException.class, () -> docs.insertNode(tx, docId, "no-such", 0, ok));
        case 2 -> expectFailure(tx, DocumentConstraintException.class,
            () -> docs.insertNode(tx, docId, parent, rnd.nextBoolean() ? size + 1 + rnd.nextInt(3) : -2 - rnd.nextInt(3), ok));
        case 3 -> expectFailure(tx, IllegalArgumentException.class,
            () -> docs.insertNode(tx, docId, parent, 0, new DocNode("a/b", "slash")));
        case 4 -> expectFailure(tx, IllegalArgumentException.class,
            () -> docs.insertNode(tx, docId, null, 0, new DocNode(rnd.nextBoolean() ? "" : "中".repeat(43), "bad id")));
        case 5 -> expectFailure(tx, IllegalArgumentException.class,
            () -> docs.insertNode(tx, docId, id, -1, new DocNode(null, "x").addChild(new DocNode(null, "kid"))));
        case 6 -> expectFailure(tx, IllegalArgumentException.class,
            () -> docs.insertNode(tx, docId, id, -1, new DocNode(null, "bad \ud800 title")));
        case 7 -> expectFailure(tx, IllegalArgumentException.class, () -> docs.updateNode(tx, docId, id,
            new NodeChange().summary("changed").metadata(new String[] {"[1,2]", "not json", "3", "null"}[rnd.nextInt(4)])));
        case 8 -> expectFailure(tx, IllegalArgumentException.class,
            () -> docs.updateNode(tx, docId, id, new NodeChange().pages(1, 2).text("bad \udc00 text")));
        case 9 -> { // under itself or one of its descendants
          List<String> below = m.preorder(id, -1);
          String target = below.get(rnd.nextInt(below.size()));
          expectFailure(tx, DocumentConstraintException.class, () -> docs.moveNode(tx, docId, id, target, 0));
        }
        case 10 -> expectFailure(tx, DocumentConstraintException.class,
            () -> docs.moveNode(tx, docId, rnd.nextBoolean() ? "no-such" : id, "no-such", 0));
        case 11 -> expectFailure(tx, DocumentConstraintException.class,
            () -> docs.moveNode(tx, docId, id, null, m.roots.size() + 1 + rnd.nextInt(3)));
        case 12 -> expectFailure(tx, DocumentConstraintException.class,
            () -> docs.insertNode(tx, "no-such-doc", null, 0, ok));
        default -> { // a missing node: nothing to do, nothing done
          byte[] before = fingerprint(tx);
          assertEquals(Optional.empty(), docs.updateNode(tx, docId, "gone", new NodeChange().title("t")));
          assertEquals(0, docs.deleteNode(tx, docId, "gone"));
          assertArrayEquals(before, fingerprint(tx), "a write to a missing node changed the trees");
        }
      }
    }

    void expectFailure(Transaction tx, Class<? extends Throwable> type, Executable call) {
      byte[] before = fingerprint(tx);
      Throwable e = assertThrows(type, call, "expected " + type.getSimpleName());
      assertNotNull(e.getMessage());
      assertArrayEquals(before, fingerprint(tx), "a refused write (" + e.getMessage() + ") changed the trees");
    }

    /** A digest of every entry of every document tree as {@code tx} sees them. */
    byte[] fingerprint(Transaction tx) {
      try {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (String tree : DocTrees.ALL) {
          md.update(tree.getBytes(StandardCharsets.UTF_8));
          TransactionCursor c = tx.cursor(tree);
          for (boolean ok = c.first(); ok; ok = c.next()) {
            md.update(Integer.toString(c.key().length).getBytes(StandardCharsets.US_ASCII));
            md.update(c.key());
            md.update(Integer.toString(c.value().length).getBytes(StandardCharsets.US_ASCII));
            md.update(c.value());
          }
        }
        return md.digest();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    // ---- verification ----

    List<NodeRecord> records(ReferenceForest m, List<String> ids) {
      List<NodeRecord> out = new ArrayList<>(ids.size());
      ids.forEach(id -> out.add(m.record(docId, id)));
      return out;
    }

    /** The document record, the top level, a few random nodes through every read, a random page and prefix. */
    void verifySome(Transaction tx, ReferenceForest m, int nodes) {
      DocumentInfo info = docs.document(tx, docId).orElseThrow();
      assertEquals(m.nodes.size(), info.nodeCount(), "nodeCount");
      assertEquals(m.nextId, info.nextId(), "next id counter");
      assertEquals(records(m, m.roots), docs.children(tx, docId, null), "top-level nodes");
      for (int i = 0; i < nodes && !m.nodes.isEmpty(); i++) {
        verifyNode(tx, m, randomId(m));
      }
      int page = rnd.nextInt(8) == 0 ? Integer.MAX_VALUE : rnd.nextInt(130) - 2;
      assertEquals(records(m, m.atPage(page)), docs.nodesAtPage(tx, docId, page), "nodesAtPage " + page);
      String prefix = m.nodes.isEmpty() ? "/" : m.path(randomId(m));
      prefix = prefix.substring(0, prefix.offsetByCodePoints(0, rnd.nextInt(prefix.codePointCount(0, prefix.length()) + 1)));
      assertEquals(records(m, m.pathPrefix(prefix)), docs.pathPrefix(tx, docId, prefix), "pathPrefix " + prefix);
    }

    void verifyNode(Transaction tx, ReferenceForest m, String id) {
      NodeRecord r = m.record(docId, id);
      String at = "node " + id + ": ";
      assertEquals(Optional.of(r), docs.node(tx, docId, id), at + "record");
      assertEquals(m.nodes.get(id).text, docs.text(tx, docId, id), at + "text");
      assertEquals(records(m, m.nodes.get(id).kids), docs.children(tx, docId, id), at + "children");
      for (int d = -1; d <= 2; d++) {
        assertEquals(records(m, m.preorder(id, d)), docs.subtree(tx, docId, id, d), at + "subtree to depth " + d);
      }
      assertEquals(records(m, m.ancestors(id)), docs.ancestors(tx, docId, id), at + "ancestors");
      assertEquals(Optional.of(r), docs.nodeByPath(tx, docId, r.path()), at + "nodeByPath");
      assertEquals(Optional.empty(), docs.nodeByPath(tx, docId, "/zz" + r.path()), at + "nodeByPath, wrong path");
      assertEquals(Optional.empty(), docs.nodeByPath(tx, docId, r.path() + "/"), at + "nodeByPath, trailing slash");
      assertEquals(records(m, m.pathPrefix(r.path() + "/")), docs.pathPrefix(tx, docId, r.path() + "/"), at + "descendants");
      if (r.startPage() != null && r.endPage() != null) {
        int p = rnd.nextBoolean() ? r.startPage() : r.endPage();
        assertEquals(records(m, m.atPage(p)), docs.nodesAtPage(tx, docId, p), at + "nodesAtPage " + p);
      }
    }

    /** Every node, every child list, the whole path index, many pages, the export, the bystander. */
    void verifyAll(ReferenceForest m) {
      try (Transaction tx = store.beginReadOnly()) {
        verifySome(tx, m, 1);
        DocumentInfo info = docs.document(tx, docId).orElseThrow();
        Set<Integer> pages = new TreeSet<>(List.of(Integer.MIN_VALUE, 0, 1, Integer.MAX_VALUE));
        for (ReferenceForest.Node n : m.nodes.values()) {
          NodeRecord r = m.record(docId, n.id);
          assertEquals(Optional.of(r), docs.node(tx, docId, n.id), "node " + n.id);
          assertEquals(n.text, docs.text(tx, docId, n.id), "text of " + n.id);
          assertEquals(records(m, n.kids), docs.children(tx, docId, n.id), "children of " + n.id);
          if (n.start != null && n.end != null && n.start <= n.end) {
            long bit = 1L << (63 - Long.numberOfLeadingZeros((long) n.end - n.start + 1));
            assertEquals(bit, info.pageLevels() & bit, "page level of " + n.id + " missing from the mask");
          }
          for (Integer p : new Integer[] {n.start, n.end}) {
            if (p != null && pages.size() < 24) {
              pages.add(p);
              pages.add(p == Integer.MIN_VALUE ? p : p - 1);
              pages.add(p == Integer.MAX_VALUE ? p : p + 1);
            }
          }
        }
        for (int p : pages) {
          assertEquals(records(m, m.atPage(p)), docs.nodesAtPage(tx, docId, p), "nodesAtPage " + p);
        }
        for (String id : everUsed) {
          if (!m.nodes.containsKey(id)) {
            assertEquals(Optional.empty(), docs.node(tx, docId, id), "deleted node " + id);
            assertEquals(null, docs.text(tx, docId, id), "text of deleted node " + id);
            assertEquals(List.of(), docs.children(tx, docId, id), "children of deleted node " + id);
            assertEquals(List.of(), docs.subtree(tx, docId, id, -1), "subtree of deleted node " + id);
          }
        }
        assertEquals(records(m, m.pathPrefix("")), docs.pathPrefix(tx, docId, ""), "the whole path index");
        List<String> all = new ArrayList<>();
        m.roots.forEach(r -> all.addAll(m.preorder(r, -1)));
        List<NodeRecord> viaSubtrees = new ArrayList<>();
        m.roots.forEach(r -> viaSubtrees.addAll(docs.subtree(tx, docId, r, -1)));
        assertEquals(records(m, all), viaSubtrees, "pre-order of the whole document");
        assertEquals(PageIndexWriter.toJson(m.toDocument(docId)), PageIndexWriter.toJson(docs.export(tx, docId).orElseThrow()),
            "export");
        assertEquals(bystander, PageIndexWriter.toJson(docs.export(tx, "bystander").orElseThrow()), "the other document");
        assertEquals(List.of("bystander", docId).stream().sorted().toList(), docs.documentIds(tx));
        DocumentChecker.Report report = docs.check(tx);
        assertTrue(report.isOk(), report::toString);
      }
    }
  }
}
