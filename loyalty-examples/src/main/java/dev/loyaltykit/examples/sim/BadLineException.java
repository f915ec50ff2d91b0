package dev.loyaltykit.examples.sim;

/**
 * A line of an events file that cannot be replayed, with its line number and what was wrong.
 */
public final class BadLineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The 1-based line number. */
    private final long line;

    /**
     * A bad line.
     *
     * @param line the 1-based line number
     * @param problem what was wrong
     */
    public BadLineException(long line, String problem) {
        super("line " + line + ": " + problem);
        this.line = line;
    }

    /**
     * The 1-based line number.
     *
     * @return the line
     */
    public long line() {
        return line;
    }
}
