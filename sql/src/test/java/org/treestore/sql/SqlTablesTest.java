package org.treestore.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every table and table function of the contract over a small own document, with their plans. */
class SqlTablesTest {
  /** A small report: two chapters, sections under the first; pages 1..9. */
  static final String REPORT = """
      {"doc_name": "Harbour Survey", "doc_description": "A survey of a fictional harbour.", "year": 2026,
       "structure": [
        {"title": "Overview", "node_id": "0000", "start_index": 1, "end_index": 2,
         "summary": "Why the harbour was surveyed.", "text": "The harbour silted up after the storm of 2019."},
        {"title": "Findings", "node_id": "0001", "start_index": 3, "end_index": 3,
         "summary": "What the divers found.", "nodes": [
           {"title": "Silt", "node_id": "0002", "start_index": 3, "end_index": 5,
            "summary": "Silt depth by berth.", "text": "Silt lies two metres deep at the north berth."},
           {"title": "Wrecks", "node_id": "0003", "start_index": 6, "end_index": 7,
            "summary": "Two wrecks near the channel.", "text": "A barge and a trawler lie near the channel.",
            "nodes": [
              {"title": "Barge", "node_id": "0004", "start_index": 6, "end_index": 6, "text": "The barge sank in 1952."}
            ]}
         ]},
        {"title": "Plan", "node_id": "0005", "start_index": 8, "end_index": 9,
         "summary": "Dredging in two phases.", "text": "Dredge the north berth first, then the channel."}
       ]}
      """;

  SqlFixture db;

  @BeforeEach
  void load() throws SQLException {
    db = SqlFixture.memory();
    db.sql("INSERT INTO documents (doc_id, tree) VALUES (?, ?)", "harbour", REPORT).updates(1);
  }

  @AfterEach
  void close() throws SQLException {
    db.close();
  }

  @Test
  void documents() throws SQLException {
    db.sql("SELECT doc_id, title, description, source, node_count, metadata FROM documents")
        .returns("doc_id=harbour; title=Harbour Survey; description=A survey of a fictional harbour.; source=null; "
            + "node_count=6; metadata={\"year\":2026}");
    db.sql("SELECT doc_id FROM documents WHERE doc_id = ?", "harbour").returns("doc_id=harbour")
        .plan("documents.key", "columns=[[doc_id]]");
    db.sql("SELECT doc_id FROM documents WHERE doc_id = ?", "nothing").returns();
    String tree = db.sql("SELECT tree FROM documents WHERE doc_id = ?", "harbour").rows().get(0);
    assertEquals(true, tree.contains("0004") && tree.contains("The barge sank in 1952.") && tree.contains("Harbour Survey"),
        tree);
  }

  @Test
  void nodesByKeyAndFullScan() throws SQLException {
    db.sql("SELECT * FROM nodes WHERE doc_id = ? AND node_id = ?", "harbour", "0003")
        .returns("doc_id=harbour; node_id=0003; parent_id=0001; ordinal=1; depth=1; path=/0001/0003; title=Wrecks; "
            + "start_page=6; end_page=7; span_end=7; summary=Two wrecks near the channel.; "
            + "text=A barge and a trawler lie near the channel.; metadata=null")
        .plan("nodes.key").planLacks("nodes.full");
    db.sql("SELECT node_id FROM nodes ORDER BY node_id").returns("node_id=0000", "node_id=0001", "node_id=0002",
        "node_id=0003", "node_id=0004", "node_id=0005");
    db.sql("SELECT count(*) AS n FROM nodes WHERE depth = 1").returns("n=2");
  }

  @Test
  void childrenInOrderFromTheParentIndex() throws SQLException {
    db.sql("SELECT node_id, ordinal FROM nodes WHERE doc_id = ? AND parent_id = ? ORDER BY ordinal", "harbour", "0001")
        .returns("node_id=0002; ordinal=0", "node_id=0003; ordinal=1")
        .plan("nodes.children").planLacks("Sort");
    db.sql("SELECT * FROM children WHERE doc_id = ? AND parent_id = ? ORDER BY ordinal", "harbour", "0001")
        .returns("doc_id=harbour; parent_id=0001; node_id=0002; ordinal=0",
            "doc_id=harbour; parent_id=0001; node_id=0003; ordinal=1")
        .plan("children.of_parent").planLacks("Sort");
    db.sql("SELECT node_id FROM children WHERE doc_id = 'harbour' AND parent_id IS NULL ORDER BY ordinal")
        .returns("node_id=0000", "node_id=0001", "node_id=0005")
        .plan("children.top_level").planLacks("Sort", "condition");
    db.sql("SELECT node_id FROM nodes WHERE doc_id = ? AND parent_id IS NULL ORDER BY ordinal DESC", "harbour")
        .returns("node_id=0005", "node_id=0001", "node_id=0000")
        .plan("nodes.top_level", "Sort");
  }

