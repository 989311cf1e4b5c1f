package org.treestore.sql.plancache;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.treestore.sql.text.SqlLexer;
import org.treestore.sql.text.SqlLexer.Kind;
import org.treestore.sql.text.SqlLexer.Token;

/**
 * Finds the literals of a statement's SQL text that can become parameters, so that statements
 * differing only in those literals share one plan ({@link PlanCache}).
 *
 * <p>It works on tokens ({@link SqlLexer}), not on a parse tree: parsing is what the cache is
 * there to avoid. So the rules are deliberately conservative, and what they let through is checked
 * twice more afterwards: the parameterized text must prepare, and the type Calcite infers for
 * each parameter must be the one the literal would have had ({@link CachedPlan#bind}). A literal
 * that is not replaced simply stays in the text, which then is cached as it is.
 *
 * <p>A plain string ({@code 'it''s'}) or number ({@code 42}, {@code 2.5}, {@code 1e3}, and a
 * directly attached unary minus: {@code -7}) is replaced by {@code ?} only when
 * <ul>
 *   <li>the token before it is an operator ({@code = < > + - * / % ||}), {@code (} or {@code ,},
 *       or one of the words {@code AND OR NOT BETWEEN LIKE ILIKE IN WHEN THEN ELSE LIMIT OFFSET};
 *       so {@code DATE '2020-01-01'}, {@code INTERVAL '1' DAY}, {@code _latin1'x'},
 *       {@code ESCAPE '\'}, {@code SELECT 1} and {@code FETCH FIRST 5 ROWS} keep their literal;
 *   <li>the token after it is not {@code ::}, {@code COLLATE} or another string (a continued
 *       string {@code 'a' 'b'});
 *   <li>it is not inside the parentheses of a type ({@code VARCHAR(10)}, {@code DECIMAL(10, 2)},
 *       {@code TIMESTAMP(3)}, {@code SECOND(3)});
 *   <li>it is not in an {@code ORDER BY}, {@code GROUP BY} or {@code PARTITION BY} list (where
 *       {@code 1} means a column position) or the window frame that follows one.
 * </ul>
 * Prefixed strings ({@code E'..'}, {@code N'..'}, {@code X'..'}, {@code U&'..'}) never are.
 *
 * <p>Only queries and DML ({@code SELECT}, {@code WITH}, {@code VALUES}, {@code INSERT},
 * {@code UPDATE}, {@code DELETE}, {@code UPSERT}, {@code MERGE}, or a parenthesized query) are
 * parameterized; {@code EXPLAIN} and {@code TABLE} statements are only cached as they are (a plan
 * shown with {@code ?0} in place of the literal would differ from the uncached output); anything
 * else (DDL, {@code SET}, ...) and every text that already has a {@code ?} is not cached at all:
 * Calcite runs DDL while preparing it.
 */
public final class LiteralExtractor {
  /** What the plan cache may do with a statement. */
  public enum Mode {
    /** Not cached: prepared and run as without a cache. */
    NONE,
    /** Cached under its exact text. */
    EXACT,
    /** Cached under its text with literals replaced by {@code ?} (falling back to {@link #EXACT}). */
    PARAMETERIZE
  }

  /** The kind of a literal, as Calcite would type it. */
  public enum LiteralKind {
    /** A character string: {@code CHAR(n)}. */
    STRING('S'),
    /** A number without point or exponent: {@code INTEGER}, {@code BIGINT} or {@code DECIMAL(p, 0)}. */
    INTEGER('I'),
    /** A number with a point and no exponent: {@code DECIMAL(p, s)}. */
    DECIMAL('D'),
    /** A number with an exponent: {@code DOUBLE}. */
    APPROXIMATE('E');

    final char code;

    LiteralKind(char code) {
      this.code = code;
    }
  }

  /** One replaced literal: its kind and value (a string unquoted and unescaped; a number as written, sign included). */
  public record Literal(LiteralKind kind, String value) {}

  /**
   * The outcome for one statement: the mode, the text to prepare (literals replaced by {@code ?}
   * when the mode is {@link Mode#PARAMETERIZE}, else the original) and the replaced literals in
   * order.
   */
  public record Result(Mode mode, String text, List<Literal> literals) {
    /** The kinds of the literals as letters, part of the cache key: {@code x = 1} and {@code x = '1'} are different plans. */
    public String kinds() {
      char[] c = new char[literals.size()];
      for (int i = 0; i < c.length; i++) {
        c[i] = literals.get(i).kind().code;
      }
      return new String(c);
    }
  }

