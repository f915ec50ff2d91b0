package dev.loyaltykit.core;

/**
 * Something the caller referred to does not exist: a member, a hold, an earlier operation to
 * reverse. {@link #entity()} says what kind of thing, {@link #id()} which one.
 */
public class NotFoundException extends LoyaltyException {
    private static final long serialVersionUID = 1L;

    private final String entity;
    private final String id;

    /**
     * Creates the exception.
     *
     * @param entity the kind of thing, e.g. {@code "member"}
     * @param id the id that was not found (never personal data: identifiers are masked)
     */
    public NotFoundException(String entity, String id) {
        super(entity + " not found: " + id);
        this.entity = entity;
        this.id = id;
    }

    /**
     * Returns the kind of thing that was not found.
     *
     * @return e.g. {@code "member"}, {@code "hold"}, {@code "operation"}
     */
    public String entity() {
        return entity;
    }

    /**
     * Returns the id that was looked up.
     *
     * @return the id, masked where it is personal data
     */
    public String id() {
        return id;
    }
}
