package org.treestore.bench.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.BytesRef;
import org.treestore.engine.doc.PageIndexDocument;
import org.treestore.engine.search.SearchField;
import org.treestore.engine.search.analysis.Analyzer;

/**
 * Lucene 9.12 (lucene-core) on disk ({@link MMapDirectory}): one document per node with fields
 * {@code title}, {@code summary}, {@code text} holding exactly TreeStore's analysed terms (fed as
 * pre-analysed token streams, positions and norms indexed like any text field) and a binary
 * doc-values field {@code id} ("doc_id/node_id"), cheaper to read for 10 hits than stored fields.
 * {@code BM25Similarity(1.2, 0.75)}. A query is a {@link BooleanQuery} of SHOULD clauses, one
 * {@code BoostQuery(TermQuery)} per term and field with TreeStore's default boosts, searched for the
 * top 10 by one {@link IndexSearcher} (no executor: one thread, like the other engines).
 */
final class LuceneSearchEngine implements SearchEngine {
  private static final String DIR = "lucene";
  private static final String[] FIELDS = {"title", "summary", "text"};
  private static final BM25Similarity BM25 = new BM25Similarity(1.2f, 0.75f);

  private final Path dir;
  private final MMapDirectory directory;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;

  private LuceneSearchEngine(Path dir) throws IOException {
    this.dir = dir.resolve(DIR);
    this.directory = new MMapDirectory(this.dir);
    this.reader = DirectoryReader.open(directory);
    this.searcher = new IndexSearcher(reader);
    searcher.setSimilarity(BM25);
  }

  static LuceneSearchEngine open(Path dir) {
    try {
      return new LuceneSearchEngine(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Emits pre-analysed terms, one position each. */
  private static final class Terms extends TokenStream {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final String[] terms;
    private int next;

    Terms(String[] terms) {
      this.terms = terms;
    }

    @Override
    public boolean incrementToken() {
      if (next == terms.length) {
        return false;
      }
      clearAttributes();
      term.setEmpty().append(terms[next++]);
      return true;
    }

    @Override
    public void reset() throws IOException {
      super.reset();
      next = 0;
    }
  }

  /** A loader into {@code dir} (empty); the analysis with TreeStore's analyzer is part of the load. */
  static Loader loader(Path dir) {
    Analyzer analyzer = Analyzer.builder().build();
    try {
      MMapDirectory directory = new MMapDirectory(dir.resolve(DIR));
      IndexWriterConfig cfg = new IndexWriterConfig().setSimilarity(BM25).setRAMBufferSizeMB(256)
          .setOpenMode(IndexWriterConfig.OpenMode.CREATE);
      IndexWriter writer = new IndexWriter(directory, cfg);
      return new Loader() {
        @Override
        public void add(int firstDoc, List<PageIndexDocument> docs) {
          try {
            for (int i = 0; i < docs.size(); i++) {
              for (SearchCorpus.Node n : SearchCorpus.nodes(firstDoc + i, docs.get(i))) {
                Document d = new Document();
                String[] values = {n.title(), n.summary(), n.text()};
                for (int f = 0; f < FIELDS.length; f++) {
                  String[] terms = analyse(analyzer, values[f]);
                  if (terms.length > 0) {
                    d.add(new Field(FIELDS[f], new Terms(terms), TextField.TYPE_NOT_STORED));
                  }
                }
                d.add(new BinaryDocValuesField("id", new BytesRef(n.docId() + "/" + n.nodeId())));
                writer.addDocument(d);
              }
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }

        @Override
        public void finish(boolean optimize) {
          try {
            if (optimize) {
              writer.forceMerge(1);
            }
            writer.commit();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }

        @Override
        public void close() {
          try {
            writer.close();
            directory.close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String[] analyse(Analyzer analyzer, String text) {
    if (text == null || text.isEmpty()) {
      return new String[0];
    }
    List<String> out = new ArrayList<>();
    analyzer.analyze(text, (term, position, start, end) -> out.add(term));
    return out.toArray(new String[0]);
  }

  static BooleanQuery query(String[] terms) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (String t : terms) {
      for (SearchField f : SearchField.values()) {
        b.add(new BoostQuery(new TermQuery(new Term(FIELDS[f.ordinal()], t)), (float) f.defaultBoost()),
            BooleanClause.Occur.SHOULD);
      }
    }
    return b.build();
  }

  @Override
  public String[] top10(SearchQueries.Query q) {
    try {
      TopDocs top = searcher.search(query(q.terms()), 10);
      ScoreDoc[] hits = top.scoreDocs;
      String[] out = new String[hits.length];
      Integer[] byDoc = new Integer[hits.length]; // doc values are read forwards
      for (int i = 0; i < hits.length; i++) {
        byDoc[i] = i;
      }
      Arrays.sort(byDoc, (x, y) -> Integer.compare(hits[x].doc, hits[y].doc));
      List<LeafReaderContext> leaves = reader.leaves();
      BinaryDocValues ids = null;
      int leaf = -1;
      for (int i : byDoc) {
        int l = ReaderUtil.subIndex(hits[i].doc, leaves);
        LeafReaderContext ctx = leaves.get(l);
        if (l != leaf) {
          ids = ctx.reader().getBinaryDocValues("id");
          leaf = l;
        }
        ids.advanceExact(hits[i].doc - ctx.docBase);
        BytesRef b = ids.binaryValue();
        out[i] = new String(b.bytes, b.offset, b.length, StandardCharsets.UTF_8);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String describe() {
    return String.format("lucene %s (%d segment(s), %,d documents)", dir, reader.leaves().size(), reader.numDocs());
  }

  @Override
  public void close() {
    try {
      reader.close();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