  private static final Set<String> PARAMETERIZED_STATEMENTS =
      Set.of("select", "with", "values", "insert", "update", "delete", "upsert", "merge");
  private static final Set<String> EXACT_STATEMENTS = Set.of("explain", "table");
  /** Words after which a literal is an operand. */
  private static final Set<String> OPERAND_WORDS =
      Set.of("and", "or", "not", "between", "like", "ilike", "in", "when", "then", "else", "limit", "offset");
  /** Operators after which a literal is an operand ({@code <=}, {@code <>}, {@code !=}, {@code ||} end in one of these). */
  private static final String OPERAND_SYMBOLS = "=<>+-*/%|(,";
  /** Words whose parenthesized numbers are part of a type, not values. */
  private static final Set<String> TYPE_WORDS = Set.of("char", "character", "varchar", "varying", "nchar", "nvarchar",
      "binary", "varbinary", "decimal", "dec", "numeric", "number", "float", "real", "double", "precision", "int",
      "integer", "bigint", "smallint", "tinyint", "time", "timestamp", "date", "datetime", "year", "month", "week",
      "day", "hour", "minute", "second", "bit", "text", "string", "bytes", "zone");
  /** Words that start a BY list. */
  private static final Set<String> BY_LIST_WORDS = Set.of("order", "group", "partition", "sort", "cluster", "distribute");
  /** Words that end a BY list at its own depth. */
  private static final Set<String> BY_LIST_ENDS = Set.of("limit", "offset", "fetch", "having", "window", "qualify",
      "union", "intersect", "except", "minus", "for");

  private LiteralExtractor() {}

  /** The plan-cache treatment of {@code sql}. */
  public static Result extract(String sql) {
    List<Token> tokens = SqlLexer.tokens(sql);
    int first = nextSignificant(tokens, -1);
    if (first < 0 || hasParameter(tokens)) {
      return new Result(Mode.NONE, sql, List.of());
    }
    Token head = tokens.get(first);
    boolean parameterize;
    if (head.kind() == Kind.SYMBOL && sql.charAt(head.start()) == '(') {
      parameterize = true;
    } else if (head.kind() == Kind.WORD) {
      String w = lower(sql, head);
      if (PARAMETERIZED_STATEMENTS.contains(w)) {
        parameterize = true;
      } else if (EXACT_STATEMENTS.contains(w)) {
        parameterize = false;
      } else {
        return new Result(Mode.NONE, sql, List.of());
      }
    } else {
      return new Result(Mode.NONE, sql, List.of());
    }
    if (!parameterize) {
      return new Result(Mode.EXACT, sql, List.of());
    }
    return parameterized(sql, tokens);
  }

  private static Result parameterized(String sql, List<Token> tokens) {
    List<Literal> literals = new ArrayList<>();
    StringBuilder out = null;
    int copied = 0;
    // Per open parenthesis: whether it follows a type name.
    boolean[] typeParen = new boolean[16];
    int depth = 0;
    // Depths at which BY lists are open (innermost last).
    int[] byDepths = new int[8];
    int byCount = 0;
    int prev = -1; // the previous significant token
    for (int t = 0; t < tokens.size(); t++) {
      Token tok = tokens.get(t);
      Kind kind = tok.kind();
      if (kind == Kind.SPACE || kind == Kind.COMMENT) {
        continue;
      }
      if (kind == Kind.SYMBOL) {
        char c = sql.charAt(tok.start());
        if (c == '(') {
          if (depth == typeParen.length) {
            typeParen = java.util.Arrays.copyOf(typeParen, depth * 2);
          }
          typeParen[depth++] = prev >= 0 && tokens.get(prev).kind() == Kind.WORD
              && TYPE_WORDS.contains(lower(sql, tokens.get(prev)));
        } else if (c == ')') {
          depth = Math.max(0, depth - 1);
          while (byCount > 0 && byDepths[byCount - 1] > depth) {
            byCount--;
          }
        } else if (c == ';') {
          byCount = 0;
        }
      } else if (kind == Kind.WORD) {
        String w = lower(sql, tok);
        if (w.equals("by") && prev >= 0 && tokens.get(prev).kind() == Kind.WORD
            && BY_LIST_WORDS.contains(lower(sql, tokens.get(prev)))) {
          if (byCount == byDepths.length) {
            byDepths = java.util.Arrays.copyOf(byDepths, byCount * 2);
          }
          byDepths[byCount++] = depth;
        } else if (byCount > 0 && byDepths[byCount - 1] == depth && BY_LIST_ENDS.contains(w)) {
          byCount--;
        }
      } else if ((kind == Kind.STRING || kind == Kind.NUMBER) && byCount == 0
          && !(depth > 0 && typeParen[depth - 1])) {
        int start = tok.start();
        int before = prev;
        boolean negative = false;
        if (kind == Kind.NUMBER && prev == t - 1 && isSymbol(sql, tokens.get(prev), '-')) {
          // A minus glued to the number is its sign when what precedes the minus expects an operand.
          int p = nextSignificantBefore(tokens, prev);
          if (p < 0 || isOperandContext(sql, tokens.get(p))) {
            negative = true;
            start = tokens.get(prev).start();
            before = p;
          }
        }
        Literal lit = literal(sql, tok, negative);
        int next = nextSignificant(tokens, t);
        if (lit != null && before >= 0 && isOperandContext(sql, tokens.get(before)) && !endsOperand(sql, tokens, next)) {
          if (out == null) {
            out = new StringBuilder(sql.length());
          }
          out.append(sql, copied, start).append('?');
          copied = tok.end();
          literals.add(lit);
        }
      }
      prev = t;
    }
    if (out == null) {
      return new Result(Mode.PARAMETERIZE, sql, List.of());
    }
    return new Result(Mode.PARAMETERIZE, out.append(sql, copied, sql.length()).toString(), List.copyOf(literals));
  }

