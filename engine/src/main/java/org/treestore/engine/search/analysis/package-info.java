/**
 * Text analysis for full-text search: the {@link org.treestore.engine.search.analysis.Analyzer}
 * that both the index builder and the query parser run, so that a query term is the same string
 * as the indexed term it should meet.
 *
 * <h2>Steps</h2>
 * <ol>
 *   <li><b>Segmentation</b> over code points of the original text (surrogate pairs whole), close
 *       to UAX #29 word boundaries for letters and digits. A word is letters and digits of one
 *       script together with their combining marks (Mn, Mc, Me), so Bengali vowel signs and the
 *       virama never split a word. Inside a word an apostrophe between letters stays
 *       ({@code o'brien}, {@code don't}), and so does a period or comma between digits
 *       ({@code 3.5}, {@code 1,000}, {@code v1.2}). Format chars (ZWJ, ZWNJ, soft hyphen, BOM)
 *       are skipped inside words. Everything else separates: hyphens ({@code e-mail} is
 *       {@code e}, {@code mail}), underscores ({@code node_id} is {@code node}, {@code id}),
 *       periods between letters ({@code example.com}, {@code e.g.}), slashes, emoji, symbols.
 *       Those three differ from UAX #29 on purpose: a query for one part of a compound, a
 *       domain name or an identifier should find it, and a phrase query of the whole still
 *       matches. A letter of another script starts a new word ({@code PDFফাইল} is two).</li>
 *   <li><b>Normalisation and folding</b> of each word: NFKC (full-width forms, ligatures such as
 *       {@code ﬁ}, circled and superscript digits, compatibility ideographs), then simple case
 *       folding per code point ({@code toLowerCase(toUpperCase(c))}, independent of any
 *       locale, so {@code Σ}, {@code σ} and {@code ς} meet), format chars and variation
 *       selectors dropped, {@code ’} read as {@code '}, decimal digits of every script read as
 *       ASCII digits ({@code ২০২৪} is {@code 2024}). Accents are kept, as in Lucene's
 *       standard analysis: {@code café} and {@code cafe} are different terms. ASCII words skip
 *       the normaliser and are lower-cased in place.</li>
 *   <li><b>CJK</b>: a run of Han, Hiragana, Katakana or Hangul letters (with the katakana length
 *       mark and any combining or half-width sound marks) becomes overlapping bigrams with
 *       consecutive positions, {@code 中华人民} giving {@code 中华 华人 人民}; a run of one
 *       character is one unigram. Runs end where another script starts, so
 *       {@code PageIndex是一个} is {@code pageindex 是一 一个}. A one-character query therefore
 *       meets only lone characters; the search layer can widen it to a bigram prefix.</li>
 *   <li><b>Stop words</b> (optional, off by default): a short English list, {@link
 *       org.treestore.engine.search.analysis.Analyzer#englishStopWords()}, applied to Latin
 *       words before stemming. Removed words leave no position gap.</li>
 *   <li><b>Stemming</b> (on by default): Snowball English (Porter2) for words whose letters are
 *       Latin script ({@code running} to {@code run}, {@code studies} to {@code studi});
 *       numbers, CJK, Bengali and all other scripts are never stemmed.</li>
 * </ol>
 * Terms are at most {@link org.treestore.engine.search.analysis.Analyzer#MAX_TERM_LENGTH}
 * chars. Scripts written without spaces other than CJK (Thai, Lao, Khmer, Myanmar) come out as
 * whole runs between punctuation: no dictionary segmentation.
 *
 * <h2>Offsets</h2>
 * Offsets are char offsets into the analysed text, found before any normalisation, so
 * {@code text.substring(start, end)} is always the word or CJK character pair the term came
 * from, ready for snippets.
 *
 * <h2>The stemmer library</h2>
 * The Snowball English stemmer comes from {@code org.apache.lucene:lucene-analysis-common}
 * 9.12.x (Apache License 2.0; the generated Snowball code is BSD), the last Lucene line that
 * runs on Java 17. Its {@code org.tartarus.snowball} classes use nothing from {@code
 * lucene-core}, which the engine's pom excludes; the module-info that would require it is ignored
 * on the class path. The jar is 1.7 MB because it carries every Lucene analyser; the
 * alternatives on Maven Central are older: the standalone {@code snowball-stemmer} artifact
 * (1.3.0.581.1) is built from Snowball revision 581 of around 2013 and has had no release since,
 * and the Snowball project publishes no Java artifact. Lucene tracks Snowball upstream and is maintained by the Apache
 * Software Foundation, and a shaded jar can keep only {@code org/tartarus/**}.
 *
 * <h2>Speed</h2>
 * The scanner works on a char array copy of the text, looks below U+3000 up in a table, and
 * allocates nothing per char. A per-thread cache of 8,192 recent terms (two-way set-associative, keyed by the folded
 * word, holding the stemmed string) means a frequent word is stemmed once and its string reused,
 * so most tokens allocate nothing at all; a non-ASCII word also pays for what the JDK normaliser
 * needs. Each thread has its own stemmer, buffers and cache, so one analyzer serves any number
 * of threads.
 */
package org.treestore.engine.search.analysis;
