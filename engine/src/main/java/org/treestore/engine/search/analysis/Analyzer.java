package org.treestore.engine.search.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Turns text into the terms that search indexes and looks up: the one analysis shared by
 * indexing and querying, so a query phrase yields the same terms, in the same order, as the
 * document text it should match.
 *
 * <pre>{@code
 * Analyzer a = Analyzer.builder().stopWords(false).stemming(true).build();   // = the defaults
 * a.analyze(text, (term, position, start, end) -> ...);
 * String config = a.describe();                       // "v1;stop=off;stem=english"
 * Analyzer same = Analyzer.forDescription(config);    // when the index is opened again
 * }</pre>
 *
 * <p><b>Defaults:</b> stop words off, English stemming on. BM25's IDF already makes a word that
 * occurs everywhere worth almost nothing, so dropping stop words would save index space but
 * cost phrase precision ("to be or not to be") and turn some queries into nothing (Lucene's
 * {@code StandardAnalyzer} has no stop words by default since 8.0 for the same reasons).
 * Stemming is on because most PageIndex trees are English reports and papers, where
 * "statements" should find "statement"; it touches Latin-script words only.
 *
 * <p>Thread-safe: each thread analyses with its own state (stemmer, buffers, term cache: up to
 * about a megabyte), made on its first call and shared by every analyzer of the same
 * configuration, so an analyzer is as cheap to make per query as to keep. A sink may itself
 * call {@code analyze} (it gets a fresh state).
 *
 * @see org.treestore.engine.search.analysis
 */
public final class Analyzer {

  /**
   * The longest term in UTF-16 chars (at most 765 UTF-8 bytes, well inside a B+Tree key). A
   * longer run of word chars is cut into several words; a term that NFKC made longer is cut.
   */
  public static final int MAX_TERM_LENGTH = 255;

  /** Bumped whenever a change to the rules would give an existing index different terms. */
  private static final String VERSION = "v1";

  /** Per thread, one state per configuration (index: stop words 2, stemming 1). */
  private static final ThreadLocal<Tokenizer[]> STATES =
      ThreadLocal.withInitial(() -> new Tokenizer[4]);

  private final boolean stopWords;
  private final boolean stemming;
  private final String description;

  private Analyzer(boolean stopWords, boolean stemming) {
    this.stopWords = stopWords;
    this.stemming = stemming;
    this.description = VERSION + ";stop=" + (stopWords ? "on" : "off")
        + ";stem=" + (stemming ? "english" : "none");
  }

  /** A builder with the defaults: stop words off, stemming on. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The analyzer that {@link #describe()} returned {@code description}, to analyse queries
   * against an index exactly as it was built.
   *
   * @throws IllegalArgumentException if the description is not one this version produces (an
   *     index built by a newer TreeStore, or damaged metadata)
   */
  public static Analyzer forDescription(String description) {
    for (boolean stop : new boolean[] {false, true}) {
      for (boolean stem : new boolean[] {false, true}) {
        Analyzer a = new Analyzer(stop, stem);
        if (a.description.equals(description)) {
          return a;
        }
      }
    }
    throw new IllegalArgumentException("unknown analyzer configuration '" + description
        + "' (this version knows " + VERSION + " with stop=on|off and stem=english|none)");
  }

  /**
   * Analyses {@code text}, giving the sink each token in order. Positions start at 0 and have
   * no gaps (a removed stop word leaves none); offsets are char offsets into {@code text}.
   */
  public void analyze(CharSequence text, TokenSink sink) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sink, "sink");
    Tokenizer[] states = STATES.get();
    int slot = (stopWords ? 2 : 0) + (stemming ? 1 : 0);
    Tokenizer t = states[slot];
    if (t == null) {
      t = states[slot] = new Tokenizer(stopWords, stemming);
    } else if (t.busy) {                  // called again from inside a sink on this thread
      t = new Tokenizer(stopWords, stemming);
    }
    t.busy = true;
    try {
      t.analyze(text, sink);
    } finally {
      t.busy = false;
    }
  }

  /** All tokens of {@code text} as a list: for tests and small inputs such as queries. */
  public List<Token> tokens(CharSequence text) {
    List<Token> out = new ArrayList<>();
    analyze(text, (term, position, start, end) -> out.add(new Token(term, position, start, end)));
    return out;
  }

  /**
   * The configuration as a stable string to store with an index, e.g.
   * {@code "v1;stop=off;stem=english"}: an index whose string differs was built with other
   * terms and must be rebuilt (or queried through {@link #forDescription(String)}). The Unicode
   * tables are the JDK's (Unicode 13 on Java 17); they are left out of the string because a newer
   * JDK changes terms only where text holds characters assigned since (separators before).
   */
  public String describe() {
    return description;
  }

  public boolean stopWords() {
    return stopWords;
  }

  public boolean stemming() {
    return stemming;
  }

  /** The English stop words removed when {@link Builder#stopWords(boolean)} is on. */
  public static Set<String> englishStopWords() {
    return Collections.unmodifiableSet(StopWords.ENGLISH);
  }

  /** Analyzers are equal when they make the same terms: when their descriptions are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Analyzer a && a.description.equals(description);
  }

  @Override
  public int hashCode() {
    return description.hashCode();
  }

  @Override
  public String toString() {
    return "Analyzer[" + description + "]";
  }

  /** Configures an {@link Analyzer}. */
  public static final class Builder {
    private boolean stopWords;
    private boolean stemming = true;

    private Builder() {
    }

    /** Drop the {@linkplain #englishStopWords() English stop words}; default off. */
    public Builder stopWords(boolean on) {
      this.stopWords = on;
      return this;
    }

    /** Stem Latin-script words with Snowball English (Porter2); default on. */
    public Builder stemming(boolean on) {
      this.stemming = on;
      return this;
    }

    public Analyzer build() {
      return new Analyzer(stopWords, stemming);
    }
  }
}