  /** The literal of a string or number token, or null when it is malformed (an unterminated string). */
  private static Literal literal(String sql, Token tok, boolean negative) {
    String text = tok.text(sql);
    if (tok.kind() == Kind.STRING) {
      if (text.length() < 2 || text.charAt(text.length() - 1) != '\'') {
        return null;
      }
      return new Literal(LiteralKind.STRING, text.substring(1, text.length() - 1).replace("''", "'"));
    }
    String value = negative ? "-" + text : text;
    if (text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
      return new Literal(LiteralKind.APPROXIMATE, value);
    }
    return new Literal(text.indexOf('.') >= 0 ? LiteralKind.DECIMAL : LiteralKind.INTEGER, value);
  }

  /** Whether a literal after {@code tok} is an operand of an operator, a function or a list. */
  private static boolean isOperandContext(String sql, Token tok) {
    if (tok.kind() == Kind.SYMBOL) {
      return tok.end() - tok.start() == 1 && OPERAND_SYMBOLS.indexOf(sql.charAt(tok.start())) >= 0;
    }
    return tok.kind() == Kind.WORD && OPERAND_WORDS.contains(lower(sql, tok));
  }

  /** Whether the token after a literal binds to it: {@code ::type}, {@code COLLATE}, a continued string. */
  private static boolean endsOperand(String sql, List<Token> tokens, int next) {
    if (next < 0) {
      return false;
    }
    Token tok = tokens.get(next);
    return switch (tok.kind()) {
      case STRING, PREFIXED_STRING, NUMBER -> true;
      case SYMBOL -> tok.text(sql).equals("::") || sql.charAt(tok.start()) == '.';
      case WORD -> lower(sql, tok).equals("collate") || lower(sql, tok).equals("uescape");
      default -> false;
    };
  }

  private static boolean isSymbol(String sql, Token tok, char c) {
    return tok.kind() == Kind.SYMBOL && tok.end() - tok.start() == 1 && sql.charAt(tok.start()) == c;
  }

  private static boolean hasParameter(List<Token> tokens) {
    for (Token t : tokens) {
      if (t.kind() == Kind.PARAMETER) {
        return true;
      }
    }
    return false;
  }

  private static int nextSignificant(List<Token> tokens, int after) {
    for (int i = after + 1; i < tokens.size(); i++) {
      Kind k = tokens.get(i).kind();
      if (k != Kind.SPACE && k != Kind.COMMENT) {
        return i;
      }
    }
    return -1;
  }

  private static int nextSignificantBefore(List<Token> tokens, int before) {
    for (int i = before - 1; i >= 0; i--) {
      Kind k = tokens.get(i).kind();
      if (k != Kind.SPACE && k != Kind.COMMENT) {
        return i;
      }
    }
    return -1;
  }

  private static String lower(String sql, Token tok) {
    return tok.text(sql).toLowerCase(Locale.ROOT);
  }
}