  @Test
  void pathPrefix() throws SQLException {
    db.sql("SELECT node_id FROM nodes WHERE doc_id = ? AND path LIKE '/0001/%'", "harbour")
        .returnsUnordered("node_id=0002", "node_id=0003", "node_id=0004")
        .plan("nodes.path_prefix");
    db.sql("SELECT node_id FROM nodes WHERE doc_id = ? AND path LIKE ?", "harbour", "/0001/0003%")
        .returnsUnordered("node_id=0003", "node_id=0004")
        .plan("nodes.path_prefix");
    db.sql("SELECT node_id, path FROM nodes WHERE doc_id = ? AND path LIKE '/0001%' ORDER BY path", "harbour")
        .returns("node_id=0001; path=/0001", "node_id=0002; path=/0001/0002", "node_id=0003; path=/0001/0003",
            "node_id=0004; path=/0001/0003/0004")
        .plan("nodes.path_prefix").planLacks("Sort", "condition");
    // A pattern with a wildcard inside: the prefix narrows, the LIKE stays as a filter.
    db.sql("SELECT node_id FROM nodes WHERE doc_id = ? AND path LIKE '/0001/%4'", "harbour")
        .returns("node_id=0004")
        .plan("nodes.path_prefix", "LIKE");
    // A parameter: one plan for every pattern, the access applies what is not a plain prefix.
    String byParam = "SELECT node_id FROM nodes WHERE doc_id = ? AND path LIKE ? ORDER BY node_id";
    db.sql(byParam, "harbour", "/0001/%4").returns("node_id=0004").plan("nodes.path_prefix").planLacks("Filter", "Calc", "condition");
    db.sql(byParam, "harbour", "/0001").returns("node_id=0001");
    db.sql(byParam, "harbour", "/000_").returns("node_id=0000", "node_id=0001", "node_id=0005");
    db.sql(byParam, "harbour", "%/0004").returns("node_id=0004");
    db.sql(byParam, "harbour", "/0001/%").returns("node_id=0002", "node_id=0003", "node_id=0004");
    // ILIKE and NOT LIKE share LIKE's kind in Calcite but are not a prefix range
    db.sql("INSERT INTO documents (doc_id, tree) VALUES ('cased', '{\"structure\": [{\"title\": \"a\", \"node_id\": \"Ab\", "
        + "\"nodes\": [{\"title\": \"b\", \"node_id\": \"cd\"}]}, {\"title\": \"c\", \"node_id\": \"ab\"}]}')").updates(1);
    db.sql("SELECT node_id FROM nodes WHERE doc_id = 'cased' AND path ILIKE '/ab%' ORDER BY node_id")
        .returns("node_id=Ab", "node_id=ab", "node_id=cd");
    db.sql("SELECT node_id FROM nodes WHERE doc_id = 'cased' AND path NOT LIKE '/Ab%' ORDER BY node_id")
        .returns("node_id=ab");
    db.sql("SELECT node_id FROM nodes WHERE doc_id = 'cased' AND path LIKE ? ORDER BY node_id", "/Ab%")
        .returns("node_id=Ab", "node_id=cd");
    db.sql("DELETE FROM documents WHERE doc_id = 'cased'").updates(1);
  }

  @Test
  void nodesCoveringAPage() throws SQLException {
    db.sql("SELECT node_id FROM nodes WHERE doc_id = ? AND start_page <= ? AND end_page >= ?", "harbour", 6, 6)
        .returnsUnordered("node_id=0003", "node_id=0004")
        .plan("nodes.page");
    db.sql("SELECT node_id FROM nodes WHERE doc_id = ? AND start_page <= ? AND end_page >= ?", "harbour", 5, 3)
        .returnsUnordered("node_id=0001", "node_id=0002");
    db.sql("SELECT node_id FROM TABLE(nodes_at_page('harbour', 3))").returnsUnordered("node_id=0001", "node_id=0002");
  }

