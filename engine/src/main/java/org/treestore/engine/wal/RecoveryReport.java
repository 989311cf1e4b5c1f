package org.treestore.engine.wal;

/** What recovery found in the log when the database was opened. */
public final class RecoveryReport {
  private final long framesReplayed;
  private final long commitsReplayed;
  private final long bytesDiscarded;
  private final String reason;

  RecoveryReport(long framesReplayed, long commitsReplayed, long bytesDiscarded, String reason) {
    this.framesReplayed = framesReplayed;
    this.commitsReplayed = commitsReplayed;
    this.bytesDiscarded = bytesDiscarded;
    this.reason = reason;
  }

  /** Committed frames found in the log (and copied to the main file). */
  public long framesReplayed() {
    return framesReplayed;
  }

  /** Commits those frames belong to. */
  public long commitsReplayed() {
    return commitsReplayed;
  }

  /** Bytes after the last valid commit that were ignored (a torn tail, or uncommitted frames). */
  public long bytesDiscarded() {
    return bytesDiscarded;
  }

  /** Why replay stopped where it did. */
  public String reason() {
    return reason;
  }

  @Override
  public String toString() {
    return "replayed " + framesReplayed + " frames of " + commitsReplayed + " commits, discarded "
        + bytesDiscarded + " bytes (" + reason + ")";
  }
}
