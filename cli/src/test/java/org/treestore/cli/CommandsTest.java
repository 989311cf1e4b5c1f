package org.treestore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every subcommand run in-process on temporary databases. The demo database is built once for the
 * class (the first statement in the JVM pays Calcite's start-up); tests that change a database
 * work on their own.
 */
class CommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path shared;

  static Path demo;

  @TempDir
  Path dir;

  @BeforeAll
  static void buildDemo() {
    demo = shared.resolve("demo.tsdb");
    Cli.Run r = Cli.run("demo", "--no-console", "--db", demo.toString());
    assertEquals(0, r.code(), r::toString);
    // The tour prints its tables: hierarchy and search, the join of hits to nodes included.
    assertTrue(r.out().contains("| 0011    |     2 | 2.2.1 Lead      |"), r::toString);
    assertTrue(r.out().contains("3.2 Lead service lines"), r::toString);
    assertTrue(r.out().contains("| Transactions "), r::toString);
    assertEquals("", r.err(), r::toString);
  }

  private static String sample() throws IOException {
    try (InputStream in = CommandsTest.class.getClassLoader().getResourceAsStream("samples/city-water-report.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A folder with a good report, a bad file, and a Markdown file in a sub-folder. */
  private Path folder() throws IOException {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("a-report.json"), sample());
    Files.writeString(in.resolve("b-bad.json"), "{\"doc_name\": \"x\", \"structure\": [{\"title\": \"ok\", \"start_index\": \"three\"}]}");
    Files.createDirectories(in.resolve("guides"));
    Files.writeString(in.resolve("guides/c-guide.md"), "# Guide\n\nIntro.\n\n## Install\n\nRun it.\n");
    Files.writeString(in.resolve("notes.txt"), "not imported");
    return in;
  }

  @Test
  void importStopsAtABadFileOrSkipsItWithKeepGoing() throws IOException {
    Path in = folder();
    String db = dir.resolve("docs.tsdb").toString();

    Cli.Run stop = Cli.run("import", "--db", db, in.toString());
    assertEquals(ExitCodes.ERROR, stop.code(), stop::toString);
    String bad = in.resolve("b-bad.json") + ": $.structure[0].start_index: ";
    assertTrue(stop.err().contains("treestore import: " + bad), stop::toString);
    assertEquals(1, stop.err().lines().count(), stop::toString);
    assertTrue(stop.out().contains("Imported 1 of 3 documents"), stop::toString);

    Cli.Run again = Cli.run("import", "--db", db, in.toString());
    assertTrue(again.err().contains("already stored") && again.err().contains("--replace"), again::toString);

    Cli.Run skip = Cli.run("import", "--db", db, "--keep-going", "--replace", "--batch", "2", "--progress", in.toString());
    assertEquals(ExitCodes.PROBLEMS, skip.code(), skip::toString);
    assertTrue(skip.err().contains(bad), skip::toString);
    assertTrue(skip.err().contains("3/3 100%"), skip::toString);
    assertTrue(skip.out().contains("Imported 2 of 3 documents") && skip.out().contains("1 skipped"), skip::toString);

    Cli.Run info = Cli.run("info", "--db", db);
    assertEquals(0, info.code(), info::toString);
    assertTrue(info.out().contains("documents   2"), info::toString);

    Cli.Run ids = Cli.run("sql", "--db", db, "--format", "csv", "-e", "SELECT doc_id, source FROM documents ORDER BY doc_id");
    assertEquals("doc_id,source\na-report," + in.resolve("a-report.json") + "\nc-guide," + in.resolve("guides/c-guide.md") + "\n",
        ids.out(), ids::toString);
  }

  @Test
  void importChecksItsArgumentsBeforeWriting() throws IOException {
    Path in = folder();
    String db = dir.resolve("args.tsdb").toString();
    Cli.Run twoIds = Cli.run("import", "--db", db, "--id", "x", in.toString());
    assertEquals(ExitCodes.USAGE, twoIds.code(), twoIds::toString);
    Cli.Run unknown = Cli.run("import", "--db", db, in.resolve("notes.txt").toString());
    assertEquals(ExitCodes.ERROR, unknown.code(), unknown::toString);
    assertTrue(unknown.err().contains("expected a .json (PageIndex) or .md (Markdown) file"), unknown::toString);
    Cli.Run missing = Cli.run("import", "--db", db, dir.resolve("nope").toString());
    assertTrue(missing.err().startsWith("treestore import: no such file or folder"), missing::toString);
    assertFalse(Files.exists(Path.of(db)), "nothing was opened");
    Cli.Run none = Cli.run("import");
    assertEquals(ExitCodes.USAGE, none.code(), none::toString);
  }

  @Test
  void exportGivesBackTheImportedJson() throws IOException {
    Path file = dir.resolve("report.json");
    Files.writeString(file, sample());
    String db = dir.resolve("rt.tsdb").toString();
    Cli.Run imp = Cli.run("import", "--db", db, "--id", "report-2024", file.toString());
    assertEquals(0, imp.code(), imp::toString);
    assertTrue(imp.err().contains("as 'report-2024' (21 nodes)"), imp::toString);

    Cli.Run stdout = Cli.run("export", "--db", db, "report-2024");
    assertEquals(0, stdout.code(), stdout::toString);
    JsonNode original = JSON.readTree(sample());
    assertEquals(original, JSON.readTree(stdout.out()));

    Path out = dir.resolve("out");
    Cli.Run all = Cli.run("export", "--db", db, "--all", "--out", out.toString());
    assertEquals(0, all.code(), all::toString);
    assertEquals(original, JSON.readTree(out.resolve("report-2024.json").toFile()));

    Cli.Run missing = Cli.run("export", "--db", db, "nope");
    assertEquals(ExitCodes.ERROR, missing.code(), missing::toString);
    assertTrue(missing.err().contains("no document 'nope'"), missing::toString);
    Cli.Run many = Cli.run("export", "--db", demo.toString(), "--all");
    assertEquals(ExitCodes.USAGE, many.code(), many::toString);
  }

  @Test
  void exportFileNamesStayInsideTheFolder() {
    assertEquals("a/b.json", ExportCommand.fileName("a/b"));
    assertEquals("___/x_y.json", ExportCommand.fileName("../x:y"));
  }

  @Test
  void checkPassesACleanDatabaseAndFailsADamagedCopy() throws IOException {
    Cli.Run clean = Cli.run("check", "--db", demo.toString());
    assertEquals(0, clean.code(), clean::toString);
    assertTrue(clean.out().contains("storage    ok") && clean.out().contains("full-text  ok")
        && clean.out().contains("No problems found."), clean::toString);

    Path copy = dir.resolve("damaged.tsdb");
    Files.copy(demo, copy);
    try (RandomAccessFile f = new RandomAccessFile(copy.toFile(), "rw")) {
      long page = f.length() / 8192 / 2; // a page in the middle: some tree's node
      f.seek(page * 8192 + 100);
      byte[] b = new byte[16];
      f.readFully(b);
      for (int i = 0; i < b.length; i++) {
        b[i] ^= (byte) 0xff;
      }
      f.seek(page * 8192 + 100);
      f.write(b);
    }
    Cli.Run damaged = Cli.run("check", "--db", copy.toString());
    assertEquals(ExitCodes.PROBLEMS, damaged.code(), damaged::toString);
    assertTrue(damaged.out().contains("checksum mismatch"), damaged::toString);
    assertTrue(damaged.out().contains("problems found."), damaged::toString);

    Cli.Run none = Cli.run("check", "--db", dir.resolve("absent.tsdb").toString());
    assertEquals(ExitCodes.ERROR, none.code(), none::toString);
    assertTrue(none.err().startsWith("treestore check: no database at "), none::toString);
  }

  @Test
  void vacuumAndInfo() throws IOException {
    Path copy = dir.resolve("v.tsdb");
    Files.copy(demo, copy);
    Cli.Run del = Cli.run("sql", "--db", copy.toString(), "-e", "DELETE FROM documents WHERE doc_id <> 'sql'");
    assertEquals(0, del.code(), del::toString);
    assertTrue(del.out().contains("5 rows affected"), del::toString);
    Cli.Run v = Cli.run("vacuum", "--db", copy.toString());
    assertEquals(0, v.code(), v::toString);
    assertTrue(v.out().contains("before") && v.out().contains("after") && v.out().contains("returned to the operating system"), v::toString);
    // The DELETE's full-text removals were pending; the vacuum merged them, a second has none left.
    assertTrue(v.out().matches("(?s).*\\b[1-9]\\d* pending full-text segments? merged.*"), v::toString);
    java.util.regex.Matcher returned = java.util.regex.Pattern.compile("(\\d+) pages returned").matcher(v.out());
    assertTrue(returned.find() && Integer.parseInt(returned.group(1)) >= 20, v::toString);
    // A second vacuum has nothing to merge and nothing to move. (Free-list trunk pages are not
    // relocated, so a few free pages can stay below them: known, see the notes.)
    Cli.Run again = Cli.run("vacuum", "--db", copy.toString());
    assertTrue(again.out().contains(" 0 pending full-text segments merged")
        && again.out().contains(" 0 pages returned"), again::toString);
    Cli.Run info = Cli.run("info", "--db", copy.toString());
    assertTrue(info.out().contains("documents   1"), info::toString);
    assertEquals(0, Cli.run("check", "--db", copy.toString()).code());
  }

  @Test
  void sqlRunsStatementsAndScripts() throws IOException {
    Cli.Run one = Cli.run("sql", "--db", dir.resolve("new.tsdb").toString(), "-e", "SELECT 1");
    assertEquals(0, one.code(), one::toString);
    assertEquals("+--------+\n| EXPR$0 |\n+--------+\n|      1 |\n+--------+\n(1 row)\n", one.out());

    Cli.Run anc = Cli.run("sql", "--db", demo.toString(), "--format", "tsv", "-e",
        "SELECT node_id, title FROM TABLE(ancestors('city-water-report', '0011'))");
    assertEquals("node_id\ttitle\n0008\t2 Water Quality\n0010\t2.2 Results\n0011\t2.2.1 Lead\n", anc.out(), anc::toString);

    Cli.Run mem = Cli.run("sql", "--url", "jdbc:treestore:mem:clitest", "-e", "SELECT COUNT(*) AS n FROM documents");
    assertTrue(mem.out().contains("| 0 |"), mem::toString);

    Path script = dir.resolve("q.sql");
    Files.writeString(script, "-- children of 0013, then a search\n"
        + "SELECT node_id FROM nodes WHERE doc_id = 'city-water-report' AND parent_id = '0013' ORDER BY ordinal;\n"
        + "SELECT COUNT(*) AS hits FROM TABLE(search('reservoir; lead', 10));\n"
        + "SELECT nothing FROM documents;\n");
    Cli.Run run = Cli.run("sql", "--db", demo.toString(), "-f", script.toString());
    assertEquals(ExitCodes.ERROR, run.code(), run::toString);
    assertTrue(run.out().contains("| 0014    |") && run.out().contains("| 0016    |") && run.out().contains("| hits |"), run::toString);
    assertTrue(run.err().startsWith("treestore sql: " + script + ":4: "), run::toString);
    assertTrue(run.err().contains("42704"), run::toString);
    assertEquals(1, run.err().lines().count(), "one line, no stack trace: " + run);

    Cli.Run verbose = Cli.run("sql", "--db", demo.toString(), "--verbose", "-e", "SELEC 1");
    assertTrue(verbose.err().lines().count() > 1 && verbose.err().contains("\tat "), verbose::toString);

    Cli.Run both = Cli.run("sql", "--db", demo.toString(), "--url", "jdbc:treestore:mem:x", "-e", "SELECT 1");
    assertEquals(ExitCodes.USAGE, both.code(), both::toString);
  }

  @Test
  void consoleRunsAScriptedSqllineSession() {
    String session = "!tables\n!columns nodes\n!primarykeys nodes\n!indexes nodes\n"
        + "SELECT node_id, title FROM nodes WHERE doc_id = 'city-water-report' AND parent_id IS NULL ORDER BY ordinal;\n"
        + "!quit\n";
    Cli.Run r = Cli.runWithInput(session, "sql", "--db", demo.toString());
    assertEquals(0, r.code(), r::toString);
    assertFalse(r.err().contains("Error"), r::toString);
    assertFalse(r.err().contains("not supported"), r::toString);
    assertTrue(r.out().contains("documents") && r.out().contains("paths"), r::toString);         // !tables
    assertTrue(r.out().contains("span_end"), r::toString);                                       // !columns
    assertTrue(r.out().contains("Letter from the Director") && r.out().contains("Appendix: Glossary"), r::toString);
    assertTrue(r.err().contains("6 rows selected"), r::toString);
  }

  @Test
  void helpAndVersion() {
    Cli.Run help = Cli.run("--help");
    assertEquals(0, help.code());
    for (String sub : new String[] {"sql", "import", "export", "check", "vacuum", "info", "demo"}) {
      assertTrue(help.out().contains(sub), help::toString);
      Cli.Run subHelp = Cli.run(sub, "--help");
      assertEquals(0, subHelp.code(), subHelp::toString);
      assertTrue(subHelp.out().startsWith("Usage: treestore " + sub), subHelp::toString);
    }
    Cli.Run version = Cli.run("--version");
    assertTrue(version.out().startsWith("treestore 0."), version::toString);
    Cli.Run bare = Cli.run();
    assertEquals(ExitCodes.USAGE, bare.code());
  }
}
