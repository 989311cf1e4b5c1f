package org.treestore.engine;

/**
 * When a commit is forced to disk, and so what a crash can lose.
 *
 * <table>
 *   <caption>Durability modes</caption>
 *   <tr><th>mode</th><th>commit returns</th><th>process crash</th><th>power loss / OS crash</th></tr>
 *   <tr><td>{@link #FULL}</td><td>after the WAL is forced (shared with concurrent committers)</td>
 *       <td>loses nothing committed</td><td>loses nothing committed</td></tr>
 *   <tr><td>{@link #NORMAL}</td><td>after the WAL write, before any force; the WAL is forced at
 *       checkpoints and on close</td><td>loses nothing committed</td><td>may lose the commits
 *       since the last checkpoint; the database stays consistent</td></tr>
 *   <tr><td>{@link #OFF}</td><td>after the WAL write; nothing is ever forced</td><td>loses nothing
 *       committed</td><td>may lose recent commits and may leave the file damaged: for bulk loads
 *       that can be redone</td></tr>
 * </table>
 */
public enum Durability {
  /** Every commit is on disk when commit returns. The default. */
  FULL,
  /** Commits are forced at checkpoints: a power loss may lose recent commits, never consistency. */
  NORMAL,
  /** Nothing is forced: fastest, for bulk loads that can be repeated. */
  OFF
}