  @Test
  void paths() throws SQLException {
    db.sql("SELECT node_id, distance FROM paths WHERE doc_id = ? AND ancestor_id = ?", "harbour", "0001")
        .returnsUnordered("node_id=0001; distance=0", "node_id=0002; distance=1", "node_id=0003; distance=1",
            "node_id=0004; distance=2")
        .plan("paths.descendants");
    db.sql("SELECT ancestor_id FROM paths WHERE doc_id = ? AND node_id = ? ORDER BY distance DESC", "harbour", "0004")
        .returns("ancestor_id=0001", "ancestor_id=0003", "ancestor_id=0004")
        .plan("paths.ancestors").planLacks("Sort");
    db.sql("SELECT count(*) AS n FROM paths").returns("n=10"); // 1 + 1 + 2 + 2 + 3 + 1
  }

  @Test
  void tableFunctions() throws SQLException {
    db.sql("SELECT node_id, rel_depth FROM TABLE(subtree(?, ?))", "harbour", "0001")
        .returns("node_id=0001; rel_depth=0", "node_id=0002; rel_depth=1", "node_id=0003; rel_depth=1",
            "node_id=0004; rel_depth=2");
    db.sql("SELECT node_id, depth FROM TABLE(ancestors(?, ?))", "harbour", "0004")
        .returns("node_id=0001; depth=0", "node_id=0003; depth=1", "node_id=0004; depth=2");
    db.sql("SELECT doc_id, node_id, rank FROM TABLE(search(?, 10))", "barge")
        .returns("doc_id=harbour; node_id=0004; rank=1", "doc_id=harbour; node_id=0003; rank=2");
    db.sql("SELECT node_id FROM TABLE(search('silt'))").returnsUnordered("node_id=0002", "node_id=0000");
    db.sql("SELECT node_id FROM TABLE(search('under:/0001 silt'))").returns("node_id=0002");
    // Hits joined to their nodes: each node looked up by key.
    db.sql("SELECT n.title, s.rank FROM TABLE(search('barge', 10)) s "
        + "JOIN nodes n ON n.doc_id = s.doc_id AND n.node_id = s.node_id ORDER BY s.rank")
        .returns("title=Barge; rank=1", "title=Wrecks; rank=2")
        .plan("TreeStoreLookupJoin", "nodes.key").planLacks("nodes.full");
  }

  @Test
  void joinsOfPathsAndNodesLookUpEachNodeByKey() throws SQLException {
    db.sql("SELECT n.title FROM paths p JOIN nodes n ON n.doc_id = p.doc_id AND n.node_id = p.node_id "
        + "WHERE p.doc_id = ? AND p.ancestor_id = ? ORDER BY n.path", "harbour", "0003")
        .returns("title=Wrecks", "title=Barge");
    db.sql("SELECT n.title FROM paths p JOIN nodes n ON n.doc_id = p.doc_id AND n.node_id = p.node_id "
        + "WHERE p.doc_id = ? AND p.ancestor_id = ? ORDER BY n.path", "harbour", "0003")
        .plan("TreeStoreLookupJoin", "nodes.key", "paths.descendants").planLacks("nodes.full", "HashJoin");
    db.sql("SELECT p.distance, n.title FROM nodes n JOIN paths p ON p.doc_id = n.doc_id AND p.node_id = n.node_id "
        + "WHERE p.doc_id = ? AND p.ancestor_id = ? AND p.distance = 2", "harbour", "0001")
        .returns("distance=2; title=Barge")
        .plan("TreeStoreLookupJoin", "paths.descendants").planLacks("nodes.full");
    // Children with their own child counts: a join the other way round, still by key.
    db.sql("SELECT c.node_id, count(g.node_id) AS grandchildren FROM children c "
        + "LEFT JOIN children g ON g.doc_id = c.doc_id AND g.parent_id = c.node_id "
        + "WHERE c.doc_id = 'harbour' AND c.parent_id = '0001' GROUP BY c.node_id ORDER BY c.node_id")
        .returns("node_id=0002; grandchildren=0", "node_id=0003; grandchildren=1");
  }

