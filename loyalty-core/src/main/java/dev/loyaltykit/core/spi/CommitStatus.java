package dev.loyaltykit.core.spi;

/** The outcome of a {@link LedgerStore#commit(LedgerCommit)} or a member write. */
public enum CommitStatus {
    /** Everything was written. */
    COMMITTED,
    /** Nothing was written: the stored version was not the expected one (someone else committed first). */
    VERSION_CONFLICT
}