  @Test
  void limitsStopTheScan() throws SQLException {
    db.sql("SELECT node_id FROM nodes WHERE doc_id = ? AND parent_id = ? ORDER BY ordinal LIMIT 1", "harbour", "0001")
        .returns("node_id=0002")
        .plan("nodes.children", "fetch=[1]").planLacks("Sort");
    db.sql("SELECT node_id FROM nodes LIMIT ?", 2).returnsCount(2).plan("fetch=[?0]");
  }

  /** Every statement of the contract list is answered from an index: its plan shows the access. */
  @Test
  void contractStatementsUseIndexes() throws SQLException {
    db.sql("SELECT * FROM nodes WHERE doc_id = ? AND node_id = ?", "harbour", "0002").plan("access=[nodes.key]");
    db.sql("SELECT * FROM nodes WHERE doc_id = ? AND parent_id = ? ORDER BY ordinal", "harbour", "0001")
        .plan("access=[nodes.children]").planLacks("Sort");
    db.sql("SELECT * FROM nodes WHERE doc_id = ? AND path LIKE '/0001/%'", "harbour").plan("access=[nodes.path_prefix]");
    db.sql("SELECT * FROM nodes WHERE doc_id = ? AND start_page <= ? AND end_page >= ?", "harbour", 4, 4)
        .plan("access=[nodes.page]");
    db.sql("SELECT node_id FROM paths WHERE doc_id = ? AND ancestor_id = ?", "harbour", "0001")
        .plan("access=[paths.descendants]");
    db.sql("SELECT ancestor_id FROM paths WHERE doc_id = ? AND node_id = ? ORDER BY distance DESC", "harbour", "0004")
        .plan("access=[paths.ancestors]").planLacks("Sort");
    db.sql("SELECT * FROM TABLE(subtree(?, ?))", "harbour", "0001").plan("TableFunctionScan", "subtree");
    db.sql("SELECT * FROM TABLE(ancestors(?, ?))", "harbour", "0004").plan("TableFunctionScan", "ancestors");
    db.sql("SELECT * FROM TABLE(search(?, 10))", "barge").plan("TableFunctionScan", "search");
    db.sql("INSERT INTO documents (doc_id, tree) VALUES (?, ?)", "other", REPORT).plan("TreeStoreModify", "INSERT");
    db.sql("SELECT tree FROM documents WHERE doc_id = ?", "harbour").plan("access=[documents.key]");
    db.sql("DELETE FROM documents WHERE doc_id = ?", "harbour")
        .plan("TreeStoreModify", "DELETE", "access=[documents.key]");
    db.sql("UPDATE nodes SET summary = ? WHERE doc_id = ? AND node_id = ?", "s", "harbour", "0002")
        .plan("TreeStoreModify", "UPDATE", "access=[nodes.key]");
    // Projection pushdown: the text (kept apart from the node record) is read only when selected.
    db.sql("SELECT title, summary FROM nodes WHERE doc_id = ? AND node_id = ?", "harbour", "0002")
        .plan("access=[nodes.key]", "columns=[[title, summary]]");
    db.sql("SELECT text FROM nodes WHERE doc_id = ? AND node_id = ?", "harbour", "0002")
        .plan("columns=[[text]]").returns("text=Silt lies two metres deep at the north berth.");
    for (String table : new String[] {"documents", "nodes", "children", "paths"}) {
      db.sql("SELECT count(*) FROM " + table).plan("access=[" + table + ".full]");
    }
  }

  @Test
  void postgresFriendlySyntax() throws SQLException {
    db.sql("SELECT node_id FROM nodes WHERE title ILIKE 'sil%'").returns("node_id=0002");
    db.sql("SELECT start_page::varchar AS p FROM nodes WHERE doc_id = 'harbour' AND node_id = '0002'").returns("p=3");
    db.sql("SELECT node_id FROM nodes ORDER BY node_id LIMIT 2 OFFSET 1").returns("node_id=0001", "node_id=0002");
    db.sql("SELECT string_agg(node_id, ',') AS ids FROM nodes WHERE parent_id = '0001'").returns("ids=0002,0003");
    db.sql("select NODE_ID from NODES where DOC_ID = 'harbour' and NODE_ID = '0005'").returns("node_id=0005");
  }
}
